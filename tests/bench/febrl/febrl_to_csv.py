#!/usr/bin/env python3
"""Convert a Febrl person-record file to the hub's canonical import CSV.

Usage:
  febrl_to_csv.py INPUT.csv OUT.csv [--truth TRUTH.csv --source NAME]

Febrl files have a header row and fields separated by ", " (comma plus a
space), so they are read with skipinitialspace.  Mapping (DESIGN.md section 8):

  source_record_id  rec_id
  name              given_name + " " + surname (either may be empty)
  national_id       soc_sec_id
  birth_date        YYYY-MM-DD when date_of_birth is 8 digits, else raw value
  address           street_number + " " + address_1 [+ ", " + address_2]
  city / region     suburb / state
  postal_code       postcode
  country           "AU"

Nothing else is kept.  With --truth, also writes source,source_record_id,entity
where entity is the <N> of rec-<N>-org / rec-<N>-dup-<k> (or, for the dsgen
files whose rec_id is a plain integer, rec_id div 10).
"""

import argparse
import csv
import re
import sys

OUT_COLUMNS = [
    "source_record_id", "kind", "name", "national_id", "birth_date",
    "address", "city", "region", "postal_code", "country",
]

REC_ID = re.compile(r"^rec-(\d+)-(?:org|dup-\d+)$")


def join_nonempty(sep, *parts):
    return sep.join(p for p in parts if p)


def iso_date(raw):
    if len(raw) == 8 and raw.isdigit():
        return "%s-%s-%s" % (raw[0:4], raw[4:6], raw[6:8])
    return raw


def entity_of(rec_id):
    m = REC_ID.match(rec_id)
    if m:
        return m.group(1)
    if rec_id.isdigit():  # dsgen series: entity = rec_id div 10
        return str(int(rec_id) // 10)
    raise ValueError("cannot derive entity from rec_id %r" % rec_id)


def main(argv):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("input")
    ap.add_argument("output")
    ap.add_argument("--truth", help="also write a truth file here")
    ap.add_argument("--source", help="source name used in the truth file")
    args = ap.parse_args(argv)
    if args.truth and not args.source:
        ap.error("--truth needs --source")

    with open(args.input, newline="", encoding="utf-8") as f:
        reader = csv.DictReader(f, skipinitialspace=True)
        rows = []
        for row in reader:
            row = {k.strip(): (v or "").strip() for k, v in row.items()
                   if k is not None}
            rows.append(row)

    with open(args.output, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(OUT_COLUMNS)
        for r in rows:
            street = join_nonempty(" ", r.get("street_number", ""),
                                   r.get("address_1", ""))
            address = join_nonempty(", ", street, r.get("address_2", ""))
            w.writerow([
                r["rec_id"],
                "person",
                join_nonempty(" ", r.get("given_name", ""),
                              r.get("surname", "")),
                r.get("soc_sec_id", ""),
                iso_date(r.get("date_of_birth", "")),
                address,
                r.get("suburb", ""),
                r.get("state", ""),
                r.get("postcode", ""),
                "AU",
            ])

    if args.truth:
        with open(args.truth, "w", newline="", encoding="utf-8") as f:
            w = csv.writer(f, lineterminator="\n")
            w.writerow(["source", "source_record_id", "entity"])
            for r in rows:
                w.writerow([args.source, r["rec_id"], entity_of(r["rec_id"])])

    print("%s: %d records -> %s" % (args.input, len(rows), args.output),
          file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
