#!/usr/bin/python3
"""Renders every kustomize overlay under k8s/ offline and checks the objects.

Usage: check_manifests.py K8S_DIR MDM_HUB_BINARY

For each overlay (k8s/overlays/NAME) it runs `kubectl kustomize`, parses every
object with PyYAML and checks what the kubelet and the hub need:
  - every Deployment/StatefulSet container has an image, resources.requests
    and resources.limits, and any probe it has uses a numeric port;
  - the hub container has gRPC readiness (service mdm.v1.CustomerHub) and
    liveness probes on a numeric port (TCP probes when it serves TLS: the
    kubelet's gRPC probe cannot speak it), drops all capabilities and runs as
    non-root; it serves metrics on a containerPort named `metrics` that
    --metrics_listen binds and the pod's prometheus.io/scrape and
    prometheus.io/port annotations name; its args, with $(VAR) expanded from the rendered ConfigMaps,
    pass only flags that `mdm-hub --helpfull` lists, carry no password and
    no secret-backed variable; terminationGracePeriodSeconds exceeds
    --shutdown_grace_seconds;
  - dev: 1 hub replica, SQLite store on a PersistentVolumeClaim;
  - prod: 3 hub replicas, an HPA and a PDB for the hub, a headless Service
    selecting the hubs, NetworkPolicies (clients reach the hubs on 50051,
    Prometheus on the metrics port, MariaDB 3306 from the hubs only),
    MDM_MYSQL_PASSWORD from a Secret, the Galera StatefulSet (3 replicas,
    headless Service `mariadb`, volumeClaimTemplates, wsrep settings), and
    one Deployment per connector (its binary, its JSON config from a
    ConfigMap pointing at the hub Service, source passwords from a Secret).
Then it runs `yamllint -d relaxed` on K8S_DIR (scripts/setup installs it).
Prints one summary line per overlay; exits 1 with every failure listed.
"""

import json
import os
import re
import shutil
import subprocess
import sys

try:
    import yaml
except ImportError:
    sys.exit("check_manifests: PyYAML missing: run scripts/setup (Debian "
             "python3-yaml) and run this with /usr/bin/python3")

HUB = "mdm-hub"
HUB_HEALTH_SERVICE = "mdm.v1.CustomerHub"
GRPC_PORT = 50051
METRICS_PORT = 9464
WORKLOADS = ("Deployment", "StatefulSet")


class Checker:
    def __init__(self, overlay):
        self.overlay = overlay
        self.errors = []

    def expect(self, cond, where, msg):
        if not cond:
            self.errors.append(f"{self.overlay}: {where}: {msg}")
        return bool(cond)


def accepted_flags(binary):
    """The flag names mdm-hub accepts, from its --helpfull (which exits 1)."""
    out = subprocess.run([binary, "--helpfull"], capture_output=True,
                         text=True, timeout=30)
    flags = set(re.findall(r"^\s+--([A-Za-z0-9_]+) \(", out.stdout, re.M))
    if "listen" not in flags or "store" not in flags:
        sys.exit(f"check_manifests: cannot read the flags of {binary} from "
                 f"--helpfull (exit {out.returncode}): {out.stderr[:300]}")
    # Abseil's usage flags are accepted even though --helpfull omits them.
    return flags | {"help", "helpfull", "helpshort", "helppackage",
                    "version", "only_check_args"}


def render(k8s_dir, overlay):
    path = os.path.join(k8s_dir, "overlays", overlay)
    out = subprocess.run(["kubectl", "kustomize", path], capture_output=True,
                         text=True, timeout=120)
    if out.returncode != 0:
        return None, f"kubectl kustomize {path} failed: {out.stderr.strip()}"
    objs = [o for o in yaml.safe_load_all(out.stdout) if o]
    return objs, None


def by_kind(objs, kind):
    return [o for o in objs if o.get("kind") == kind]


def name_of(o):
    return o.get("metadata", {}).get("name", "?")


def selects(selector, labels):
    return bool(selector) and all(labels.get(k) == v
                                  for k, v in selector.items())


