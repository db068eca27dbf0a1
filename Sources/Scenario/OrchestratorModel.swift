/// Orchestration, virtualised resources and power: the scenario's `orchestrator:` section,
/// its `servers:`, and the vendor's RU class and vDU compute model.

/// The policy the orchestrator runs each period (see docs/orchestrator.md).
public enum OrchestratorPolicyName: String, Codable, Sendable, CaseIterable {
    /// Never acts: the configured allocation is the baseline.
    case `static`
    /// Utilisation bands.
    case threshold
    /// Least predicted power that keeps every slice's p99 under its target.
    case latencyPower = "latency-power"
    /// A policy in another process, over ZeroMQ REQ/REP.
    case external

    /// The policies that run inside the orchestrator (the fallbacks of an external one).
    public static var builtIn: [OrchestratorPolicyName] { allCases.filter { $0 != .external } }
}

/// The `orchestrator:` section: policy, reporting period and targets.
public struct OrchestratorConfig: Codable, Sendable, Equatable {
    public var policy: OrchestratorPolicyName
    /// Reporting and decision period, ms.
    public var periodMs: Double
    /// REP endpoint of an external policy (`policy: external`).
    public var externalEndpoint: String?
    /// How long the orchestrator waits for an external policy's answer, ms.
    public var externalTimeoutMs: Double
    /// Consecutive periods without an external policy's answer that end the run (or start the fallback).
    public var externalTimeoutLimit: Int
    /// Built-in policy that takes over from an external one that stopped answering; nil: the run fails.
    public var externalFallback: OrchestratorPolicyName?
    /// File holding the external policy's CURVE public key (Z85), relative to the scenario file;
    /// when set the orchestrator connects as a CURVE client. nil: plain ZeroMQ.
    public var externalServerKey: String?
    /// How a vDU's cores load its server: polling (allocated cores always busy) or work only.
    public var coreAccounting: CoreAccountingName
    public var targets: OrchestratorTargetsConfig

    public init(policy: OrchestratorPolicyName = .static, periodMs: Double = 100, externalEndpoint: String? = nil,
                externalTimeoutMs: Double = 1000, externalTimeoutLimit: Int = 3, externalFallback: OrchestratorPolicyName? = nil,
                externalServerKey: String? = nil, coreAccounting: CoreAccountingName = .pinnedPolling, targets: OrchestratorTargetsConfig = .init()) {
        self.policy = policy; self.periodMs = periodMs; self.externalEndpoint = externalEndpoint
        self.externalTimeoutMs = externalTimeoutMs; self.externalTimeoutLimit = externalTimeoutLimit
        self.externalFallback = externalFallback; self.externalServerKey = externalServerKey; self.coreAccounting = coreAccounting; self.targets = targets
    }
}

/// Run-wide targets; slice latency targets come from `slices[].latencyTargetMs`.
public struct OrchestratorTargetsConfig: Codable, Sendable, Equatable {
    /// Ceiling on RU + server power, W.
    public var powerBudgetW: Double?
    /// Energy saving wanted against the static baseline, percent.
    public var energySavingPercent: Double?
    /// Throughput floor of every slice (DL + UL summed over cells), Mbit/s.
    public var throughputFloorMbps: Double?

    public init(powerBudgetW: Double? = nil, energySavingPercent: Double? = nil, throughputFloorMbps: Double? = nil) {
        self.powerBudgetW = powerBudgetW; self.energySavingPercent = energySavingPercent
        self.throughputFloorMbps = throughputFloorMbps
    }
}

/// An O-Cloud server (`servers[]`) that hosts vDUs.
public struct ServerConfig: Codable, Sendable, Equatable {
    public var name: String
    public var cores: Int
    /// Power when on and idle, W.
    public var idleW: Double
    /// Power with every core busy, W.
    public var fullLoadW: Double
    /// Clock relative to nominal (DVFS), in [0.5, 1].
    public var frequencyScale: Double = 1

    public init(name: String, cores: Int = 32, idleW: Double = 120, fullLoadW: Double = 400, frequencyScale: Double = 1) {
        self.name = name; self.cores = cores; self.idleW = idleW; self.fullLoadW = fullLoadW; self.frequencyScale = frequencyScale
    }
}

/// RU class for the EARTH power model.
public enum RUTypeName: String, Codable, Sendable, CaseIterable { case macro, rrh, micro, pico }

/// vDU per-slot processing model: LDPC decoding in software or on an accelerator.
public enum ComputeModelName: String, Codable, Sendable, CaseIterable { case softwareLDPC, acceleratedLDPC }

/// How allocated vDU cores count in a server's utilisation (and so its power).
public enum CoreAccountingName: String, Codable, Sendable, CaseIterable {
    /// Allocated cores poll (DPDK-style, as vRAN stacks usually run) and count as fully busy.
    case pinnedPolling
    /// Only the processing work counts.
    case workOnly
}

/// How a traffic source's rate varies in time.
public enum TrafficProfileName: String, Codable, Sendable, CaseIterable { case constant, diurnal }

/// A vendor's EARTH parameters per transceiver chain; nil fields keep the `ruType` class's.
public struct RUPowerOverrides: Codable, Sendable, Equatable {
    public var transceivers: Int?
    public var maxOutputW: Double?
    public var noLoadW: Double?
    public var loadSlope: Double?
    public var sleepW: Double?
    public init(transceivers: Int? = nil, maxOutputW: Double? = nil, noLoadW: Double? = nil, loadSlope: Double? = nil, sleepW: Double? = nil) {
        self.transceivers = transceivers; self.maxOutputW = maxOutputW; self.noLoadW = noLoadW; self.loadSlope = loadSlope; self.sleepW = sleepW
    }
}

/// A vendor's compute coefficients; nil fields keep the `computeModel` preset's.
public struct ComputeOverrides: Codable, Sendable, Equatable {
    public var baseUs: Double?
    public var perPRBLayerUs: Double?
    public var perPRBLayerBitUs: Double?
    public var perUEUs: Double?
    public var serialFraction: Double?
    public var vcuPerPacketUs: Double?
    public var vcuPerByteUs: Double?
    public init(baseUs: Double? = nil, perPRBLayerUs: Double? = nil, perPRBLayerBitUs: Double? = nil, perUEUs: Double? = nil,
                serialFraction: Double? = nil, vcuPerPacketUs: Double? = nil, vcuPerByteUs: Double? = nil) {
        self.baseUs = baseUs; self.perPRBLayerUs = perPRBLayerUs; self.perPRBLayerBitUs = perPRBLayerBitUs; self.perUEUs = perUEUs
        self.serialFraction = serialFraction; self.vcuPerPacketUs = vcuPerPacketUs; self.vcuPerByteUs = vcuPerByteUs
    }
}
