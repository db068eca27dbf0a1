/// What the orchestrator measured and decided in a run: its action log, the power of every
/// node per period, energy and target attainment. Plain values so the launcher needs no
/// orchestration types.
public struct OrchestrationReport: Codable, Sendable, Equatable {
    /// One action of the log: accepted and sent, or refused with its reason.
    public struct Action: Codable, Sendable, Equatable {
        public var id: Int
        public var periodIndex: Int
        /// The slot the action applies at.
        public var slot: UInt64
        public var node: String
        /// Action type (`setCores`, `ruSleep`, ...).
        public var type: String
        /// The action as JSON (type and fields).
        public var detail: String
        public var reason: String
        public var accepted: Bool
        /// Why it was refused (by the orchestrator's feasibility check or by the node).
        public var refusal: String?
        /// The slot at which the node applied it, from its acknowledgement.
        public var appliedAtSlot: UInt64?
        public init(id: Int, periodIndex: Int, slot: UInt64, node: String, type: String, detail: String, reason: String,
                    accepted: Bool, refusal: String?) {
            self.id = id; self.periodIndex = periodIndex; self.slot = slot; self.node = node; self.type = type
            self.detail = detail; self.reason = reason; self.accepted = accepted; self.refusal = refusal
        }
    }

    /// One node's mean power over one period (servers and RUs).
    public struct PowerSample: Codable, Sendable, Equatable {
        public var periodIndex: Int
        /// End of the period, ms of emulated time.
        public var timeMs: Double
        public var node: String
        /// `ru` or `server`.
        public var kind: String
        public var powerW: Double
        public var energyJ: Double
        public init(periodIndex: Int, timeMs: Double, node: String, kind: String, powerW: Double, energyJ: Double) {
            self.periodIndex = periodIndex; self.timeMs = timeMs; self.node = node; self.kind = kind
            self.powerW = powerW; self.energyJ = energyJ
        }
    }

    public var policy: String
    public var periodMs: Double
    public var periods: Int = 0
    public var actions: [Action] = []
    public var power: [PowerSample] = []
    /// Periods in which the external policy did not answer in time (no action taken).
    public var externalTimeouts: Int = 0
    /// Answers of the external policy that could not be used: not a response, another version,
    /// or its own error text (no action taken).
    public var externalUnusable: Int = 0
    /// The built-in policy that took over from an external one that stopped answering.
    public var fallback: Fallback?
    /// Periods in which each node's E2 report did not arrive (the node was held unreachable);
    /// nil when every report arrived.
    public var unreachablePeriods: [String: Int]?
    public var energy = RunSummary.Energy()
    public var attainment = RunSummary.Attainment()

    public init(policy: String, periodMs: Double) { self.policy = policy; self.periodMs = periodMs }

    /// A built-in policy taking over from an external one: when, and why.
    public struct Fallback: Codable, Sendable, Equatable {
        /// The policy replaced (`external`).
        public var from: String
        /// The built-in policy that decides from ``periodIndex`` on.
        public var to: String
        /// First period it decides.
        public var periodIndex: Int
        /// Report slot of that period.
        public var slot: UInt64
        /// End of the period before it, ms of emulated time.
        public var timeMs: Double
        public var reason: String
        public init(from: String, to: String, periodIndex: Int, slot: UInt64, timeMs: Double, reason: String) {
            self.from = from; self.to = to; self.periodIndex = periodIndex; self.slot = slot; self.timeMs = timeMs; self.reason = reason
        }
    }
}

extension RunSummary {
    /// Energy of the RUs, servers, fronthaul links and NTN payloads over the run.
    public struct Energy: Codable, Sendable, Equatable {
        public var totalJ: Double = 0
        public var perNodeJ: [String: Double] = [:]
        /// By kind: `ru`, `server`, `fronthaul`, `payload`.
        public var perKindJ: [String: Double] = [:]
        public var averageW: Double = 0
        /// Bits carried (DL + UL, from the KPM throughput) per joule.
        public var bitsPerJoule: Double = 0
        public init() {}
    }

    /// Share of periods in which each slice's p99 met its latency target (0...1).
    public struct Attainment: Codable, Sendable, Equatable {
        /// Periods evaluated (the final one included).
        public var periods: Int = 0
        public var total: Double = 1
        public var perSlice: [String: Double] = [:]
        /// Worst period p99 per slice, ms.
        public var worstP99Ms: [String: Double] = [:]
        public var throughputMbps: Double = 0
        /// Share of (period, slice) pairs meeting the throughput floor, when one is set.
        public var throughputFloor: Double?
        /// Share of periods within the power budget, when one is set.
        public var powerBudget: Double?
        public init() {}
    }

    /// Orchestrator actions in the run.
    public struct Actions: Codable, Sendable, Equatable {
        public var count: Int = 0
        public var refused: Int = 0
        public var externalTimeouts: Int = 0
        /// Answers of the external policy that could not be used.
        public var externalUnusable: Int = 0
        /// The built-in policy that took over from the external one, if one did.
        public var fallback: OrchestrationReport.Fallback?
        /// Periods each node was held unreachable (its E2 report missing); nil when none was.
        public var unreachablePeriods: [String: Int]?
        public init() {}
    }
}
