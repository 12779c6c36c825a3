#!/usr/bin/env python3
"""Pairwise precision / recall / F1 of the hub's entity resolution.

Usage:
  xref_f1.py --truth T1.csv [T2.csv ...] XREF.csv [--min-f1 X]

XREF.csv is `mdmctl export xref` output: source,source_record_id,golden_id.
Truth files have the header source,source_record_id,entity.

All unordered record pairs count.  A predicted pair is two records with the
same golden id, a true pair two records with the same truth entity.  Pair
counts come from cluster sizes (n*(n-1)/2), so the run is linear in the number
of records.  Records in the truth but missing from the xref count as
singletons (they lower recall); xref records not in the truth are ignored.
"""

import argparse
import collections
import csv
import sys


def pairs(n):
    return n * (n - 1) // 2


def read_rows(path, value_column):
    with open(path, newline="", encoding="utf-8") as f:
        reader = csv.DictReader(f)
        need = {"source", "source_record_id", value_column}
        missing = need - set(reader.fieldnames or [])
        if missing:
            sys.exit("%s: missing column(s) %s" % (path, ", ".join(sorted(missing))))
        for row in reader:
            yield (row["source"], row["source_record_id"]), row[value_column]


def main(argv):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--truth", nargs="+", action="extend", required=True,
                    metavar="TRUTH.csv")
    ap.add_argument("xref", metavar="XREF.csv", nargs="?")
    ap.add_argument("--min-f1", type=float, default=None,
                    help="exit 1 when F1 is below this value")
    args = ap.parse_args(argv)
    # `--truth T1 T2 XREF`: argparse hands every file to --truth; the last one
    # is the xref.
    if args.xref is None:
        if len(args.truth) < 2:
            ap.error("need at least one truth file and the xref file")
        args.xref = args.truth.pop()

    truth = {}
    for path in args.truth:
        for key, entity in read_rows(path, "entity"):
            if key in truth:
                sys.exit("%s: duplicate record %s/%s" % (path, key[0], key[1]))
            # Entities are scoped per truth file only by their value: the same
            # entity number in two files (e.g. febrl_a and febrl_b) is the same
            # person, which is what linkage truth needs.
            truth[key] = entity

    golden = {}
    extra = 0
    for key, gid in read_rows(args.xref, "golden_id"):
        if key not in truth:
            extra += 1
            continue
        golden[key] = gid

    truth_sizes = collections.Counter()
    pred_sizes = collections.Counter()
    both_sizes = collections.Counter()
    missing = 0
    for key, entity in truth.items():
        gid = golden.get(key)
        if gid is None:
            missing += 1
            gid = ("\0missing",) + key  # unique singleton
        truth_sizes[entity] += 1
        pred_sizes[gid] += 1
        both_sizes[(gid, entity)] += 1

    true_pairs = sum(pairs(n) for n in truth_sizes.values())
    pred_pairs = sum(pairs(n) for n in pred_sizes.values())
    tp = sum(pairs(n) for n in both_sizes.values())
    fp = pred_pairs - tp
    fn = true_pairs - tp
    precision = tp / pred_pairs if pred_pairs else 1.0
    recall = tp / true_pairs if true_pairs else 1.0
    f1 = (2 * precision * recall / (precision + recall)
          if precision + recall else 0.0)

    note = ""
    if missing:
        note += "; %d missing from xref (counted as singletons)" % missing
    if extra:
        note += "; %d xref rows not in truth (ignored)" % extra
    print("pairwise precision %.4f recall %.4f f1 %.4f "
          "(tp %d fp %d fn %d; records %d%s)"
          % (precision, recall, f1, tp, fp, fn, len(truth), note))

    if args.min_f1 is not None and f1 < args.min_f1:
        print("FAIL: f1 %.4f < required %.4f" % (f1, args.min_f1),
              file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
