#!/usr/bin/env python3
"""An external orchestration policy for B5GEmu, answering over ZeroMQ.

Binds a REP socket on the endpoint given as argument, e.g.

    python3 threshold_policy.py tcp://127.0.0.1:5599

and answers every request (one JSON object per ZeroMQ message, see README.md) with a response
object holding actions. The rule: a vDU or vCU above 80 % utilisation or with late slots gets one
more core if its server has a free one; one below 30 % gives one back (never under one core).

`decide` is a pure function of the request, so it can be tested without ZeroMQ.
"""
import json
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


def serve(endpoint):
    import zmq  # only needed to serve

    context = zmq.Context()
    socket = context.socket(zmq.REP)
    socket.bind(endpoint)
    # One line once bound, so whoever starts the policy knows it can be reached.
    print("listening " + endpoint, flush=True)
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


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.stderr.write("usage: threshold_policy.py ENDPOINT   (e.g. tcp://127.0.0.1:5599)\n")
        sys.exit(2)
    serve(sys.argv[1])