def pod_labels(workload):
    return workload["spec"]["template"].get("metadata", {}).get("labels", {})


def probe_port(probe):
    for handler in ("grpc", "tcpSocket", "httpGet"):
        if handler in probe:
            return handler, probe[handler].get("port")
    return ("exec", None) if "exec" in probe else (None, None)


def check_container(c, where, chk):
    chk.expect(c.get("image"), where, "no image")
    res = c.get("resources", {})
    for part in ("requests", "limits"):
        r = res.get(part) or {}
        chk.expect("cpu" in r and "memory" in r, where,
                   f"resources.{part} lacks cpu or memory: {r}")
    for kind in ("startupProbe", "readinessProbe", "livenessProbe"):
        if kind in c:
            handler, port = probe_port(c[kind])
            chk.expect(handler, where, f"{kind} has no handler")
            if handler != "exec":
                chk.expect(isinstance(port, int) and not isinstance(port, bool),
                           where, f"{kind}.{handler}.port must be numeric, "
                           f"got {port!r}")
    sc = c.get("securityContext", {})
    chk.expect(sc.get("allowPrivilegeEscalation") is False, where,
               "securityContext.allowPrivilegeEscalation is not false")
    chk.expect("ALL" in sc.get("capabilities", {}).get("drop", []), where,
               "securityContext does not drop ALL capabilities")


def check_pod_security(w, where, chk):
    psc = w["spec"]["template"]["spec"].get("securityContext", {})
    chk.expect(psc.get("runAsNonRoot") is True, where, "runAsNonRoot not set")
    chk.expect(psc.get("seccompProfile", {}).get("type") == "RuntimeDefault",
               where, "seccompProfile is not RuntimeDefault")


def env_sources(container, objs):
    """VAR -> (value or None, from_secret) for the container's env."""
    cms = {name_of(o): o.get("data", {}) for o in by_kind(objs, "ConfigMap")}
    env = {}
    for e in container.get("env", []):
        src = e.get("valueFrom", {})
        if "value" in e:
            env[e["name"]] = (str(e["value"]), False)
        elif "configMapKeyRef" in src:
            ref = src["configMapKeyRef"]
            env[e["name"]] = (cms.get(ref["name"], {}).get(ref["key"]), False)
        elif "secretKeyRef" in src:
            env[e["name"]] = (None, True)
        else:
            env[e["name"]] = (None, False)
    return env


def expand(arg, env, where, chk):
    """Kubernetes $(VAR) expansion; $$ escapes. Unknown vars stay as is."""
    def sub(m):
        if m.group(0) == "$$":
            return "$"
        var = m.group(1)
        if var not in env:
            return m.group(0)
        value, secret = env[var]
        chk.expect(not secret, where,
                   f"arg {arg!r} puts secret-backed ${var} on the command line")
        chk.expect(secret or value is not None, where,
                   f"arg {arg!r}: ${var} has no value in the rendered "
                   "ConfigMaps")
        return value or ""
    return re.sub(r"\$\$|\$\(([A-Za-z_][A-Za-z0-9_]*)\)", sub, arg)


def hub_flags(c, objs, flags, where, chk):
    """Checks the hub's args; returns {flag: value} after expansion."""
    env = env_sources(c, objs)
    args = [expand(a, env, where, chk) for a in c.get("command", [])[1:]
            + c.get("args", [])]
    values = {}
    i = 0
    while i < len(args):
        a = args[i]
        i += 1
        low = a.lower()
        chk.expect("password" not in low and "passwd" not in low, where,
                   f"arg {a!r} mentions a password")
        chk.expect(not re.search(r"mysql://[^/@]*:[^/@]*@", a), where,
                   f"arg {a!r} has a password in the store URL")
        if not a.startswith("-"):
            continue
        name, eq, value = a.lstrip("-").partition("=")
        chk.expect(name in flags, where,
                   f"flag --{name} is not one mdm-hub accepts "
                   f"(accepted: {', '.join(sorted(flags))})")
        if not eq and i < len(args) and not args[i].startswith("-"):
            value = args[i]
            i += 1
        values[name] = value
    return values


