#!/usr/bin/python3
"""Checks that the prod overlay runs the hub with TLS from Kubernetes Secrets.

Usage: check_tls.py K8S_DIR

Renders k8s/overlays/prod (kubectl kustomize, as check_manifests.py does) and
checks, with PyYAML:
  - the hub passes --tls_cert, --tls_key, --tls_client_ca and --auth_config,
    and not --insecure;
  - each of those files lies in a read-only mount of a Secret volume: the
    certificate and key as tls.crt and tls.key of Secret mdm-hub-tls (the
    keys of a kubernetes.io/tls Secret), the client CA as its ca.crt;
  - every connector passes --ca, --cert and --key from a Secret mount of its
    own (mdm-connector-NAME-tls).
Prints one line; exits 1 with every failure listed.
"""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from check_manifests import (CONNECTORS, HUB, Checker, by_kind,  # noqa: E402
                             name_of, render)

HUB_SECRET = "mdm-hub-tls"
HUB_FILES = {"tls_cert": "tls.crt", "tls_key": "tls.key",
             "tls_client_ca": "ca.crt"}


def flag_values(args):
    """{flag: value} of --flag=value and --flag value arguments."""
    values = {}
    for i, a in enumerate(args):
        if not a.startswith("--"):
            continue
        name, eq, value = a[2:].partition("=")
        if not eq and i + 1 < len(args) and not args[i + 1].startswith("--"):
            value = args[i + 1]
        values[name] = value
    return values


def secret_of(path, container, pod_spec):
    """(secretName, file name) when `path` is a file in a read-only mount of
    a Secret volume, else (None, None)."""
    directory, _, file_name = path.rpartition("/")
    volumes = {v["name"]: v for v in pod_spec.get("volumes", [])}
    for m in container.get("volumeMounts", []):
        if m["mountPath"].rstrip("/") == directory and m.get("readOnly"):
            secret = volumes.get(m["name"], {}).get("secret", {})
            return secret.get("secretName"), file_name
    return None, None


def check_workload(d, container_name, wanted, chk):
    """wanted: {flag: (secretName, file name or None)}."""
    where = f"Deployment/{name_of(d)}"
    spec = d["spec"]["template"]["spec"]
    cs = [c for c in spec["containers"] if c["name"] == container_name]
    if not chk.expect(cs, where, f"no container {container_name}"):
        return {}
    values = flag_values(cs[0].get("args", []))
    for flag, (secret, file_name) in wanted.items():
        path = values.get(flag)
        if not chk.expect(path, where, f"--{flag} is not passed"):
            continue
        got_secret, got_file = secret_of(path, cs[0], spec)
        chk.expect(got_secret == secret, where,
                   f"--{flag} {path} is not in a read-only mount of Secret "
                   f"{secret} (found {got_secret})")
        chk.expect(file_name is None or got_file == file_name, where,
                   f"--{flag} {path} is not the Secret's {file_name}")
    return values


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__.split("\n\n")[1])
    objs, err = render(sys.argv[1], "prod")
    if err:
        sys.exit(f"FAIL prod: {err}")
    chk = Checker("prod")
    deployments = {name_of(d): d for d in by_kind(objs, "Deployment")}
    hub = deployments.get(HUB)
    if chk.expect(hub, f"Deployment/{HUB}", "missing"):
        wanted = {f: (HUB_SECRET, n) for f, n in HUB_FILES.items()}
        wanted["auth_config"] = ("mdm-hub-auth", None)
        values = check_workload(hub, HUB, wanted, chk)
        chk.expect("insecure" not in values, f"Deployment/{HUB}",
                   "still passes --insecure")
    for n in CONNECTORS:
        d = deployments.get(f"mdm-connector-{n}")
        if chk.expect(d, f"Deployment/mdm-connector-{n}", "missing"):
            secret = f"mdm-connector-{n}-tls"
            check_workload(d, "connector",
                           {"ca": (secret, "ca.crt"),
                            "cert": (secret, "tls.crt"),
                            "key": (secret, "tls.key")}, chk)
    for e in chk.errors:
        print(f"FAIL {e}", file=sys.stderr)
    print(f"prod: hub TLS from Secret {HUB_SECRET}, tokens from mdm-hub-auth, "
          f"{len(CONNECTORS)} connectors with client certificates: "
          f"{'FAIL' if chk.errors else 'ok'}")
    sys.exit(1 if chk.errors else 0)


if __name__ == "__main__":
    main()
