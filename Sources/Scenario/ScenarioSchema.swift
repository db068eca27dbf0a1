// The scenario file format, one table per object type. The validator, the defaults and the
// field reference in docs/scenarios.md all come from these tables: to add a section, add its
// model struct (Model.swift), its table here, and a field for it in `root`.
// Defaults must equal the model initialisers' defaults; ScenarioLoaderTests checks that.

enum ScenarioSchema {
    static let root = ObjectSchema(
        name: "scenario",
        doc: "The top level of a scenario file.",
        fields: [
            FieldSpec("name", .string(.identifier), .required, "Run name, used in the run folder name."),
            FieldSpec("description", .string(.anyText), .defaults("\"\""), "Free text shown in reports."),
            FieldSpec("duration", .duration(.above(0, atMost: 24 * 3_600e6), storedIn: .milliseconds), .required,
                      model: "durationMs", "Emulated time to run."),
            FieldSpec("warmup", .duration(.closed(0...12 * 3_600e6), storedIn: .milliseconds), .defaults("0s"),
                      model: "warmupMs", "Time at the start left out of throughput, loss and fairness (attach, ramp-up); summary.json states the measurement window."),
            FieldSpec("seed", .integer(0...Int.max), .defaults("1"),
                      "Seed of every random stream; same seed, same results."),
            FieldSpec("clock", .enumeration(ClockMode.allCases.map(\.rawValue)), .defaults("virtual"),
                      "`virtual`: lock-step, deterministic, as fast as possible; `realtime`: paced by the wall clock."),
            FieldSpec("numerology", .integer(0...3), .defaults("1"),
                      "mu of the slot grid: SCS = 15 * 2^mu kHz, slot = 1/2^mu ms (TS 38.211 clause 4.2)."),
            FieldSpec("transport", .object(transport), .defaults("{}"), "How nodes reach each other."),
            FieldSpec("capture", .object(capture), .defaults("{}"), "Packet capture of the open interfaces."),
            FieldSpec("output", .object(output), .defaults("{}"), "Result files of the run folder that can be left out."),
            FieldSpec("metrics", .object(metrics), .optional,
                      "Live Prometheus metrics from the launcher while the run goes on (`b5g run --metrics-port` sets or overrides the port)."),
            FieldSpec("links", .object(links), .defaults("{}"), "One-way delay of each interface."),
            FieldSpec("vendors", .list(of: .object(vendor), count: 1...Int.max, uniqueKey: "name"), .required,
                      "Vendor profiles: capabilities exchanged in the setup procedures."),
            FieldSpec("nodes", .list(of: .object(node), count: 1...Int.max, uniqueKey: "name"), .required,
                      "Every process of the emulated network."),
            FieldSpec("cells", .list(of: .object(cell), count: 1...Int.max, uniqueKey: "name"), .required,
                      "Terrestrial cells, each run by a du through one ru."),
            FieldSpec("ueGroups", .list(of: .object(ueGroup), count: 1...Int.max, uniqueKey: "name"), .required,
                      "UE populations and their traffic."),
            FieldSpec("ntn", .object(ntn), .optional,
                      "Non-terrestrial platforms (HAPS, LEO/MEO/GEO, Walker, TLE), space weather and satellite backhaul."),
            FieldSpec("slices", .list(of: .object(slice), count: 0...Int.max, uniqueKey: "name"), .defaults("[]"),
                      "Network slices; with any, every cell schedules slice-aware (quotas, priority, latency targets)."),
            FieldSpec("orchestrator", .object(orchestrator), .optional,
                      "The orchestrator's policy, period and targets; needs a node with role: orchestrator."),
            FieldSpec("servers", .list(of: .object(server), count: 0...Int.max, uniqueKey: "name"), .defaults("[]"),
                      "O-Cloud servers hosting the vDUs and vCUs (`nodes[].server`)."),
            FieldSpec("faults", .list(of: .object(fault), count: 0...10_000), .defaults("[]"),
                      "Link impairments at emulated times: a share of the units dropped or corrupted, extra delay and jitter, on both directions of a link."),
        ],
        rules: TopologyRules.all)