def hub_workload(objs, chk):
    hubs = [o for o in by_kind(objs, "Deployment") if name_of(o) == HUB]
    if not chk.expect(len(hubs) == 1, "Deployment/mdm-hub",
                      f"expected one, found {len(hubs)}"):
        return None, None
    hub = hubs[0]
    cs = [c for c in hub["spec"]["template"]["spec"]["containers"]
          if c.get("name") == HUB]
    if not chk.expect(cs, "Deployment/mdm-hub", "no container named mdm-hub"):
        return hub, None
    return hub, cs[0]


def check_common(objs, flags, chk):
    for w in [o for o in objs if o.get("kind") in WORKLOADS]:
        wname = f"{w['kind']}/{name_of(w)}"
        check_pod_security(w, wname, chk)
        spec = w["spec"]["template"]["spec"]
        for c in spec.get("initContainers", []) + spec["containers"]:
            check_container(c, f"{wname}/{c.get('name')}", chk)

    hub, c = hub_workload(objs, chk)
    if c is None:
        return hub, {}
    where = "Deployment/mdm-hub/mdm-hub"
    chk.expect(any(p.get("containerPort") == GRPC_PORT and p.get("name") ==
                   "grpc" for p in c.get("ports", [])), where,
               f"no containerPort {GRPC_PORT} named grpc")
    values = hub_flags(c, objs, flags, where, chk)
    # The kubelet's gRPC probe speaks plaintext only: a TLS hub gets TCP
    # probes on the same port.
    probe = "tcpSocket" if values.get("tls_cert") else "grpc"
    for kind in ("readinessProbe", "livenessProbe"):
        handler = c.get(kind, {}).get(probe)
        if chk.expect(handler, where, f"{kind} is not a {probe} probe"):
            chk.expect(handler.get("port") == GRPC_PORT, where,
                       f"{kind}.{probe}.port is {handler.get('port')!r}, "
                       f"not {GRPC_PORT}")
    if probe == "grpc":
        ready = c.get("readinessProbe", {}).get("grpc", {})
        chk.expect(ready.get("service") == HUB_HEALTH_SERVICE, where,
                   f"readinessProbe.grpc.service is "
                   f"{ready.get('service')!r}, not {HUB_HEALTH_SERVICE}")
    chk.expect(c.get("securityContext", {}).get("readOnlyRootFilesystem")
               is True, where, "readOnlyRootFilesystem is not true")

    chk.expect(any(p.get("containerPort") == METRICS_PORT and p.get("name")
                   == "metrics" for p in c.get("ports", [])), where,
               f"no containerPort {METRICS_PORT} named metrics")
    notes = hub["spec"]["template"].get("metadata", {}).get("annotations", {})
    chk.expect(notes.get("prometheus.io/scrape") == "true" and
               notes.get("prometheus.io/port") == str(METRICS_PORT),
               "Deployment/mdm-hub", "pod template lacks prometheus.io/scrape "
               f"\"true\" and prometheus.io/port \"{METRICS_PORT}\": {notes}")

    chk.expect(values.get("listen", "").endswith(f":{GRPC_PORT}"), where,
               f"--listen is {values.get('listen')!r}, not on {GRPC_PORT}")
    chk.expect(values.get("metrics_listen", "").endswith(f":{METRICS_PORT}"),
               where, f"--metrics_listen is {values.get('metrics_listen')!r}, "
               f"not on {METRICS_PORT}")
    grace = values.get("shutdown_grace_seconds")
    tgps = hub["spec"]["template"]["spec"].get("terminationGracePeriodSeconds",
                                               30)
    if chk.expect(grace and grace.isdigit(), where,
                  f"--shutdown_grace_seconds is {grace!r}, not a number"):
        chk.expect(tgps > int(grace), where,
                   f"terminationGracePeriodSeconds {tgps} is not larger than "
                   f"--shutdown_grace_seconds {grace}")
    return hub, values


