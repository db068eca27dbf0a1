import Foundation
import Power

/// The resource model as an external policy sees it: plain fields, no model internals.
public struct ModelView: Sendable, Equatable, Codable {
    public struct Server: Sendable, Equatable, Codable {
        public var id: String
        public var state: ServerPowerState
        public var cores: Int
        public var freeCores: Int
        public var idlePowerW: Double
        public var fullLoadPowerW: Double
    }
    public struct VDU: Sendable, Equatable, Codable {
        public var id: String
        public var server: String
        public var cores: Int
        public var cells: [String]
        public var migratingTo: String?
    }
    public struct VCU: Sendable, Equatable, Codable {
        public var id: String
        public var server: String
        public var cores: Int
    }
    public struct RU: Sendable, Equatable, Codable {
        public var id: String
        public var cell: String
        /// `active`, `enteringSleep`, `sleep` or `wakingUp`.
        public var state: String
        public var sleepDepth: Int?
        public var neighbours: [String]
        public var ntnAlternative: Bool
        public var noLoadPowerW: Double
        public var fullLoadPowerW: Double
    }
    public struct Cell: Sendable, Equatable, Codable {
        public var id: String
        public var ru: String
        public var du: String
        /// The CU of its DU; steering to a cell of another DU goes through it.
        public var cu: String
        public var prbs: Int
        public var activeUEs: Int
        public var slices: [SliceQuota]
    }
    public var servers: [Server]
    public var vdus: [VDU]
    public var vcus: [VCU]
    public var rus: [RU]
    public var cells: [Cell]
    public var slotDurationUs: Double
    public var migrationSlots: UInt64
    public var handoverSlots: UInt64

    /// The view of a model.
    public init(_ m: ResourceModel) {
        servers = m.servers.map { Server(id: $0.id, state: $0.state, cores: $0.power.cores, freeCores: m.freeCores(on: $0.id),
                                         idlePowerW: $0.power.idlePowerW, fullLoadPowerW: $0.power.fullLoadPowerW) }
        vdus = m.vdus.map { VDU(id: $0.id, server: $0.serverID, cores: $0.cores, cells: $0.cellIDs, migratingTo: $0.migratingToServerID) }
        vcus = m.vcus.map { VCU(id: $0.id, server: $0.serverID, cores: $0.cores) }
        rus = m.rus.map { ru in
            let (state, depth) = RUStateCoding.encode(ru.state)
            return RU(id: ru.id, cell: ru.cellID, state: state, sleepDepth: depth, neighbours: ru.neighbourRUIDs, ntnAlternative: ru.hasNTNAlternative,
                      noLoadPowerW: ru.power.noLoadPowerW, fullLoadPowerW: ru.power.fullLoadPowerW)
        }
        cells = m.cells.map { Cell(id: $0.id, ru: $0.ruID, du: $0.duID, cu: $0.cuID, prbs: $0.prbs, activeUEs: $0.activeUEs, slices: $0.slices) }
        slotDurationUs = m.slotDurationUs
        migrationSlots = m.migrationSlots
        handoverSlots = m.handoverSlots
    }
}

/// The request sent to an external policy each period: one JSON object.
public struct PolicyRequest: Sendable, Equatable, Codable {
    /// Always ``PolicyRequest/protocolName``.
    public var `protocol`: String
    /// Protocol version, ``PolicyRequest/currentVersion``.
    public var version: Int
    public var snapshot: KPISnapshot
    public var model: ModelView
    public var targets: OrchestrationTargets

    public static let protocolName = "b5g-policy"
    public static let currentVersion = 1

    public init(snapshot: KPISnapshot, model: ResourceModel, targets: OrchestrationTargets) {
        self.protocol = Self.protocolName
        self.version = Self.currentVersion
        self.snapshot = snapshot
        self.model = ModelView(model)
        self.targets = targets
    }
}

/// The external policy's answer: actions, or an error text.
public struct PolicyResponse: Sendable, Equatable, Codable {
    public var version: Int
    public var actions: [OrchestratorAction]
    /// Set when the policy could not decide; the orchestrator then keeps the allocation.
    public var error: String?