    static let fault = ObjectSchema(
        name: "fault", doc: "A fault (`faults[]`), from `at` for `duration`, on a link or a node. A link impairment: every unit either way on `link` (not the setup or end-of-window messages) is dropped with probability `drop`, else delayed by `delay` plus up to `jitter`, and its payload corrupted with probability `corrupt` (the receiver counts it malformed). A frozen `node` runs none of its slots: it sends nothing and what reaches it waits until it thaws. A restarted `node` (`action: restart`, a du or an ru) is killed at `at`: its state is gone, what is sent to it meanwhile is lost, and after `duration` a new one starts and sets up again (a du: F1 and fronthaul; an ru: fronthaul, which its du starts again, and the air), and the UEs of its cells, having lost them, attach again. Draws come from the run's seed: the same seed impairs the same units.",
        fields: [
            FieldSpec("at", .duration(.closed(0...24 * 3_600e6), storedIn: .milliseconds), .required, model: "atMs",
                      "Emulated time the fault starts."),
            FieldSpec("duration", .duration(.above(0, atMost: 24 * 3_600e6), storedIn: .milliseconds), .required, model: "durationMs",
                      "How long it lasts."),
            FieldSpec("link", .list(of: .reference(Reference(collection: "nodes", noun: "node")), count: 2...2), .optional,
                      "The two nodes of an impaired link, e.g. [du1, ru1]."),
            FieldSpec("node", .reference(Reference(collection: "nodes", noun: "node")), .optional,
                      "A node to freeze or restart (instead of `link`)."),
            FieldSpec("action", .enumeration(LinkFault.NodeAction.allCases.map(\.rawValue)), .defaults("freeze"),
                      "What a node fault does: `freeze` (keeps its state) or `restart` (kill, then a new node after `duration`)."),
            FieldSpec("drop", .number(.closed(0...100)), .defaults("0"), "Percent of a link's units dropped."),
            FieldSpec("corrupt", .number(.closed(0...100)), .defaults("0"), "Percent of a link's units whose payload is corrupted."),
            FieldSpec("delay", .duration(.closed(0...1_000_000), storedIn: .milliseconds), .defaults("0s"), model: "delayMs",
                      "Extra one-way delay on the link, rounded up to whole slots."),
            FieldSpec("jitter", .duration(.closed(0...1_000_000), storedIn: .milliseconds), .defaults("0s"), model: "jitterMs",
                      "Extra delay drawn uniformly from 0 to this, per unit, in whole slots."),
        ],
        rules: [
            ObjectRule(doc: "A fault names a `link` or a `node`, not both; a link fault impairs something (`drop`, `corrupt`, `delay` or `jitter` above 0), a node fault nothing else.") { fault in
                let impairs = ["drop", "corrupt", "delayMs", "jitterMs"].contains { (fault[$0]?.number ?? 0) > 0 }
                switch (fault["link"] != nil, fault["node"] != nil) {
                case (true, true):
                    return [RuleViolation(path: "node", message: "a fault is on a link or a node, not both", allowed: "link or node")]
                case (false, false):
                    return [RuleViolation(path: "at", message: "the fault names no link and no node", allowed: "link: [a, b] or node: name")]
                case (true, false):
                    if fault["action"]?.string == "restart" {
                        return [RuleViolation(path: "action", message: "a link is not restarted", allowed: "action on a node fault")]
                    }
                    return impairs ? [] : [RuleViolation(path: "drop", message: "the fault impairs nothing", allowed: "drop, corrupt, delay or jitter above 0")]
                case (false, true):
                    return impairs ? [RuleViolation(path: "node", message: "a frozen node takes no drop, corrupt, delay or jitter", allowed: "those on a link fault")] : []
                }
            },
        ])

    static let orchestrator = ObjectSchema(
        name: "orchestrator", doc: "The orchestrator (`orchestrator`): what it decides with, how often, and towards which targets.",
        fields: [
            FieldSpec("policy", .enumeration(OrchestratorPolicyName.allCases.map(\.rawValue)), .defaults("static"),
                      "`static` (never acts), `threshold`, `latency-power` or `external` (see docs/orchestrator.md)."),
            FieldSpec("period", .duration(.closed(1_000...60_000_000), storedIn: .milliseconds), .defaults("100ms"),
                      model: "periodMs", "KPM reporting and decision period."),
            FieldSpec("externalEndpoint", .string(.endpoint), .requiredWhen(Condition(key: "policy", values: ["external"])),
                      "REP endpoint of an external policy (`tcp://HOST:PORT`); required with `policy: external`."),
            FieldSpec("externalTimeout", .duration(.closed(1_000...60_000_000), storedIn: .milliseconds), .defaults("1s"),
                      model: "externalTimeoutMs", "How long to wait for the external policy; no answer: no action that period."),
            FieldSpec("externalTimeoutLimit", .integer(1...1_000), .defaults("3"),
                      onlyWhen: Condition(key: "policy", values: ["external"]),
                      "Consecutive periods without a usable answer (none in time, or a malformed response) after which the run fails (exit 1, naming the policy and why), or `externalFallback` takes over."),
            FieldSpec("externalFallback", .enumeration(OrchestratorPolicyName.builtIn.map(\.rawValue)), .optional,
                      onlyWhen: Condition(key: "policy", values: ["external"]),
                      "Built-in policy that takes over when the external policy has given no usable answer `externalTimeoutLimit` times in a row; the run goes on and says so (console, summary.json, actions.csv)."),
            FieldSpec("externalServerKey", .string(.anyText), .optional,
                      onlyWhen: Condition(key: "policy", values: ["external"]),
                      "File holding the external policy's CURVE public key (40 Z85 characters, relative to the scenario file): the orchestrator then connects as a CURVE client with a fresh key pair, and only a policy serving with the matching secret key gets its requests. Checked at validation. Without it the link is plain ZeroMQ, and a tcp endpoint on a host that is not loopback warns."),
            FieldSpec("coreAccounting", .enumeration(CoreAccountingName.allCases.map(\.rawValue)), .defaults("pinnedPolling"),
                      "Server power from the vDUs: `pinnedPolling` (allocated cores always busy, as polling vRAN stacks run) or `workOnly`."),
            FieldSpec("targets", .object(orchestratorTargets), .defaults("{}"),
                      "Run-wide targets; slice latency targets are `slices[].latencyTargetMs`."),
        ])

    static let orchestratorTargets = ObjectSchema(
        name: "orchestratorTargets", doc: "Targets of the orchestrator (`orchestrator.targets`).",
        fields: [
            FieldSpec("powerBudgetW", .number(.above(0, atMost: 10_000_000)), .optional, "Ceiling on the power of RUs, servers, fronthaul links and NTN payloads, W."),
            FieldSpec("energySavingPercent", .number(.closed(0...100)), .optional,
                      "Energy saving wanted against the static baseline, percent."),
            FieldSpec("throughputFloorMbps", .number(.closed(0...1_000_000)), .optional,
                      "Throughput floor of every slice (DL + UL over all cells), Mbit/s."),
        ])

    static let server = ObjectSchema(
        name: "server", doc: "An O-Cloud server (`servers[]`) that hosts vDUs and vCUs.",
        fields: [
            FieldSpec("name", .string(.identifier), .required, "Server name, referenced by `nodes[].server`."),
            FieldSpec("cores", .integer(1...1024), .defaults("32"), "CPU cores."),
            FieldSpec("idleW", .number(.closed(0...100_000)), .defaults("120"), "Power when on and idle, W."),
            FieldSpec("fullLoadW", .number(.closed(0...100_000)), .defaults("400"), "Power with every core busy, W."),
            FieldSpec("frequencyScale", .number(.closed(0.5...1)), .defaults("1"),
                      "Clock relative to nominal (DVFS): processing on the server takes 1/f as long, and its load-dependent power scales with f^3."),
        ],
        rules: [
            ObjectRule(doc: "`idleW` is at most `fullLoadW`.") { server in
                guard let idle = server["idleW"]?.number, let full = server["fullLoadW"]?.number, idle > full else { return [] }
                return [RuleViolation(path: "idleW", message: "\(NumberText.format(idle)) is more than fullLoadW \(NumberText.format(full))",
                                      allowed: "at most fullLoadW")]
            },
        ])