def check_dev(objs, hub, values, chk):
    if hub is None:
        return "no hub"
    replicas = hub["spec"].get("replicas", 1)
    chk.expect(replicas == 1, "Deployment/mdm-hub",
               f"dev wants 1 replica, has {replicas}")
    store = values.get("store", "")
    chk.expect(store.startswith("sqlite:/var/lib/mdm/"), "Deployment/mdm-hub",
               f"dev store is {store!r}, not sqlite under /var/lib/mdm")
    pvcs = {name_of(o) for o in by_kind(objs, "PersistentVolumeClaim")}
    chk.expect(pvcs, "PersistentVolumeClaim", "dev has none")
    vols = {v["name"]: v for v in hub["spec"]["template"]["spec"]["volumes"]}
    claim = vols.get("data", {}).get("persistentVolumeClaim", {})
    chk.expect(claim.get("claimName") in pvcs, "Deployment/mdm-hub",
               f"volume data is not one of the PVCs {sorted(pvcs)}: "
               f"{vols.get('data')}")
    chk.expect(len(vols.get("data", {})) == 2, "Deployment/mdm-hub",
               f"volume data has more than one source: {vols.get('data')}")
    return f"{replicas} hub replica, store {store} on PVC {claim.get('claimName')}"


def check_prod(objs, hub, values, chk):
    if hub is None:
        return "no hub"
    hub_labels = pod_labels(hub)
    replicas = hub["spec"].get("replicas")
    chk.expect(replicas == 3, "Deployment/mdm-hub",
               f"prod wants 3 replicas, has {replicas}")
    store = values.get("store", "")
    chk.expect(store.startswith("mysql://"), "Deployment/mdm-hub",
               f"prod store is {store!r}, not mysql://")
    c = next(c for c in hub["spec"]["template"]["spec"]["containers"]
             if c["name"] == HUB)
    pw = [e for e in c.get("env", []) if e["name"] == "MDM_MYSQL_PASSWORD"]
    secrets = {name_of(o) for o in by_kind(objs, "Secret")}
    ref = pw[0].get("valueFrom", {}).get("secretKeyRef", {}) if pw else {}
    chk.expect(ref.get("name") in secrets, "Deployment/mdm-hub",
               f"MDM_MYSQL_PASSWORD is not a secretKeyRef to a rendered "
               f"Secret {sorted(secrets)}: {pw}")

    hpas = [o for o in by_kind(objs, "HorizontalPodAutoscaler")
            if o.get("apiVersion") == "autoscaling/v2"
            and o["spec"]["scaleTargetRef"].get("name") == HUB]
    chk.expect(hpas, "HorizontalPodAutoscaler", "no autoscaling/v2 HPA for "
               "Deployment/mdm-hub")
    for h in hpas:
        chk.expect(any(m.get("resource", {}).get("name") == "cpu"
                       for m in h["spec"].get("metrics", [])),
                   f"HorizontalPodAutoscaler/{name_of(h)}", "no CPU metric")
    pdbs = [o for o in by_kind(objs, "PodDisruptionBudget")
            if selects(o["spec"]["selector"].get("matchLabels"), hub_labels)]
    chk.expect(pdbs, "PodDisruptionBudget", "none selects the hub pods")
    services = by_kind(objs, "Service")
    headless = [s for s in services if s["spec"].get("clusterIP") == "None"
                and selects(s["spec"].get("selector"), hub_labels)]
    chk.expect(headless, "Service", "no headless Service selects the hub pods")
    for s in headless:
        chk.expect(any(p.get("port") == GRPC_PORT
                       for p in s["spec"].get("ports", [])),
                   f"Service/{name_of(s)}", f"no port {GRPC_PORT}")

    # The Galera StatefulSet and its headless Service.
    dbs = [o for o in by_kind(objs, "StatefulSet") if name_of(o) == "mariadb"]
    if chk.expect(dbs, "StatefulSet/mariadb", "missing"):
        db = dbs[0]
        where = "StatefulSet/mariadb"
        chk.expect(db["spec"].get("replicas") == 3, where,
                   f"wants 3 replicas, has {db['spec'].get('replicas')}")
        chk.expect(db["spec"].get("volumeClaimTemplates"), where,
                   "no volumeClaimTemplates")
        images = [c.get("image", "") for c in
                  db["spec"]["template"]["spec"]["containers"]]
        chk.expect(any(i.startswith("mariadb:10.11") for i in images), where,
                   f"no mariadb:10.11 container: {images}")
        svc = [s for s in services if name_of(s) == db["spec"].get(
            "serviceName")]
        chk.expect(svc and svc[0]["spec"].get("clusterIP") == "None"
                   and selects(svc[0]["spec"].get("selector"), pod_labels(db)),
                   where, f"serviceName {db['spec'].get('serviceName')!r} is "
                   "not a headless Service selecting its pods")
        cnf = "\n".join(v for o in by_kind(objs, "ConfigMap")
                        for v in o.get("data", {}).values())
        for setting in (r"wsrep_on\s*=\s*ON",
                        r"wsrep_provider\s*=\s*/usr/lib/galera/libgalera_smm\.so",
                        r"wsrep_cluster_address\s*=\s*gcomm://mariadb-0\.mariadb,"
                        r"mariadb-1\.mariadb,mariadb-2\.mariadb",
                        r"binlog_format\s*=\s*ROW",
                        r"innodb_autoinc_lock_mode\s*=\s*2"):
            chk.expect(re.search(setting, cnf), "ConfigMap",
                       f"no Galera setting matching {setting}")
        for c in db["spec"]["template"]["spec"]["containers"]:
            chk.expect("readinessProbe" in c, f"{where}/{c['name']}",
                       "no readinessProbe")

        # NetworkPolicy: MariaDB's 3306 only from the hub pods.
        db_labels = pod_labels(db)
        pols = [p for p in by_kind(objs, "NetworkPolicy")
                if selects(p["spec"]["podSelector"].get("matchLabels"),
                           db_labels)]
        if chk.expect(pols, "NetworkPolicy", "none selects the MariaDB pods"):
            for p in pols:
                for rule in p["spec"].get("ingress", []):
                    ports = {q.get("port") for q in rule.get("ports", [])}
                    if 3306 in ports or not ports:
                        peers = rule.get("from", [])
                        chk.expect(peers and all(
                            selects(f.get("podSelector", {}).get("matchLabels"),
                                    hub_labels) and "ipBlock" not in f
                            for f in peers),
                            f"NetworkPolicy/{name_of(p)}",
                            f"3306 is open to more than the hub pods: {rule}")
    hub_pols = [p for p in by_kind(objs, "NetworkPolicy")
                if selects(p["spec"]["podSelector"].get("matchLabels"),
                           hub_labels)]
    hub_ports = {q.get("port") for p in hub_pols
                 for r in p["spec"].get("ingress", [])
                 for q in r.get("ports", [])}
    chk.expect(GRPC_PORT in hub_ports, "NetworkPolicy",
               f"none lets clients reach the hub on {GRPC_PORT}")
    chk.expect(METRICS_PORT in hub_ports, "NetworkPolicy",
               f"none lets Prometheus scrape the hub on {METRICS_PORT}")
    return (f"{replicas} hub replicas, store {store}, HPA, PDB, headless "
            f"Service, {len(by_kind(objs, 'NetworkPolicy'))} NetworkPolicies, "
            f"Galera StatefulSet x{dbs[0]['spec'].get('replicas') if dbs else 0}")


