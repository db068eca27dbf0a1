import Power

/// What the orchestrator asks a node to do. The JSON form (``Codable``) is a flat object with a
/// `type` discriminator, e.g. `{"cores":6,"type":"setCores","vdu":"du1"}`; the same form is the
/// `action` of an E2 RC control request and of the external-policy response.
public enum OrchestratorActionKind: Sendable, Equatable, Hashable {
    /// Give a vDU this many cores.
    case setCores(vdu: String, cores: Int)
    /// Give a vCU this many cores.
    case setVCUCores(vcu: String, cores: Int)
    /// Move a vDU to another server; it holds cores on both until the migration completes.
    case migrate(vdu: String, toServer: String)
    /// Put an RU to sleep in a mode (its UEs must have been steered away first).
    case ruSleep(ru: String, depth: RUSleepDepth)
    /// Wake an RU.
    case ruWake(ru: String)
    /// Set a slice's PRB quota in a cell, shares of the cell's PRBs.
    case setSliceQuota(cell: String, slice: String, minShare: Double, maxShare: Double)
    /// Hand `count` UEs over from one cell to another.
    case steerUEs(fromCell: String, toCell: String, count: Int)
    /// Switch a server on or off.
    case serverPower(server: String, on: Bool)

    /// The `type` value on the wire.
    public var typeName: String {
        switch self {
        case .setCores: "setCores"
        case .setVCUCores: "setVCUCores"
        case .migrate: "migrate"
        case .ruSleep: "ruSleep"
        case .ruWake: "ruWake"
        case .setSliceQuota: "setSliceQuota"
        case .steerUEs: "steerUEs"
        case .serverPower: "serverPower"
        }
    }
}

extension OrchestratorActionKind: Codable {
    private enum Key: String, CodingKey {
        case type, vdu, vcu, cores, toServer, ru, depth, cell, slice, minShare, maxShare, fromCell, toCell, count, server, on
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: Key.self)
        let type = try c.decode(String.self, forKey: .type)
        switch type {
        case "setCores": self = .setCores(vdu: try c.decode(String.self, forKey: .vdu), cores: try c.decode(Int.self, forKey: .cores))
        case "setVCUCores": self = .setVCUCores(vcu: try c.decode(String.self, forKey: .vcu), cores: try c.decode(Int.self, forKey: .cores))
        case "migrate": self = .migrate(vdu: try c.decode(String.self, forKey: .vdu), toServer: try c.decode(String.self, forKey: .toServer))
        case "ruSleep":
            let raw = try c.decode(Int.self, forKey: .depth)
            guard let depth = RUSleepDepth(rawValue: raw) else {
                throw DecodingError.dataCorruptedError(forKey: .depth, in: c, debugDescription: "sleep depth \(raw) not in 1...4")
            }
            self = .ruSleep(ru: try c.decode(String.self, forKey: .ru), depth: depth)
        case "ruWake": self = .ruWake(ru: try c.decode(String.self, forKey: .ru))
        case "setSliceQuota":
            self = .setSliceQuota(cell: try c.decode(String.self, forKey: .cell), slice: try c.decode(String.self, forKey: .slice),
                                  minShare: try c.decode(Double.self, forKey: .minShare), maxShare: try c.decode(Double.self, forKey: .maxShare))
        case "steerUEs":
            self = .steerUEs(fromCell: try c.decode(String.self, forKey: .fromCell), toCell: try c.decode(String.self, forKey: .toCell),
                             count: try c.decode(Int.self, forKey: .count))
        case "serverPower": self = .serverPower(server: try c.decode(String.self, forKey: .server), on: try c.decode(Bool.self, forKey: .on))
        default:
            throw DecodingError.dataCorruptedError(forKey: .type, in: c, debugDescription: "unknown action type \(type)")
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Key.self)
        try c.encode(typeName, forKey: .type)
        switch self {
        case let .setCores(vdu, cores): try c.encode(vdu, forKey: .vdu); try c.encode(cores, forKey: .cores)
        case let .setVCUCores(vcu, cores): try c.encode(vcu, forKey: .vcu); try c.encode(cores, forKey: .cores)
        case let .migrate(vdu, to): try c.encode(vdu, forKey: .vdu); try c.encode(to, forKey: .toServer)
        case let .ruSleep(ru, depth): try c.encode(ru, forKey: .ru); try c.encode(depth.rawValue, forKey: .depth)
        case let .ruWake(ru): try c.encode(ru, forKey: .ru)
        case let .setSliceQuota(cell, slice, minShare, maxShare):
            try c.encode(cell, forKey: .cell); try c.encode(slice, forKey: .slice)
            try c.encode(minShare, forKey: .minShare); try c.encode(maxShare, forKey: .maxShare)
        case let .steerUEs(from, to, count): try c.encode(from, forKey: .fromCell); try c.encode(to, forKey: .toCell); try c.encode(count, forKey: .count)
        case let .serverPower(server, on): try c.encode(server, forKey: .server); try c.encode(on, forKey: .on)
        }
    }
}

/// An action with the slot at which it takes effect and why it was chosen.
public struct OrchestratorAction: Sendable, Equatable, Hashable, Codable {
    /// What to do.
    public var kind: OrchestratorActionKind
    /// Slot at which the node applies it.
    public var applyAtSlot: UInt64
    /// Why, in words; logged and shown in the report.
    public var reason: String

    private enum CodingKeys: String, CodingKey { case kind = "action", applyAtSlot, reason }

    /// Creates an action.
    /// - Parameters:
    ///   - kind: what to do.
    ///   - applyAtSlot: slot of effect.
    ///   - reason: why.
    public init(_ kind: OrchestratorActionKind, applyAtSlot: UInt64, reason: String) {
        self.kind = kind
        self.applyAtSlot = applyAtSlot
        self.reason = reason
    }
}