    static let transport = ObjectSchema(
        name: "transport", doc: "How node processes reach each other (ZeroMQ).",
        fields: [
            FieldSpec("kind", .enumeration(TransportConfig.Kind.allCases.map(\.rawValue)), .defaults("ipc"),
                      "`ipc`: Unix sockets on one machine; `tcp`: across hosts."),
            FieldSpec("host", .string(.host), .defaults("127.0.0.1"),
                      "tcp host of nodes that name no `host` of their own."),
            FieldSpec("basePort", .integer(1024...65000), .defaults("47000"),
                      "tcp port of the first node; node i (in `nodes` order) listens on basePort + i."),
            FieldSpec("exposed", .boolean, .defaults("false"),
                      "Allow tcp hosts that are not loopback (nodes on other machines); a node binding one warns."),
            FieldSpec("security", .enumeration(TransportConfig.Security.allCases.map(\.rawValue)), .defaults("curve"),
                      "`curve`: every link and the report socket use CurveZMQ with keys made for the run (or read with `--keys DIR` by a node started by hand), and a node lets in only its configured peers; `none`: plain ZeroMQ."),
        ])

    static let capture = ObjectSchema(
        name: "capture", doc: "The run's capture.pcap of interface traffic.",
        fields: [
            FieldSpec("enabled", .boolean, .defaults("true"), "Write capture.pcap."),
            FieldSpec("maxRecords", .integer(0...10_000_000), .defaults("200000"),
                      "Records kept; later records are counted, not kept."),
        ])

    static let output = ObjectSchema(
        name: "output", doc: "Result files of the run folder that can be left out (large runs).",
        fields: [
            FieldSpec("ueTimeseries", .boolean, .defaults("true"),
                      "Write ue-timeseries.csv: every UE every 100 ms (throughput, latency p50/p99, MCS, SINR)."),
        ])

    static let metrics = ObjectSchema(
        name: "metrics", doc: "The launcher's Prometheus endpoint (`GET /metrics`, text format), served while the run goes on.",
        fields: [
            FieldSpec("port", .integer(0...65535), .required,
                      "TCP port; 0 takes a free one and prints `metrics: http://HOST:PORT/metrics`. Bound on loopback unless `transport.exposed: true` (then on every interface)."),
        ])

    private static let linkRange = NumberRange.closed(0...10_000_000)
    static let links = ObjectSchema(
        name: "links",
        doc: "One-way delay of each interface; rounded up to whole slots (at least one), it is the link's lookahead.",
        fields: [
            FieldSpec("ng", .duration(linkRange, storedIn: .microseconds), .defaults("1ms"), model: "ngUs",
                      "core <-> cu (NG)."),
            FieldSpec("f1", .duration(linkRange, storedIn: .microseconds), .defaults("500us"), model: "f1Us",
                      "cu <-> du (F1)."),
            FieldSpec("fronthaul", .duration(linkRange, storedIn: .microseconds), .defaults("100us"),
                      model: "fronthaulUs", "du <-> ru (open fronthaul 7.2x)."),
            FieldSpec("air", .duration(linkRange, storedIn: .microseconds), .defaults("1us"), model: "airUs",
                      "ru <-> channel <-> ue (air interface)."),
            FieldSpec("e2", .duration(linkRange, storedIn: .microseconds), .defaults("5ms"), model: "e2Us",
                      "orchestrator <-> du and ru (E2)."),
        ])

    private static let compressions = FronthaulCompression.allCases.map(\.rawValue)
    static let vendor = ObjectSchema(
        name: "vendor", doc: "A vendor profile (`vendors[]`): what its nodes support.",
        fields: [
            FieldSpec("name", .string(.identifier), .required, "Profile name, referenced by `nodes[].vendor`."),
            FieldSpec("ngVersions", .list(of: .integer(1...255), count: 1...Int.max), .defaults("[1]"),
                      "NG protocol versions supported."),
            FieldSpec("f1Versions", .list(of: .integer(1...255), count: 1...Int.max), .defaults("[1]"),
                      "F1 protocol versions supported."),
            FieldSpec("fronthaulVersions", .list(of: .integer(1...255), count: 1...Int.max), .defaults("[1]"),
                      "Fronthaul protocol versions supported."),
            FieldSpec("numerologies", .list(of: .integer(0...3), count: 1...Int.max), .defaults("[0, 1, 2, 3]"),
                      "Numerologies (mu) supported."),
            FieldSpec("maxPRBs", .integer(1...275), .defaults("273"), "Widest carrier supported, in PRBs."),
            FieldSpec("maxUEs", .integer(1...100_000), .defaults("1024"), "UE contexts supported per node."),
            FieldSpec("fronthaulCompression", .list(of: .enumeration(compressions), count: 1...Int.max),
                      .defaults("[none]"), "IQ compressions supported (O-RAN udCompHdr)."),
            FieldSpec("ruType", .enumeration(RUTypeName.allCases.map(\.rawValue)), .defaults("macro"),
                      "Class of the vendor's RUs for their power model (EARTH): `macro`, `rrh`, `micro` or `pico`."),
            FieldSpec("computeModel", .enumeration(ComputeModelName.allCases.map(\.rawValue)), .defaults("softwareLDPC"),
                      "Processing model of the vendor's vDUs (per slot: LDPC in software or on an accelerator) and vCUs (per packet)."),
            FieldSpec("computeScale", .number(.above(0, atMost: 100)), .defaults("1"),
                      "Multiplier on every processing time of `computeModel`: hardware slower (> 1) or faster (< 1) than the model's reference."),
            FieldSpec("ruPower", .object(ruPower), .optional,
                      "The vendor's own EARTH parameters for its RUs; unset fields keep those of `ruType`."),
            FieldSpec("compute", .object(compute), .optional,
                      "The vendor's own compute coefficients (from its profiling); unset fields keep those of `computeModel`."),
        ])

