// Vendor capabilities where two vendors' equipment meets: the setup procedures. The rules are
// written once, here; the roles apply them to the requests they send and receive, and
// `b5g validate --strict` applies them to every procedure of a scenario without running it.

/// The setup procedures in which vendor capabilities are checked (docs/interfaces.md, "Setup procedures").
public enum SetupProcedure: String, Sendable, Equatable, CaseIterable {
    /// CU -> its core.
    case ngSetup = "NG Setup"
    /// DU -> its CU.
    case f1Setup = "F1 Setup"
    /// DU -> the RU of each of its cells.
    case fronthaulSetup = "Fronthaul Setup"

    /// The vendor-profile field that lists this procedure's protocol versions.
    public var versionsField: String {
        switch self {
        case .ngSetup: "ngVersions"
        case .f1Setup: "f1Versions"
        case .fronthaulSetup: "fronthaulVersions"
        }
    }

    /// The protocol versions of this procedure that a vendor supports.
    /// - Parameter vendor: The vendor profile.
    /// - Returns: `ngVersions`, `f1Versions` or `fronthaulVersions`.
    public func versions(of vendor: VendorProfile) -> [Int] {
        switch self {
        case .ngSetup: vendor.ngVersions
        case .f1Setup: vendor.f1Versions
        case .fronthaulSetup: vendor.fronthaulVersions
        }
    }
}

/// One end of a setup procedure: a node and the name of its vendor.
public struct SetupEnd: Sendable, Equatable {
    public var node: String
    public var vendor: String
    public init(node: String, vendor: String) { self.node = node; self.vendor = vendor }
}

/// A cell as a setup request describes it.
public struct CellOffer: Sendable, Equatable {
    public var name: String
    public var prbs: Int
    public var numerology: Int
    /// The IQ compression asked of the RU (fronthaul setup only; nil in F1 Setup).
    public var compression: String?
    public init(name: String, prbs: Int, numerology: Int, compression: String? = nil) {
        self.name = name; self.prbs = prbs; self.numerology = numerology; self.compression = compression
    }
}

/// What one setup request carries: who asks whom, the versions offered, the cells to serve
/// and the UE contexts the initiator holds.
public struct SetupOffer: Sendable, Equatable {
    public var procedure: SetupProcedure
    public var initiator: SetupEnd
    public var responder: SetupEnd
    public var versions: [Int]
    /// F1 Setup: the DU's served cells; fronthaul setup: the one cell; NG Setup: none.
    public var cells: [CellOffer]
    /// F1 Setup: the DU's UE contexts (its vendor's `maxUEs`); nil elsewhere.
    public var maxUEs: Int?
    public init(procedure: SetupProcedure, initiator: SetupEnd, responder: SetupEnd, versions: [Int],
                cells: [CellOffer] = [], maxUEs: Int? = nil) {
        self.procedure = procedure; self.initiator = initiator; self.responder = responder; self.versions = versions
        self.cells = cells; self.maxUEs = maxUEs
    }
}

/// A capability that one end of a setup procedure lacks: the procedure fails with it.
public struct CapabilityMismatch: Sendable, Equatable {
    public var procedure: SetupProcedure
    public var initiator: SetupEnd
    public var responder: SetupEnd
    /// The end that found it.
    public var checkedBy: CapabilityCheck.Side
    /// The end whose vendor lacks the capability: the one that checked, except when a CU finds
    /// the UE contexts a DU offers too few.
    public var lacking: CapabilityCheck.Side
    /// The vendor-profile field, e.g. `maxPRBs`, `f1Versions`.
    public var field: String
    public var detail: String
    public init(procedure: SetupProcedure, initiator: SetupEnd, responder: SetupEnd, checkedBy: CapabilityCheck.Side,
                lacking: CapabilityCheck.Side? = nil, field: String, detail: String) {
        self.procedure = procedure; self.initiator = initiator; self.responder = responder; self.checkedBy = checkedBy
        self.lacking = lacking ?? checkedBy; self.field = field; self.detail = detail
    }
}

/// The capability rules of the setup procedures, for both ends.
///
/// | procedure | initiator, before it sends (its own vendor) | responder, on the request (its own vendor) |
/// |---|---|---|
/// | NG Setup | CU: UEs of its DUs' cells <= `maxUEs` | core: common `ngVersions`; UEs of its CUs' cells <= `maxUEs` |
/// | F1 Setup | DU: each cell's numerology in `numerologies`, PRBs <= `maxPRBs`; UEs of its cells <= `maxUEs` | CU: common `f1Versions`; each served cell's numerology in `numerologies`, PRBs <= `maxPRBs`; UEs of the served cells <= the DU's offered `maxUEs` |
/// | Fronthaul Setup | DU: the cell's compression in `fronthaulCompression` | RU: common `fronthaulVersions`; numerology in `numerologies`; PRBs <= `maxPRBs`; compression in `fronthaulCompression` |
///
/// An initiator also checks that the version its responder chose is one it offered
/// (``answerMismatch(_:chosenVersion:)``).
public enum CapabilityCheck {
    /// Which end of a setup procedure checks.
    public enum Side: String, Sendable, Equatable {
        /// Before sending its request: its own vendor against what it is about to ask for.
        case initiator
        /// On the request: its own vendor against the offer, and the offer against the scenario.
        case responder
    }