    public init(version: Int = PolicyRequest.currentVersion, actions: [OrchestratorAction], error: String? = nil) {
        self.version = version
        self.actions = actions
        self.error = error
    }
}

/// A policy in another process, any language. Transport-agnostic: `exchange` takes the request
/// bytes and returns the response bytes (a ZeroMQ REQ socket in the orchestrator; a function
/// in tests). Framing and schema: one UTF-8 JSON object per message (docs/orchestrator.md).
///
/// A failed exchange, bad JSON or a version mismatch yields no actions (the allocation is kept)
/// and sets ``lastError``.
public struct ExternalPolicyAdapter: Policy {
    /// Sends one request, returns one response.
    public typealias Exchange = @Sendable ([UInt8]) throws -> [UInt8]

    public let name: String
    private let exchange: Exchange
    /// Why the last decision produced no actions, if it failed.
    public private(set) var lastError: String?

    /// Creates an adapter.
    /// - Parameters:
    ///   - name: name in logs and tables, e.g. `external`.
    ///   - exchange: the request/response transport.
    public init(name: String = "external", exchange: @escaping Exchange) {
        self.name = name
        self.exchange = exchange
    }

    public mutating func decide(snapshot: KPISnapshot, model: ResourceModel, targets: OrchestrationTargets) -> [OrchestratorAction] {
        lastError = nil
        do {
            let reply = try exchange(Self.encode(PolicyRequest(snapshot: snapshot, model: model, targets: targets)))
            let response = try Self.decodeResponse(reply)
            if let error = response.error { lastError = "external policy error: \(error)"; return [] }
            return response.actions
        } catch {
            lastError = "\(error)"
            return []
        }
    }

    /// JSON bytes of a request: UTF-8, keys sorted, no whitespace.
    public static func encode(_ request: PolicyRequest) -> [UInt8] { JSONBytes.encode(request) }

    /// Decodes and checks a response.
    /// - Throws: ``ExternalPolicyError``.
    public static func decodeResponse(_ bytes: [UInt8]) throws(ExternalPolicyError) -> PolicyResponse {
        let response: PolicyResponse
        do { response = try JSONBytes.decoder().decode(PolicyResponse.self, from: Data(bytes)) } catch {
            throw .badResponse("\(error)")
        }
        guard response.version == PolicyRequest.currentVersion else {
            throw .versionMismatch(got: response.version, expected: PolicyRequest.currentVersion)
        }
        return response
    }
}

/// Why an external policy's answer was not used.
public enum ExternalPolicyError: Error, Equatable, Sendable, CustomStringConvertible {
    case badResponse(String)
    case versionMismatch(got: Int, expected: Int)

    public var description: String {
        switch self {
        case .badResponse(let why): "external policy response is not valid: \(why)"
        case let .versionMismatch(got, expected): "external policy answered version \(got), expected \(expected)"
        }
    }
}

/// Sorted-key, compact JSON, as every document of the project.
public enum JSONBytes {
    /// Sorted keys, no whitespace (unless pretty), infinities as `Infinity`.
    public static func encode<T: Encodable>(_ value: T, pretty: Bool = false) -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = pretty ? [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes] : [.sortedKeys, .withoutEscapingSlashes]
        // An unstable queue predicts an infinite p99; write it as JavaScript/Python do.
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "Infinity", negativeInfinity: "-Infinity", nan: "NaN")
        // Only finite numbers, strings, arrays and nested structs: encoding cannot fail.
        return Array((try? encoder.encode(value)) ?? Data("{}".utf8))
    }

    /// A decoder that reads what ``encode(_:pretty:)`` writes.
    public static func decoder() -> JSONDecoder {
        let d = JSONDecoder()
        d.nonConformingFloatDecodingStrategy = .convertFromString(positiveInfinity: "Infinity", negativeInfinity: "-Infinity", nan: "NaN")
        return d
    }
}