    private static let vendorRoles = [NodeRole.core, .cu, .du, .ru].map(\.rawValue)
    static let node = ObjectSchema(
        name: "node", doc: "One process (`nodes[]`). Names are unique across nodes.",
        fields: [
            FieldSpec("name", .string(.identifier), .required, "Node name, as in `b5g du --scenario FILE --node NAME` (and the other roles)."),
            FieldSpec("role", .enumeration(NodeRole.allCases.map(\.rawValue)), .required, "What the process does."),
            FieldSpec("vendor", .reference(Reference(collection: "vendors", noun: "vendor")),
                      .requiredWhen(Condition(key: "role", values: vendorRoles)),
                      "Vendor profile; required for core, cu, du and ru, unused on channel and ue."),
            FieldSpec("core", .reference(Reference(collection: "nodes", noun: "node", kindKey: "role", kinds: ["core"])),
                      .requiredWhen(Condition(key: "role", values: ["cu"])),
                      onlyWhen: Condition(key: "role", values: ["cu"]), "The core a cu connects to (NG)."),
            FieldSpec("cu", .reference(Reference(collection: "nodes", noun: "node", kindKey: "role", kinds: ["cu"])),
                      .requiredWhen(Condition(key: "role", values: ["du"])),
                      onlyWhen: Condition(key: "role", values: ["du"]), "The cu a du connects to (F1)."),
            FieldSpec("du", .reference(Reference(collection: "nodes", noun: "node", kindKey: "role", kinds: ["du"])),
                      .requiredWhen(Condition(key: "role", values: ["ru"])),
                      onlyWhen: Condition(key: "role", values: ["ru"]), "The du an ru connects to (fronthaul)."),
            FieldSpec("host", .string(.host), .optional, "Host of this node's tcp endpoint (default: `transport.host`)."),
            FieldSpec("endpoint", .string(.endpoint), .optional,
                      "Full endpoint override; the environment variable `B5G_ENDPOINT_<NODE>` overrides the default too."),
            FieldSpec("server", .reference(Reference(collection: "servers", noun: "server")), .optional,
                      onlyWhen: Condition(key: "role", values: ["du", "cu"]),
                      "The server hosting this du as a vDU or this cu as a vCU (with a compute model and cores the orchestrator can set)."),
            FieldSpec("cores", .integer(1...1024), .optional, onlyWhen: Condition(key: "role", values: ["du", "cu"]),
                      "Cores of `server` given to this vDU/vCU at the start (default: an even share of the server); unused without `server`."),
        ])

