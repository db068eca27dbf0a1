#!/usr/bin/env python3
"""An external orchestration policy for B5GEmu, answering over ZeroMQ.

Binds a REP socket on the endpoint given as argument, e.g.

    python3 threshold_policy.py tcp://127.0.0.1:5599

With a CURVE secret key file it serves CurveZMQ, and only an orchestrator given the matching
public key (the scenario's `orchestrator.externalServerKey`) can reach it:

    python3 threshold_policy.py --make-keys keys/          # keys/policy.key (0600), keys/policy.pub
    python3 threshold_policy.py tcp://0.0.0.0:5599 --curve-secret-key keys/policy.key

and answers every request (one JSON object per ZeroMQ message, see README.md) with a response
object holding actions. The rule: a vDU or vCU above 80 % utilisation or with late slots gets one
more core if its server has a free one; one below 30 % gives one back (never under one core).

`decide` is a pure function of the request, so it can be tested without ZeroMQ.
"""
import json
import os
import sys

PROTOCOL = "b5g-policy"
VERSION = 1
UPPER = 0.8
LOWER = 0.3


def decide(request):
    """Returns the response object for a request object."""
    if request.get("protocol") != PROTOCOL or request.get("version") != VERSION:
        return {"version": VERSION, "actions": [],
                "error": "expected protocol %s version %d" % (PROTOCOL, VERSION)}
    snapshot, model = request["snapshot"], request["model"]
    apply_at = snapshot["slot"] + 1
    free = {s["id"]: s["freeCores"] for s in model["servers"]}
    actions = []
    # (KPI list, KPI id key, model list, action type, action key, noun)
    for kpis, kpi_id, units, kind, key, noun in (
            (snapshot["vdus"], "vduID", model["vdus"], "setCores", "vdu", "vDU"),
            (snapshot.get("vcus", []), "vcuID", model.get("vcus", []), "setVCUCores", "vcu", "vCU")):
        by_id = {u["id"]: u for u in units}
        for kpi in sorted(kpis, key=lambda k: k[kpi_id]):
            unit = by_id.get(kpi[kpi_id])
            if unit is None or unit.get("migratingTo"):
                continue
            util, cores = kpi["utilisation"], unit["cores"]
            if (util > UPPER or kpi["lateSlots"] > 0) and free.get(unit["server"], 0) >= 1:
                free[unit["server"]] -= 1
                actions.append({"action": {"type": kind, key: unit["id"], "cores": cores + 1},
                                "applyAtSlot": apply_at,
                                "reason": "external: %s utilisation %.0f %% > %.0f %%" % (noun, util * 100, UPPER * 100)})
            elif util < LOWER and cores > 1:
                actions.append({"action": {"type": kind, key: unit["id"], "cores": cores - 1},
                                "applyAtSlot": apply_at,
                                "reason": "external: %s utilisation %.0f %% < %.0f %%" % (noun, util * 100, LOWER * 100)})
    return {"version": VERSION, "actions": actions}


def refusals(request):
    """Lines describing the actions of earlier answers that were not carried out (`refused`)."""
    lines = []
    for r in request.get("refused", []):
        where = "actions[%d]" % r["index"] if r.get("index") is not None else "an action"
        lines.append("refused: period %d %s by %s: %s (%s)"
                     % (r["period"], where, r["refusedBy"], r["reason"], r["action"]))
    return lines


def encode(obj):
    """Compact, sorted-key UTF-8 JSON, as the orchestrator writes."""
    return json.dumps(obj, sort_keys=True, separators=(",", ":")).encode("utf-8")


def read_key(path):
    """The Z85 key of a key file (40 characters, surrounding whitespace ignored)."""
    with open(path, "r", encoding="ascii") as f:
        key = f.read().strip()
    if len(key) != 40:
        raise ValueError("%s is not a 40-character Z85 key" % path)
    return key.encode("ascii")


def make_keys(folder):
    """Writes a CURVE key pair: FOLDER/policy.key (secret, mode 0600) and FOLDER/policy.pub."""
    import zmq

    public, secret = zmq.curve_keypair()
    os.makedirs(folder, mode=0o700, exist_ok=True)
    secret_path, public_path = os.path.join(folder, "policy.key"), os.path.join(folder, "policy.pub")
    fd = os.open(secret_path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as f:
        f.write(secret.decode("ascii") + "\n")
    with open(public_path, "w") as f:
        f.write(public.decode("ascii") + "\n")
    print("secret key %s, public key %s (orchestrator.externalServerKey)" % (secret_path, public_path))


def serve(endpoint, secret_key_file=None):
    import zmq  # only needed to serve

    context = zmq.Context()
    socket = context.socket(zmq.REP)
    if secret_key_file:
        # A CURVE server: an orchestrator must know our public key to complete the handshake.
        socket.curve_secretkey = read_key(secret_key_file)
        socket.curve_server = True
    socket.bind(endpoint)
    # One line once bound, so whoever starts the policy knows it can be reached.
    print("listening " + endpoint + (" (CURVE)" if secret_key_file else ""), flush=True)
    try:
        while True:
            message = socket.recv()
            try:
                request = json.loads(message.decode("utf-8"))
                # The orchestrator says which earlier actions it or a node refused, and why.
                for line in refusals(request):
                    print(line, file=sys.stderr, flush=True)
                response = decide(request)
            except (ValueError, KeyError, TypeError) as error:
                response = {"version": VERSION, "actions": [], "error": "bad request: %r" % (error,)}
            socket.send(encode(response))
    except KeyboardInterrupt:
        pass
    finally:
        socket.close(linger=0)
        context.term()


USAGE = """usage: threshold_policy.py ENDPOINT [--curve-secret-key FILE]   (e.g. tcp://127.0.0.1:5599)
       threshold_policy.py --make-keys FOLDER
"""

if __name__ == "__main__":
    args = sys.argv[1:]
    if len(args) == 2 and args[0] == "--make-keys":
        make_keys(args[1])
    elif len(args) == 1 and not args[0].startswith("--"):
        serve(args[0])
    elif len(args) == 3 and args[1] == "--curve-secret-key":
        serve(args[0], args[2])
    else:
        sys.stderr.write(USAGE)
        sys.exit(2)