CONNECTORS = ("erp", "finance", "callcenter")
CONNECTOR_KEYS = ("connector_id", "source", "type", "hub", "dead_letter",
                  "settings")


def check_connectors(objs, chk):
    """prod: one Deployment per connector binary, its JSON config from a
    ConfigMap (the keys connectors/sdk reads, the hub's Service as hub), and
    a source password only through an env var backed by a Secret."""
    deployments = {name_of(d): d for d in by_kind(objs, "Deployment")}
    config_maps = {name_of(m): m for m in by_kind(objs, "ConfigMap")}
    for name in CONNECTORS:
        dname = f"mdm-connector-{name}"
        where = f"Deployment/{dname}"
        d = deployments.get(dname)
        if not chk.expect(d, where, "missing"):
            continue
        chk.expect(d["spec"].get("replicas") == 1, where,
                   "a connector runs as exactly one pod")
        spec = d["spec"]["template"]["spec"]
        c = spec["containers"][0]
        chk.expect(c.get("command") == [f"/usr/local/bin/{dname}"], where,
                   f"command is {c.get('command')!r}, not the {dname} binary")
        args = c.get("args", [])
        path = args[args.index("--config") + 1] if "--config" in args else ""
        mounts = {m["mountPath"]: m["name"] for m in c.get("volumeMounts", [])}
        volumes = {v["name"]: v for v in spec.get("volumes", [])}
        config = None
        mount_dir, _, file_name = path.rpartition("/")
        volume = volumes.get(mounts.get(mount_dir, ""), {})
        cm = config_maps.get(volume.get("configMap", {}).get("name", ""))
        if chk.expect(cm and file_name in cm.get("data", {}), where,
                      f"--config {path!r} is not a file of a ConfigMap"):
            try:
                config = json.loads(cm["data"][file_name])
            except ValueError as e:
                chk.expect(False, where, f"{file_name} is not JSON: {e}")
        if not config:
            continue
        missing = [k for k in CONNECTOR_KEYS if k not in config]
        chk.expect(not missing, where, f"config lacks {missing}")
        chk.expect(config.get("type") == name, where,
                   f"config type {config.get('type')!r}")
        chk.expect(config.get("hub") == f"{HUB}:{GRPC_PORT}", where,
                   f"config hub {config.get('hub')!r} is not the hub Service")
        settings = config.get("settings", {})
        chk.expect("password" not in settings, where,
                   "a password in the config file")
        var = settings.get("password_env")
        if var:
            env = {e["name"]: e for e in c.get("env", [])}
            chk.expect(env.get(var, {}).get("valueFrom", {})
                       .get("secretKeyRef"), where,
                       f"${var} is not taken from a Secret")
    return len([n for n in CONNECTORS
                if f"mdm-connector-{n}" in deployments])