    static let cell = ObjectSchema(
        name: "cell", doc: "A cell (`cells[]`): a carrier run by a du and radiated by one ru.",
        fields: [
            FieldSpec("name", .string(.identifier), .required, "Cell name, referenced by `ueGroups[].cell`."),
            FieldSpec("du", .reference(Reference(collection: "nodes", noun: "node", kindKey: "role", kinds: ["du"])),
                      .required, "The du that schedules the cell."),
            FieldSpec("ru", .reference(Reference(collection: "nodes", noun: "node", kindKey: "role", kinds: ["ru"])),
                      .required, "The ru that radiates it; it must belong to the same du."),
            FieldSpec("prbs", .integer(1...275), .defaults("106"),
                      "Carrier width in PRBs (TS 38.101-1 Table 5.3.2-1; 273 = 100 MHz at 30 kHz)."),
            FieldSpec("carrierGHz", .number(.closed(0.4...100)), .defaults("3.5"), "Carrier frequency."),
            FieldSpec("duplex", .enumeration(Duplex.allCases.map(\.rawValue)), .defaults("tdd"), "Duplex mode."),
            FieldSpec("tddPattern", .string(.tddPattern), .defaults("DDDSU"),
                      "TDD slot pattern, one letter a slot: D downlink, U uplink, S special."),
            FieldSpec("txPowerDbm", .number(.closed(-30...80)), .defaults("43"), "Total transmit power."),
            FieldSpec("position", .list(of: .number(nil), count: 3...3), .defaults("[0, 0, 25]"),
                      "RU antenna position in metres: [x, y, height]."),
            FieldSpec("mcsTable", .enumeration(MCSTableName.allCases.map(\.rawValue)), .defaults("qam256"),
                      "MCS table: TS 38.214 Table 5.1.3.1-1 (qam64) or 5.1.3.1-2 (qam256)."),
            FieldSpec("scheduler", .enumeration(SchedulerPolicyName.allCases.map(\.rawValue)), .defaults("rr"),
                      "Scheduling policy: round robin, proportional fair, max rate."),
            FieldSpec("maxGrantsDL", .integer(1...64), .defaults("16"), "Downlink grants per slot (PDCCH capacity)."),
            FieldSpec("maxGrantsUL", .integer(1...64), .defaults("16"), "Uplink grants per slot."),
            FieldSpec("fixedMCS", .integer(0...28), .optional,
                      "Use this MCS for every grant (link adaptation off); at most 27 with qam256."),
            FieldSpec("fronthaulCompression", .enumeration(compressions), .defaults("none"),
                      "IQ compression on this cell's fronthaul."),
            FieldSpec("propagation", .enumeration(PropagationName.allCases.map(\.rawValue)), .defaults("uma"),
                      "TR 38.901 scenario for path loss, LOS probability and shadowing (Tables 7.4.1-1, 7.4.2-1)."),
            FieldSpec("ntn", .object(ntnCell), .optional,
                      "Makes the cell non-terrestrial: radiated from a platform of `ntn.platforms`."),
            FieldSpec("neighbours", .list(of: .reference(Reference(collection: "cells", noun: "cell")), count: 0...Int.max), .optional,
                      "Cells that can take this cell's UEs when the orchestrator steers them or sleeps its RU (default: the other cells of its du). A cell of another du, under the same cu, is reached by inter-DU handover."),
            FieldSpec("antenna", .enumeration(AntennaName.allCases.map(\.rawValue)), .defaults("omni"),
                      "`omni` (0 dBi) or `sector`: the TR 38.901 Table 7.3-1 element, 65 deg beams, 8 dBi."),
            FieldSpec("azimuthDeg", .number(.closed(-360...360)), .defaults("0"),
                      "Sector boresight, degrees counter-clockwise from +x (east)."),
            FieldSpec("downtiltDeg", .number(.closed(-30...90)), .defaults("6"), "Sector electrical downtilt below the horizon."),
            FieldSpec("lineOfSight", .enumeration(LineOfSightName.allCases.map(\.rawValue)), .defaults("auto"),
                      "`auto`: drawn from the TR 38.901 LOS probability; `always` or `never` to fix it."),
            FieldSpec("shadowing", .boolean, .defaults("true"), "Log-normal shadow fading per UE and cell."),
            FieldSpec("fastFading", .enumeration(FastFadingName.allCases.map(\.rawValue)), .defaults("none"),
                      "Small-scale fading per slot on top of path loss and shadowing: `none` or `rayleigh`."),
            FieldSpec("pfWindowSlots", .integer(1...100_000), .defaults("1000"),
                      "Averaging window of proportional fair, in slots."),
            FieldSpec("harqProcesses", .integer(1...32), .defaults("16"),
                      "HARQ processes per UE and direction (up to 32 for NTN round trips)."),
            FieldSpec("maxHARQTransmissions", .integer(1...8), .defaults("4"),
                      "Transmissions of a transport block before it is dropped; 1 turns HARQ off."),
            FieldSpec("antennaPorts", .integer(1...8), .defaults("4"),
                      "RU antenna ports (1, 2, 4 or 8). With the UE's 4 receive and 2 transmit antennas they bound the rank: DL min(ports, 4) layers, UL min(ports, 2); each UE reports the rank that carries the most bits at its SINR."),
            FieldSpec("mac", .object(cellMAC), .defaults("{}"),
                      "Control channels and timing of the MAC: PDCCH CCEs, PUCCH room, K1 and K2 (TS 38.213/38.214)."),
        ],
        rules: [
            ObjectRule(doc: "`antennaPorts` is 1, 2, 4 or 8.") { cell in
                guard let ports = cell["antennaPorts"]?.integer, ![1, 2, 4, 8].contains(ports) else { return [] }
                return [RuleViolation(path: "antennaPorts", message: "\(ports) antenna ports is not a port count", allowed: "1, 2, 4 or 8")]
            },
            ObjectRule(doc: "`mac.coresetPRBs` is a multiple of 6 and at most `prbs`.") { cell in
                guard case .object(let mac)? = cell["mac"], let width = mac["coresetPRBs"]?.integer else { return [] }
                let prbs = cell["prbs"]?.integer ?? 106
                guard width % 6 != 0 || width > prbs else { return [] }
                return [RuleViolation(path: "mac.coresetPRBs", message: "\(width) PRBs is not a CORESET of this cell",
                                      allowed: "a multiple of 6 in 6...\(prbs / 6 * 6) (the cell's prbs)")]
            },
            ObjectRule(doc: "`fixedMCS` is at most 27 when `mcsTable` is `qam256` (TS 38.214 Table 5.1.3.1-2).") { cell in
                guard let mcs = cell["fixedMCS"]?.integer, cell["mcsTable"]?.string == MCSTableName.qam256.rawValue,
                      mcs > 27 else { return [] }
                return [RuleViolation(path: "fixedMCS", message: "\(mcs) is out of range for mcsTable qam256",
                                      allowed: "0...27 (0...28 with qam64)")]
            },
            ObjectRule(doc: "A terrestrial cell's `carrierGHz` lies where its `propagation` model holds (TR 38.901 clause 7.4.1): 0.5...100 for uma, umi and inh, 0.5...30 for rma (Table 7.4.1-1).") { cell in
                guard cell["ntn"] == nil, let carrier = cell["carrierGHz"]?.number,
                      let propagation = cell["propagation"]?.string.flatMap(PropagationName.init(rawValue:)) else { return [] }
                let range = propagation.validCarrierGHz
                guard !range.contains(carrier) else { return [] }
                return [RuleViolation(path: "carrierGHz",
                                      message: "\(NumberText.format(carrier)) GHz is outside the \(propagation.rawValue) path-loss model",
                                      allowed: "\(NumberText.format(range.lowerBound))...\(NumberText.format(range.upperBound)) for propagation \(propagation.rawValue) (TR 38.901 Table 7.4.1-1)")]
            },
        ])

    static let ueGroup = ObjectSchema(
        name: "ueGroup", doc: "A population of UEs (`ueGroups[]`) in one cell, hosted by a ue node.",
        fields: [
            FieldSpec("name", .string(.identifier), .required, "Group name."),
            FieldSpec("count", .integer(1...100_000), .required, "Number of UEs."),
            FieldSpec("cell", .reference(Reference(collection: "cells", noun: "cell")), .required,
                      "The cell the UEs attach to."),
            FieldSpec("node", .reference(Reference(collection: "nodes", noun: "node", kindKey: "role", kinds: ["ue"])),
                      .soleCandidate, "The ue node hosting the group; may be left out when there is only one."),
            FieldSpec("placement", .object(placement), .defaults("{}"), "Where the UEs stand."),
            FieldSpec("downlink", .object(traffic), .defaults("{}"), "Traffic towards the UEs."),
            FieldSpec("uplink", .object(traffic), .defaults("{}"), "Traffic from the UEs."),
            FieldSpec("slice", .reference(Reference(collection: "slices", noun: "slice")), .optional,
                      "The slice of the group's traffic."),
        ])