    /// The highest protocol version both ends support.
    /// - Parameters:
    ///   - offered: The initiator's versions.
    ///   - supported: The responder's versions.
    /// - Returns: The version, or nil when they have none in common.
    public static func negotiatedVersion(offered: [Int], supported: [Int]) -> Int? {
        Set(offered).intersection(supported).max()
    }

    /// Every capability one end of a setup procedure lacks, in the order that end checks them.
    /// A node refuses with the first; `b5g validate --strict` lists them all.
    /// - Parameters:
    ///   - offer: The request: from ``offers(in:)`` (the initiator's, or validate's view) or as received.
    ///   - side: The end that checks.
    ///   - vendor: That end's vendor profile.
    ///   - scenario: The scenario, for the UEs of each cell.
    /// - Returns: The mismatches; empty when that end can do what the procedure asks.
    public static func mismatches(_ offer: SetupOffer, checkedBy side: Side, vendor: VendorProfile,
                                  in scenario: Scenario) -> [CapabilityMismatch] {
        let me = side == .initiator ? offer.initiator.node : offer.responder.node
        var found: [CapabilityMismatch] = []
        func add(_ field: String, _ detail: String, lacking: Side? = nil) {
            found.append(CapabilityMismatch(procedure: offer.procedure, initiator: offer.initiator, responder: offer.responder,
                                            checkedBy: side, lacking: lacking, field: field, detail: detail))
        }
        let procedure = offer.procedure
        if side == .responder {
            let supported = procedure.versions(of: vendor)
            if negotiatedVersion(offered: offer.versions, supported: supported) == nil {
                add(procedure.versionsField, "\(offer.initiator.node) offers \(offer.versions), \(me) supports \(supported)")
            }
        }
        // The DU checks its own numerologies and PRBs once, in F1 Setup; the CU and the RU check the cells offered.
        let checksCells = procedure == .f1Setup || (procedure == .fronthaulSetup && side == .responder)
        if checksCells {
            // One mismatch per field, naming every cell concerned.
            let unsupported = offer.cells.filter { !vendor.numerologies.contains($0.numerology) }
            if !unsupported.isEmpty {
                let uses = unsupported.map { "cell \($0.name) uses numerology \($0.numerology)" }.joined(separator: ", ")
                add("numerologies", "\(uses), \(me) supports \(vendor.numerologies)")
            }
            let wide = offer.cells.filter { $0.prbs > vendor.maxPRBs }
            if !wide.isEmpty {
                let has = wide.map { "cell \($0.name) has \($0.prbs) PRBs" }.joined(separator: ", ")
                add("maxPRBs", "\(has), \(me) supports at most \(vendor.maxPRBs)")
            }
        }
        if procedure == .fronthaulSetup {
            let supported = vendor.fronthaulCompression.map(\.rawValue)
            for cell in offer.cells {
                guard let compression = cell.compression, !supported.contains(compression) else { continue }
                add("fronthaulCompression", "cell \(cell.name) uses \(compression), \(me) supports [\(supported.joined(separator: ", "))]")
            }
        }
        switch (procedure, side) {
        case (.ngSetup, .initiator):
            let ues = scenario.ueCount(inCells: scenario.cells(ofCU: me).map(\.name))
            if ues > vendor.maxUEs {
                add("maxUEs", "\(me) holds the contexts of \(ues) UEs (the cells of its DUs), supports at most \(vendor.maxUEs)")
            }
        case (.ngSetup, .responder):
            let cells = scenario.nodes(withRole: .cu).filter { $0.core == me }.flatMap { scenario.cells(ofCU: $0.name) }
            let ues = scenario.ueCount(inCells: cells.map(\.name))
            if ues > vendor.maxUEs {
                add("maxUEs", "\(me) registers \(ues) UEs (the cells of its CUs), supports at most \(vendor.maxUEs)")
            }
        case (.f1Setup, .initiator):
            let ues = scenario.ueCount(inCells: offer.cells.map(\.name))
            if ues > vendor.maxUEs {
                add("maxUEs", "\(me)'s cells carry \(ues) UEs, \(me) supports at most \(vendor.maxUEs)")
            }
        case (.f1Setup, .responder):
            let ues = scenario.ueCount(inCells: offer.cells.map(\.name))
            if let offered = offer.maxUEs, ues > offered {
                add("maxUEs", "\(offer.initiator.node)'s cells carry \(ues) UEs, \(offer.initiator.node) offers \(offered) UE contexts",
                    lacking: .initiator)
            }
        case (.fronthaulSetup, _):
            break
        }
        return found
    }

