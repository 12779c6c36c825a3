#!/usr/bin/env python3
"""Build and check the identifiers used in the bundled sample data.

  make_ids.py resident REGION6 YYYYMMDD SEQ3     -> 18-character resident id
  make_ids.py legacy15 ID15                       -> its 18-character form
  make_ids.py uscc AUTH CAT REGION6 ORG8          -> unified social credit code
  make_ids.py check [FILE.csv ...]                -> validate the sample files

Resident id (GB 11643): region(6) + birth date(8) + sequence(3, 3rd digit odd
for men, even for women) + ISO 7064 MOD 11-2 check character.
Unified social credit code (GB 32100): registration authority(1) +
category(1) + region(6) + organization code(9, GB 11714 check digit last) +
mod-31 check character.

`check` verifies every national_id in the sample CSVs: the check character,
that the embedded birth date equals the birth_date column (when that column
parses), and that the sex digit agrees with the gender column.  Organization
ids must be credit codes; person ids that are not resident ids (passports)
are counted, not failed.
"""

import csv
import datetime
import os
import sys

RID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
RID_CHECK = "10X98765432"
USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]
ORG_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2]


def rid_check(body17):
    return RID_CHECK[sum(int(c) * w for c, w in zip(body17, RID_WEIGHTS)) % 11]


def resident(region6, yyyymmdd, seq3):
    body = region6 + yyyymmdd + seq3
    assert len(body) == 17 and body.isdigit(), body
    datetime.date(int(yyyymmdd[:4]), int(yyyymmdd[4:6]), int(yyyymmdd[6:]))
    return body + rid_check(body)


def legacy15_to_18(id15):
    assert len(id15) == 15 and id15.isdigit(), id15
    body = id15[:6] + "19" + id15[6:]
    return body + rid_check(body)


def org_code_check(org8):
    # GB 11714: characters are digits or letters (A=10 ... Z=35).
    total = sum(int(c, 36) * w for c, w in zip(org8, ORG_WEIGHTS))
    c = 11 - total % 11
    return "X" if c == 10 else "0" if c == 11 else str(c)


def uscc_check(body17):
    total = sum(USCC_ALPHABET.index(c) * w for c, w in zip(body17, USCC_WEIGHTS))
    return USCC_ALPHABET[(31 - total % 31) % 31]


def uscc(auth, cat, region6, org8):
    body = auth + cat + region6 + org8 + org_code_check(org8)
    assert len(body) == 17, body
    return body + uscc_check(body)


def check_value(nid, birth, gender, kind="person"):
    """Returns (id kind, error or None).

    An all-digit credit code looks like a resident id, so the record's kind
    decides which of the two an 18-character value is."""
    if kind == "organization":
        if len(nid) != 18 or any(c not in USCC_ALPHABET for c in nid):
            return "uscc", "not an 18-character credit code"
        if uscc_check(nid[:17]) != nid[17]:
            return "uscc", "bad check character"
        if org_code_check(nid[8:16]) != nid[16]:
            return "uscc", "bad organization code check digit"
        return "uscc", None
    if len(nid) == 18 and nid[:17].isdigit():
        if rid_check(nid[:17]) != nid[17]:
            return "resident", "bad check character"
        born = "%s-%s-%s" % (nid[6:10], nid[10:12], nid[12:14])
    elif len(nid) == 15 and nid.isdigit():
        born = "19%s-%s-%s" % (nid[6:8], nid[8:10], nid[10:12])
    else:
        return "other", None
    try:
        datetime.date.fromisoformat(born)
    except ValueError:
        return "resident", "embedded birth date %s invalid" % born
    try:
        datetime.date.fromisoformat(birth)
        if birth != born:
            return "resident", "birth_date %s != embedded %s" % (birth, born)
    except ValueError:
        pass  # unparseable birth_date column: the hub warns, nothing to compare
    sex_digit = int(nid[16] if len(nid) == 18 else nid[14])
    if gender and gender != ("M" if sex_digit % 2 else "F"):
        return "resident", "gender %s disagrees with sex digit" % gender
    return "resident", None


def check(paths):
    if not paths:
        here = os.path.dirname(os.path.abspath(__file__))
        paths = [os.path.join(here, f)
                 for f in ("erp.csv", "finance.csv", "callcenter.csv")]
    failures = 0
    counts = {}
    for path in paths:
        with open(path, newline="", encoding="utf-8") as f:
            for row in csv.DictReader(f):
                nid = row.get("national_id", "")
                if not nid:
                    continue
                kind, err = check_value(nid, row.get("birth_date", ""),
                                        row.get("gender", ""),
                                        row.get("kind") or "person")
                counts[kind] = counts.get(kind, 0) + 1
                if err:
                    failures += 1
                    print("%s %s: %s: %s" % (os.path.basename(path),
                                             row["source_record_id"], nid, err))
    print("checked: %s; %d failure(s)" % (
        ", ".join("%d %s" % (n, k) for k, n in sorted(counts.items())),
        failures))
    return 1 if failures else 0


def main(argv):
    if not argv:
        print(__doc__)
        return 2
    cmd, args = argv[0], argv[1:]
    if cmd == "resident":
        print(resident(*args))
    elif cmd == "legacy15":
        print(legacy15_to_18(*args))
    elif cmd == "uscc":
        print(uscc(*args))
    elif cmd == "check":
        return check(args)
    else:
        print(__doc__)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