    static let ntn = ObjectSchema(
        name: "ntn", doc: "Non-terrestrial network: where the scenario is on Earth, its platforms and events.",
        fields: [
            FieldSpec("originLatitudeDeg", .number(.closed(-90...90)), .defaults("35.68"),
                      "Latitude of the scenario origin; x/y positions are metres east/north of it."),
            FieldSpec("originLongitudeDeg", .number(.closed(-180...180)), .defaults("139.69"), "Longitude of the origin."),
            FieldSpec("handoverInterruptionMs", .number(.closed(0...10_000)), .defaults("30"),
                      "Service interruption of a UE at each handover between platforms."),
            FieldSpec("updatePeriodMs", .number(.closed(0.125...10_000)), .defaults("10"),
                      "How often the channel recomputes NTN geometry (elevation, delay, Doppler, loss)."),
            FieldSpec("platforms", .list(of: .object(ntnPlatform), count: 1...Int.max, uniqueKey: "name"), .required,
                      "HAPS and satellites that cells reference."),
            FieldSpec("spaceWeather", .list(of: .object(spaceWeather), count: 0...Int.max), .defaults("[]"),
                      "Space-weather events on the NOAA scales (see docs/ntn.md for their effects)."),
            FieldSpec("backhaul", .object(ntnBackhaul), .optional,
                      "Run an interface of the terrestrial network through a platform (e.g. NG over GEO)."),
        ])

    static let ntnPlatform = ObjectSchema(
        name: "ntnPlatform", doc: "A HAPS, a satellite or a constellation (`ntn.platforms[]`).",
        fields: [
            FieldSpec("name", .string(.identifier), .required, "Platform name, referenced by `cells[].ntn.platform`."),
            FieldSpec("kind", .enumeration(NTNPlatformKind.allCases.map(\.rawValue)), .required,
                      "`haps`, `circular` (one satellite), `walker` (constellation) or `tle` (SGP4)."),
            FieldSpec("altitudeKm", .number(.closed(15...40_000)), .defaults("600"),
                      "Altitude: HAPS 18-25 km, LEO 300-2000, MEO ~10000, GEO 35786."),
            FieldSpec("latitudeDeg", .number(.closed(-90...90)), .optional, "HAPS latitude (default: the origin)."),
            FieldSpec("longitudeDeg", .number(.closed(-180...180)), .optional, "HAPS longitude (default: the origin)."),
            FieldSpec("driftRadiusKm", .number(.closed(0...50)), .defaults("0"), "HAPS station-keeping drift radius."),
            FieldSpec("inclinationDeg", .number(.closed(0...180)), .defaults("53"), "Orbit inclination (circular, walker)."),
            FieldSpec("raanDeg", .number(.closed(-360...360)), .defaults("0"), "Right ascension of the ascending node."),
            FieldSpec("phaseDeg", .number(.closed(-360...360)), .defaults("0"), "Argument of latitude at the start."),
            FieldSpec("satellites", .integer(1...10_000), .defaults("1"), "Walker: total satellites t."),
            FieldSpec("planes", .integer(1...1_000), .defaults("1"), "Walker: orbital planes p."),
            FieldSpec("phasing", .integer(0...1_000), .defaults("0"), "Walker: phasing factor f."),
            FieldSpec("tleFile", .string(.anyText), .optional, "TLE file for `tle` (relative to the scenario file). Checked at validation: it exists, is readable text of at most 8 MB and holds at least one two-line element set that parses; otherwise the error names the file and its line."),
            FieldSpec("eirpDensityDbWPerMHz", .number(.closed(-50...100)), .optional,
                      "Downlink EIRP density (default: TR 38.821 Table 6.1.1.1-1 Set-1 for the band)."),
            FieldSpec("gOverTDbPerK", .number(.closed(-50...60)), .optional,
                      "Platform receive G/T (default: TR 38.821 Set-1)."),
        ])

    static let spaceWeather = ObjectSchema(
        name: "spaceWeather", doc: "A space-weather event (`ntn.spaceWeather[]`).",
        fields: [
            FieldSpec("event", .enumeration(["R1", "R2", "R3", "R4", "R5", "S1", "S2", "S3", "S4", "S5",
                                              "G1", "G2", "G3", "G4", "G5"]), .required,
                      "NOAA scale and level: radio blackout R, radiation storm S, geomagnetic storm G."),
            FieldSpec("start", .duration(.closed(0...86_400e6), storedIn: .milliseconds), .required, model: "startMs",
                      "When it begins (emulated time)."),
            FieldSpec("duration", .duration(.above(0, atMost: 86_400e6), storedIn: .milliseconds), .required,
                      model: "durationMs", "How long it lasts."),
        ])

    static let ntnBackhaul = ObjectSchema(
        name: "ntnBackhaul", doc: "Backhaul through a platform (`ntn.backhaul`).",
        fields: [
            FieldSpec("platform", .string(.identifier), .required, "The platform relaying the backhaul (e.g. a GEO satellite)."),
            FieldSpec("interface", .enumeration(NTNBackhaulConfig.Interface.allCases.map(\.rawValue)), .defaults("ng"),
                      "Which interface runs over it: `ng` (core-CU) or `f1` (CU-DU)."),
        ])

