#!/usr/bin/python3
"""Service desk: "who is calling?" for a phone number.

A small example of another service using the hub through stubs generated
from our protos at build time (clients/examples/CMakeLists.txt). It asks
Insight.GetCustomerProfile by phone and prints what an agent needs at once:
who it is, their status, segments and credit, the last purchases and the
latest contacts.

    service_desk.py --hub 127.0.0.1:50051 --stubs BUILD/clients/examples/py PHONE

Exit codes: 0 found, 3 unknown caller, 1 any other error.
"""
import argparse
import sys


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--hub", default="127.0.0.1:50051")
    parser.add_argument("--stubs", required=True,
                        help="directory of the generated Python stubs")
    parser.add_argument("--timeout", type=float, default=5.0)
    parser.add_argument("phone")
    args = parser.parse_args()

    sys.path.insert(0, args.stubs)
    import grpc
    from mdm.v1 import insight_pb2, insight_pb2_grpc

    with grpc.insecure_channel(args.hub) as channel:
        stub = insight_pb2_grpc.InsightStub(channel)
        try:
            profile = stub.GetCustomerProfile(
                insight_pb2.GetCustomerProfileRequest(phone=args.phone),
                timeout=args.timeout)
        except grpc.RpcError as e:
            if e.code() == grpc.StatusCode.NOT_FOUND:
                print(f"unknown caller {args.phone}")
                return 3
            print(f"hub error: {e.code().name}: {e.details()}", file=sys.stderr)
            return 1

    g = profile.golden
    name = g.full_name.value if g.HasField("full_name") else "(no name)"
    flags = {f.name: f.value for f in profile.flags
             if f.origin == insight_pb2.CustomerFlag.COMPUTED}
    # A steward's word overrides the computed flag of the same name.
    flags.update({f.name: f.value for f in profile.flags
                  if f.origin == insight_pb2.CustomerFlag.STEWARD})
    print(f"caller: {name} ({g.golden_id})")
    print(f"status: {flags.get('customer_status', '?')}"
          f"  segments: {', '.join(profile.segments)}"
          f"  credit: {profile.credit.level}")
    if flags.get("blacklist") == "true":
        print("WARNING: blacklisted")
    if flags.get("dissatisfied") == "true":
        print("note: dissatisfied customer, recent complaints")
    t = profile.transactions
    print(f"purchases: {t.purchases_in_window} in {t.window_days} days,"
          f" {t.monetary:.2f} {'/'.join(t.currencies)}")
    for f in profile.recent_interactions[:3]:
        i = f.interaction
        when = f.occurred_at.ToDatetime().strftime("%Y-%m-%d")
        print(f"  {when} {i.channel}: {i.topic} -> {i.outcome}"
              f"{' (complaint)' if i.complaint else ''}")
    if profile.other_matches:
        print(f"also matching: {', '.join(profile.other_matches)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