    /// The initiator's check of a response: the version its responder chose must be one it offered.
    /// - Parameters:
    ///   - offer: The request the initiator sent.
    ///   - chosenVersion: The version in the response.
    /// - Returns: The mismatch, or nil when the version was offered.
    public static func answerMismatch(_ offer: SetupOffer, chosenVersion: Int) -> CapabilityMismatch? {
        guard !offer.versions.contains(chosenVersion) else { return nil }
        return CapabilityMismatch(procedure: offer.procedure, initiator: offer.initiator, responder: offer.responder,
                                  checkedBy: .initiator, field: offer.procedure.versionsField,
                                  detail: "\(offer.responder.node) chose version \(chosenVersion), \(offer.initiator.node) offered \(offer.versions)")
    }

    /// Every setup request the scenario's nodes send, in node order: NG Setup from each CU, then
    /// from each DU its F1 Setup and a fronthaul setup per cell.
    /// - Parameter scenario: A validated scenario.
    /// - Returns: The offers, as the initiators build them from their vendor profiles.
    public static func offers(in scenario: Scenario) -> [SetupOffer] {
        func end(_ node: String) -> SetupEnd { SetupEnd(node: node, vendor: scenario.node(named: node)?.vendor ?? "") }
        func vendor(_ node: String) -> VendorProfile {
            scenario.node(named: node)?.vendor.flatMap { scenario.vendor(named: $0) } ?? VendorProfile(name: "")
        }
        var offers: [SetupOffer] = []
        for node in scenario.nodes {
            switch node.role {
            case .cu:
                guard let core = node.core else { continue }
                offers.append(SetupOffer(procedure: .ngSetup, initiator: end(node.name), responder: end(core),
                                         versions: vendor(node.name).ngVersions))
            case .du:
                guard let cu = node.cu else { continue }
                let mine = vendor(node.name), cells = scenario.cells(ofDU: node.name)
                offers.append(SetupOffer(procedure: .f1Setup, initiator: end(node.name), responder: end(cu), versions: mine.f1Versions,
                                         cells: cells.map { CellOffer(name: $0.name, prbs: $0.prbs, numerology: scenario.numerology) },
                                         maxUEs: mine.maxUEs))
                for cell in cells {
                    offers.append(SetupOffer(procedure: .fronthaulSetup, initiator: end(node.name), responder: end(cell.ru),
                                             versions: mine.fronthaulVersions,
                                             cells: [CellOffer(name: cell.name, prbs: cell.prbs, numerology: scenario.numerology,
                                                               compression: cell.fronthaulCompression.rawValue)]))
                }
            default:
                continue
            }
        }
        return offers
    }

    /// Every mismatch a run of the scenario would meet: both ends of every setup procedure,
    /// the initiator's checks first (`b5g validate --strict`). A run stops at the first it meets.
    /// What both ends find of the same vendor (a DU's `maxUEs`) is listed once.
    /// - Parameter scenario: A validated scenario.
    /// - Returns: The mismatches, in the order of ``offers(in:)``; empty when every setup succeeds.
    public static func mismatches(in scenario: Scenario) -> [CapabilityMismatch] {
        func vendor(_ end: SetupEnd) -> VendorProfile { scenario.vendor(named: end.vendor) ?? VendorProfile(name: end.vendor) }
        return offers(in: scenario).flatMap { offer in
            let mine = mismatches(offer, checkedBy: .initiator, vendor: vendor(offer.initiator), in: scenario)
            let peers = mismatches(offer, checkedBy: .responder, vendor: vendor(offer.responder), in: scenario)
            return mine + peers.filter { m in !mine.contains { $0.lacking == m.lacking && $0.field == m.field } }
        }
    }
}

extension Scenario {
    /// Cells of the dus of one cu, in file order.
    /// - Parameter cu: Name of the cu node.
    /// - Returns: The cells whose du names that cu.
    public func cells(ofCU cu: String) -> [CellConfig] {
        let dus = Set(nodes.filter { $0.role == .du && $0.cu == cu }.map(\.name))
        return cells.filter { dus.contains($0.du) }
    }

    /// UEs of the groups in some cells.
    /// - Parameter names: Cell names.
    /// - Returns: The sum of those groups' counts.
    public func ueCount(inCells names: [String]) -> Int {
        let names = Set(names)
        return ueGroups.filter { names.contains($0.cell) }.reduce(0) { $0 + $1.count }
    }
}