    static let ruPower = ObjectSchema(
        name: "ruPower", doc: "EARTH parameters of a vendor's RUs (`vendors[].ruPower`), per transceiver chain: P_in = N_TRX (P_0 + Delta_p P_out).",
        fields: [
            FieldSpec("transceivers", .integer(1...256), .optional, "N_TRX: transceiver chains (antennas times sectors)."),
            FieldSpec("maxOutputW", .number(.above(0, atMost: 1000)), .optional, "P_max: RF output per chain at full load, W."),
            FieldSpec("noLoadW", .number(.closed(0...10_000)), .optional, "P_0: input power per chain at no load, W."),
            FieldSpec("loadSlope", .number(.closed(0...100)), .optional, "Delta_p: input W per radiated W."),
            FieldSpec("sleepW", .number(.closed(0...10_000)), .optional, "P_sleep: input power per chain in the EARTH sleep state, W."),
        ])

    static let compute = ObjectSchema(
        name: "compute", doc: "Compute coefficients of a vendor's vDUs and vCUs (`vendors[].compute`), on one core at nominal clock.",
        fields: [
            FieldSpec("baseUs", .number(.closed(0...100_000)), .optional, "a_0: fixed work per slot, us."),
            FieldSpec("perPRBLayerUs", .number(.closed(0...1000)), .optional, "a_RE: work per PRB and layer, us."),
            FieldSpec("perPRBLayerBitUs", .number(.closed(0...1000)), .optional, "a_bit: work per PRB, layer and bit per RE (channel coding), us."),
            FieldSpec("perUEUs", .number(.closed(0...10_000)), .optional, "a_UE: work per scheduled UE, us."),
            FieldSpec("serialFraction", .number(.closed(0...1)), .optional, "Amdahl serial fraction s."),
            FieldSpec("vcuPerPacketUs", .number(.closed(0...10_000)), .optional, "vCU work per packet, us."),
            FieldSpec("vcuPerByteUs", .number(.closed(0...100)), .optional, "vCU work per byte, us."),
        ])

    static let cellMAC = ObjectSchema(
        name: "cellMAC", doc: "The MAC's control channels and timing of a cell (`cells[].mac`); defaults follow srsRAN's gNB.",
        fields: [
            FieldSpec("minK1", .integer(1...15), .defaults("4"),
                      "Smallest PDSCH-to-HARQ-ACK delay in slots (the UE's processing time)."),
            FieldSpec("k1", .list(of: .integer(0...15), count: 1...8), .optional,
                      "The K1 values a DL grant may use (`dl-DataToUL-ACK`, TS 38.213 9.2.3); default: every value from `minK1` over one TDD period. The ACK goes in the first of them that is an uplink slot with PUCCH room."),
            FieldSpec("minK2", .integer(1...15), .defaults("4"),
                      "Smallest PDCCH-to-PUSCH delay in slots; each uplink slot is granted from the latest slot with PDCCH at least this far before it."),
            FieldSpec("coresetPRBs", .integer(6...270), .optional,
                      "CORESET width in PRBs, a multiple of 6 (default: the carrier, at most 96)."),
            FieldSpec("coresetSymbols", .integer(1...2), .defaults("2"),
                      "CORESET duration in symbols (the PDSCH always starts after 2 control symbols). CCEs per slot = coresetPRBs x coresetSymbols / 6; DL and UL DCIs share them, 1 to 8 CCEs each by CQI."),
            FieldSpec("pucchPerSlot", .integer(1...1024), .defaults("31"),
                      "UEs that can send HARQ-ACK in one uplink slot; a DL grant whose ACK finds no room is not made."),
            FieldSpec("srPeriod", .duration(.closed(1_000...80_000), storedIn: .milliseconds), .defaults("20ms"),
                      model: "srPeriodMs", "Scheduling-request period: a UE with new uplink data and no grant reports it at its next SR occasion."),
            FieldSpec("csiPeriod", .duration(.closed(1_000...320_000), storedIn: .milliseconds), .defaults("20ms"),
                      model: "csiPeriodMs", "Periodic CSI (CQI) report period."),
        ])

    static let ntnCell = ObjectSchema(
        name: "ntnCell", doc: "A non-terrestrial cell (`cells[].ntn`).",
        fields: [
            FieldSpec("platform", .string(.identifier), .required, "A platform of `ntn.platforms`."),
            FieldSpec("payload", .enumeration(NTNPayloadName.allCases.map(\.rawValue)), .defaults("transparent"),
                      "`transparent`: bent pipe, the RU on the ground behind the gateway; `regenerative`: the RU on board."),
            FieldSpec("environment", .enumeration(NTNEnvironmentName.allCases.map(\.rawValue)), .defaults("rural"),
                      "TR 38.811 environment for LOS probability, shadowing and clutter loss."),
            FieldSpec("minElevationDeg", .number(.closed(0...90)), .defaults("10"),
                      "Below this elevation a satellite does not serve; UEs are handed to the next one."),
            FieldSpec("gateway", .list(of: .number(nil), count: 2...2), .optional,
                      "Feeder-link gateway [x, y] in metres (default: the cell position)."),
            FieldSpec("extraGateways", .list(of: .list(of: .number(nil), count: 2...2), count: 0...16), .defaults("[]"),
                      "More gateways [[x, y], ...]; the feeder link switches to the one seeing the platform highest."),
            FieldSpec("handover", .enumeration(NTNHandoverName.allCases.map(\.rawValue)), .defaults("threshold"),
                      "`threshold`: hand over when the platform drops below minElevationDeg; `conditional`: "
                        + "handoverLeadS before it will, from ephemeris (Rel-17 time-triggered CHO)."),
            FieldSpec("handoverLeadS", .number(.closed(0...600)), .defaults("5"), "Lead time of conditional handover."),
        ])

