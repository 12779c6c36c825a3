#!/usr/bin/env python3
"""Convert the Splink and Senzing benchmark files to the hub's canonical
import CSV (DESIGN.md section 8) plus a truth CSV
`source,source_record_id,entity`.

Usage:
  to_canonical.py KIND INPUT OUT_DIR

KIND is one of:
  fake_1000    Splink fake_1000.csv: unique_id, first_name, surname, dob,
               city, email, cluster
  historical   Splink historical_figures_with_errors_50k.csv.gz: unique_id,
               cluster, first_name, surname, dob, birth_place,
               postcode_fake, gender, occupation
  senzing      Senzing truth-set demo directory (customers, watchlist,
               reference + actual_truthset_key.csv); one source per
               DATA_SOURCE

Writes OUT_DIR/<source>.csv for each source and OUT_DIR/truth.csv, and
prints the FILE:SOURCE arguments for mdm-bench-accuracy on stdout.
Nothing is tuned per data set: fields are mapped to the columns they mean.
"""

import csv
import gzip
import os
import re
import sys

COLUMNS = ["source_record_id", "kind", "name", "national_id", "birth_date",
           "gender", "phones", "emails", "address", "city", "region",
           "postal_code", "country"]


def open_text(path):
    if path.endswith(".gz"):
        return gzip.open(path, "rt", encoding="utf-8", newline="")
    return open(path, encoding="utf-8", newline="")


def join(*parts):
    return " ".join(p for p in parts if p)


def gender(g):
    g = (g or "").strip().lower()
    return {"male": "M", "m": "M", "female": "F", "f": "F"}.get(g, "")


def us_date(raw):
    """M/D/YYYY (Senzing's form) to ISO; anything else is passed through."""
    m = re.match(r"^(\d{1,2})/(\d{1,2})/(\d{4})$", raw or "")
    if not m:
        return raw or ""
    return "%s-%02d-%02d" % (m.group(3), int(m.group(1)), int(m.group(2)))


def us_phone(raw):
    digits = re.sub(r"\D", "", raw or "")
    return "+1 " + digits if len(digits) == 10 else (raw or "")


def fake_1000(path):
    with open_text(path) as f:
        for r in csv.DictReader(f):
            yield "fake", r["cluster"], {
                "source_record_id": r["unique_id"],
                "name": join(r["first_name"], r["surname"]),
                "birth_date": r["dob"],
                "emails": r["email"],
                "city": r["city"],
            }


def historical(path):
    with open_text(path) as f:
        for r in csv.DictReader(f):
            yield "hist", r["cluster"], {
                "source_record_id": r["unique_id"],
                "name": join(r["first_name"], r["surname"]),
                "birth_date": r["dob"],
                "gender": gender(r["gender"]),
                "city": r["birth_place"],
                "postal_code": r["postcode_fake"],
            }


def senzing(directory):
    truth = {}
    with open(os.path.join(directory, "actual_truthset_key.csv"),
              encoding="utf-8", newline="") as f:
        for r in csv.DictReader(f):
            truth[(r["DATA_SOURCE"], r["RECORD_ID"])] = r["CLUSTER_ID"]
    for name in ("customers.csv", "watchlist.csv", "reference.csv"):
        with open(os.path.join(directory, name), encoding="utf-8",
                  newline="") as f:
            for r in csv.DictReader(f):
                key = (r["DATA_SOURCE"], r["RECORD_ID"])
                if key not in truth:
                    continue
                org = r.get("PRIMARY_NAME_ORG", "")
                person = join(r.get("PRIMARY_NAME_FIRST", ""),
                              r.get("PRIMARY_NAME_MIDDLE", ""),
                              r.get("PRIMARY_NAME_LAST", ""))
                name = (r.get("PRIMARY_NAME_FULL") or org or person or
                        r.get("NATIVE_NAME_FULL", ""))
                ids = [r.get(c, "") for c in ("PASSPORT_NUMBER", "SSN_NUMBER",
                                              "NATIONAL_ID_NUMBER",
                                              "DRIVERS_LICENSE_NUMBER")]
                yield r["DATA_SOURCE"].lower(), truth[key], {
                    "source_record_id": r["RECORD_ID"],
                    "kind": ("organization"
                             if r.get("RECORD_TYPE") == "ORGANIZATION" or
                             (org and not person) else "person"),
                    "name": name,
                    "national_id": next((i for i in ids if i), ""),
                    "birth_date": us_date(r.get("DATE_OF_BIRTH", "")),
                    "gender": gender(r.get("GENDER")),
                    "phones": us_phone(r.get("PHONE_NUMBER", "")),
                    "emails": r.get("EMAIL_ADDRESS", ""),
                    "address": r.get("ADDR_FULL") or r.get("ADDR_LINE1", ""),
                    "city": r.get("ADDR_CITY", ""),
                    "region": r.get("ADDR_STATE", ""),
                    "postal_code": r.get("ADDR_POSTAL_CODE", ""),
                    "country": r.get("ADDR_COUNTRY", "") or "US",
                }


def main(argv):
    if len(argv) != 4:
        sys.exit(__doc__)
    kind, src, out_dir = argv[1:]
    rows = {"fake_1000": fake_1000, "historical": historical,
            "senzing": senzing}[kind](src)
    os.makedirs(out_dir, exist_ok=True)
    writers, files = {}, []
    with open(os.path.join(out_dir, "truth.csv"), "w", encoding="utf-8",
              newline="") as tf:
        truth = csv.writer(tf)
        truth.writerow(["source", "source_record_id", "entity"])
        for source, entity, row in rows:
            if source not in writers:
                f = open(os.path.join(out_dir, source + ".csv"), "w",
                         encoding="utf-8", newline="")
                files.append(f)
                w = csv.DictWriter(f, fieldnames=COLUMNS)
                w.writeheader()
                writers[source] = w
            writers[source].writerow(row)
            truth.writerow([source, row["source_record_id"], entity])
    for f in files:
        f.close()
    print(" ".join("%s:%s" % (os.path.join(out_dir, s + ".csv"), s)
                   for s in writers))


if __name__ == "__main__":
    main(sys.argv)