def check_prod_with_connectors(objs, hub, values, chk):
    summary = check_prod(objs, hub, values, chk)
    return f"{summary}, {check_connectors(objs, chk)} connector Deployments"


OVERLAYS = {"dev": check_dev, "prod": check_prod_with_connectors}


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__.split("\n\n")[1])
    k8s_dir, binary = sys.argv[1], sys.argv[2]
    if not shutil.which("kubectl"):
        sys.exit("check_manifests: kubectl not found on PATH")
    flags = accepted_flags(binary)
    found = sorted(os.listdir(os.path.join(k8s_dir, "overlays")))
    errors = []
    if found != sorted(OVERLAYS):
        errors.append(f"overlays present {found}, checked {sorted(OVERLAYS)}: "
                      "add a check for each new overlay")
    for overlay, check in OVERLAYS.items():
        chk = Checker(overlay)
        objs, err = render(k8s_dir, overlay)
        if err:
            errors.append(f"{overlay}: {err}")
            continue
        hub, values = check_common(objs, flags, chk)
        summary = check(objs, hub, values, chk)
        errors += chk.errors
        print(f"{overlay}: {len(objs)} objects, {summary}: "
              f"{'FAIL' if chk.errors else 'ok'}")

    if shutil.which("yamllint"):
        out = subprocess.run(["yamllint", "-f", "parsable", "-d", "relaxed",
                              k8s_dir], capture_output=True, text=True)
        if out.returncode != 0:
            errors.append(f"yamllint -d relaxed {k8s_dir}:\n{out.stdout}"
                          f"{out.stderr}")
        else:
            print("yamllint -d relaxed: ok")
    else:
        errors.append("yamllint is not installed: run scripts/setup")

    for e in errors:
        print(f"FAIL {e}", file=sys.stderr)
    sys.exit(1 if errors else 0)


if __name__ == "__main__":
    main()
