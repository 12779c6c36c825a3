#!/usr/bin/python3
"""Turns the bundled sample exports (tests/data/sample/*.csv, canonical import
CSV) back into the source systems the connectors read, for scripts/demo:

  OUT/erp.sql          INSERTs for connectors/erp/schema.sql
  OUT/finance.sql      INSERTs for connectors/finance/schema.sql
  OUT/callcenter/interactions-YYYYMMDD.jsonl   one call per call-center record

Each system keeps what it has columns for: ERP two phones and one e-mail,
finance one of each, the call center the caller's name, first phone and
e-mail. Usage: sample_sources.py SAMPLE_DIR OUT_DIR
"""
import csv
import datetime
import json
import os
import sys


def rows(path):
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def sql(value):
    if value is None or value == "":
        return "NULL"
    return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'"


def utc(text):
    t = datetime.datetime.fromisoformat(text)
    return t.astimezone(datetime.timezone.utc)


def split(value):
    return [v for v in (value or "").split(";") if v]


def insert(table, columns, values):
    return "INSERT INTO %s (%s) VALUES\n%s;\n" % (
        table, ", ".join(columns),
        ",\n".join("(" + ", ".join(v) + ")" for v in values))


def erp(sample):
    out = []
    for i, r in enumerate(rows(os.path.join(sample, "erp.csv")), 1):
        phones, emails = split(r["phones"]), split(r["emails"])
        out.append([str(i), sql(r["source_record_id"]),
                    "'company'" if r["kind"] == "organization" else "'person'",
                    sql(r["name"]), sql(r["national_id"]), sql(r["birth_date"]),
                    sql(r["gender"]), sql(phones[0] if phones else ""),
                    sql(phones[1] if len(phones) > 1 else ""),
                    sql(emails[0] if emails else ""), sql(r["address"]),
                    sql(r["city"]), sql(r["region"]), sql(r["postal_code"]),
                    sql(r["country"]), sql(r.get("attr.customer_tier", "")),
                    sql(utc(r["updated_at"]).strftime("%Y-%m-%d %H:%M:%S"))])
    return insert("customers", [
        "id", "customer_code", "kind", "name", "national_id", "birth_date",
        "gender", "phone", "mobile", "email", "address", "city", "region",
        "postal_code", "country", "tier", "updated_at"], out)


def finance(sample):
    customers, credit = [], []
    for i, r in enumerate(rows(os.path.join(sample, "finance.csv")), 1):
        org = r["kind"] == "organization"
        phones, emails = split(r["phones"]), split(r["emails"])
        when = sql(utc(r["updated_at"]).strftime("%Y-%m-%d %H:%M:%S"))
        customers.append([
            str(i), sql(r["source_record_id"]),
            "'company'" if org else "'person'", sql(r["name"]),
            sql(r["national_id"] if org else ""),
            sql("" if org else r["national_id"]), sql(r["birth_date"]),
            sql(r["gender"]), sql(phones[0] if phones else ""),
            sql(emails[0] if emails else ""), sql(r["address"]),
            sql(r["city"]), sql(r["region"]), sql(r["postal_code"]),
            sql(r["country"]), sql(r.get("attr.income_band", "")), when])
        if r.get("attr.credit_rating"):
            credit.append([str(i), "500000.00", "'CNY'",
                           sql(r["attr.credit_rating"]), when])
    text = insert("fin_customers", [
        "id", "account_no", "kind", "name", "credit_code", "resident_id",
        "birth_date", "gender", "phone", "email", "billing_address", "city",
        "region", "postal_code", "country", "income_band", "updated_at"],
        customers)
    if credit:
        text += insert("credit_lines", [
            "id", "credit_limit", "currency", "rating", "updated_at"], credit)
    return text


def callcenter(sample, out_dir):
    files = {}
    for i, r in enumerate(rows(os.path.join(sample, "callcenter.csv")), 1):
        when = utc(r["updated_at"])
        phones, emails = split(r["phones"]), split(r["emails"])
        line = {"call_id": "CALL-%05d" % i,
                "time": when.strftime("%Y-%m-%dT%H:%M:%SZ"),
                "customer_id": r["source_record_id"],
                "caller_name": r["name"],
                "caller_phone": phones[0] if phones else "",
                "topic": "enquiry", "complaint": False,
                "outcome": "resolved"}
        if r["kind"] == "organization":
            line["caller_kind"] = "organization"
        if emails:
            line["caller_email"] = emails[0]
        name = "interactions-%s.jsonl" % when.strftime("%Y%m%d")
        files.setdefault(name, []).append(json.dumps(line, ensure_ascii=False))
    os.makedirs(out_dir, exist_ok=True)
    for name, lines in files.items():
        with open(os.path.join(out_dir, name), "w", encoding="utf-8") as f:
            f.write("\n".join(lines) + "\n")


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    sample, out = sys.argv[1], sys.argv[2]
    os.makedirs(out, exist_ok=True)
    with open(os.path.join(out, "erp.sql"), "w", encoding="utf-8") as f:
        f.write(erp(sample))
    with open(os.path.join(out, "finance.sql"), "w", encoding="utf-8") as f:
        f.write(finance(sample))
    callcenter(sample, os.path.join(out, "callcenter"))


if __name__ == "__main__":
    main()