    static let slice = ObjectSchema(
        name: "slice", doc: "A network slice (`slices[]`): its share of every cell's PRBs, priority and latency target.",
        fields: [
            FieldSpec("name", .string(.identifier), .required, "Slice name, referenced by `ueGroups[].slice`."),
            FieldSpec("minPRBShare", .number(.closed(0...1)), .defaults("0"),
                      "PRB share guaranteed in each cell while the slice has data."),
            FieldSpec("maxPRBShare", .number(.closed(0...1)), .defaults("1"), "Cap on the slice's PRB share in each cell."),
            FieldSpec("priority", .integer(0...255), .defaults("0"), "Higher is served first when PRBs are short."),
            FieldSpec("latencyTargetMs", .number(.closed(0...10_000)), .defaults("0"),
                      "End-to-end latency target (p99, ms; 0 = none); the scheduler serves the slice ahead of it."),
        ],
        rules: [
            ObjectRule(doc: "`minPRBShare` is at most `maxPRBShare`.") { slice in
                guard let lo = slice["minPRBShare"]?.number, let hi = slice["maxPRBShare"]?.number, lo > hi else { return [] }
                return [RuleViolation(path: "minPRBShare", message: "\(NumberText.format(lo)) is more than maxPRBShare \(NumberText.format(hi))",
                                      allowed: "at most maxPRBShare")]
            },
        ])

    static let placement = ObjectSchema(
        name: "placement", doc: "UE positions around the cell's ru.",
        fields: [
            FieldSpec("kind", .enumeration(PlacementKind.allCases.map(\.rawValue)), .defaults("ring"),
                      "`ring`: evenly on a circle of radiusM; `random`: uniform in the annulus, from the seed."),
            FieldSpec("radiusM", .number(NumberRange(min: 0, minExclusive: true)), .defaults("100"),
                      "Outer radius in metres."),
            FieldSpec("minRadiusM", .number(NumberRange(min: 0)), .defaults("10"), "Inner radius for `random`."),
        ],
        rules: [
            ObjectRule(doc: "`minRadiusM` is less than `radiusM`.") { placement in
                guard let inner = placement["minRadiusM"]?.number, let outer = placement["radiusM"]?.number,
                      inner >= outer else { return [] }
                return [RuleViolation(path: "minRadiusM",
                                      message: "\(NumberText.format(inner)) is not less than radiusM \(NumberText.format(outer))",
                                      allowed: "less than radiusM")]
            },
        ])

    static let traffic = ObjectSchema(
        name: "traffic", doc: "One direction of a group's traffic (`downlink`, `uplink`), per UE.",
        fields: [
            FieldSpec("kind", .enumeration(TrafficKind.allCases.map(\.rawValue)), .defaults("none"),
                      "`cbr`: constant bit rate; `poisson`: Poisson arrivals; `fullBuffer`: always data to send."),
            FieldSpec("rateMbps", .number(.above(0, atMost: 100_000)), .defaults("1"), "Mean offered rate per UE."),
            FieldSpec("packetBytes", .integer(52...9000), .defaults("1200"),
                      "IP packet size, at least its IPv4 + UDP + 24-byte application header."),
            FieldSpec("profile", .enumeration(TrafficProfileName.allCases.map(\.rawValue)), .defaults("constant"),
                      "`constant` rate, or `diurnal`: the rate follows a daily curve (lowest at 04:00, peak at 16:00) compressed into `dayLength`."),
            FieldSpec("dayLength", .duration(.closed(1_000...86_400e6), storedIn: .milliseconds), .defaults("24s"),
                      model: "dayLengthMs", "Length of the compressed day of a `diurnal` profile."),
        ])
}

extension StringRule {
    /// The longest name: enough for any descriptive name, short enough for log lines, file
    /// names (`logs/<node>.log`) and socket paths.
    static let maxNameLength = 64

    /// A name as messages print it: whole up to ``maxNameLength`` characters, else its start
    /// and its length, so an overlong value never floods the error output.
    static func shown(_ text: String) -> String {
        text.count <= maxNameLength ? text : "\(text.prefix(16))… (\(text.count) characters)"
    }

    static let identifier = StringRule(allowed: "letters, digits, '_' and '-', at most \(maxNameLength) characters") { text in
        if text.isEmpty { return "is empty" }
        if text.count > maxNameLength { return "'\(text.prefix(16))…' is \(text.count) characters long" }
        let bad = text.unicodeScalars.first { !(($0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0)))
                                               || $0 == "_" || $0 == "-") }
        return bad.map { "'\(text)' contains '\($0)'" }
    }

    static let anyText = StringRule(allowed: "any text") { _ in nil }

    static let host = StringRule(allowed: "a host name or IP address, at most 253 characters") { text in
        if text.isEmpty { return "is empty" }
        if text.count > 253 { return "'\(text.prefix(16))…' is \(text.count) characters long" }
        if text.contains("://") { return "'\(text)' is an endpoint, not a host; use `endpoint` for a full URL" }
        if text.contains(where: \.isWhitespace) { return "'\(text)' contains a space" }
        return nil
    }

    static let endpoint = StringRule(allowed: "tcp://HOST:PORT or ipc://PATH") { text in
        if text.hasPrefix("ipc://") { return text.count > 6 ? nil : "'\(text)' has no path" }
        guard text.hasPrefix("tcp://") else { return "'\(text)' does not start with tcp:// or ipc://" }
        let rest = text.dropFirst(6)
        guard let colon = rest.lastIndex(of: ":"), colon != rest.startIndex,
              let port = Int(rest[rest.index(after: colon)...]) else { return "'\(text)' has no host:port" }
        return (1...65_535).contains(port) ? nil : "port \(port) in '\(text)' is out of range 1...65535"
    }

    static let tddPattern = StringRule(allowed: "1 to 80 of the letters D, S, U, with a D and a U or S") { text in
        if text.isEmpty { return "is empty" }
        if text.count > 80 { return "'\(text)' is \(text.count) slots long" }
        if let bad = text.first(where: { !"DSU".contains($0) }) { return "'\(text)' contains '\(bad)'" }
        if !text.contains("D") { return "'\(text)' has no downlink slot (D)" }
        if !text.contains("U") && !text.contains("S") { return "'\(text)' has no uplink opportunity (U or S)" }
        return nil
    }
}
