import Interfaces
import Scenario

/// Decodes a control body or logs and returns nil (a malformed peer message is dropped).
func decodeControl<M: ControlMessage>(_ type: M.Type, _ unit: WireUnit, _ io: NodeIO) -> M? {
    do {
        return try ControlCodec.decode(type, from: unit.payload)
    } catch {
        io.counters.decodeErrors += 1
        io.warn(cause: "malformed", "dropped malformed control message", metadata: ["type": "\(M.self)", "error": "\(error)"])
        return nil
    }
}

extension NodeIO {
    /// This node's vendor profile (core, cu, du and ru have one).
    var vendor: VendorProfile {
        topology.vendor(of: nodeName) ?? VendorProfile(name: "unknown")
    }

    /// This node and its vendor, as one end of a setup procedure.
    var setupEnd: SetupEnd { SetupEnd(node: nodeName, vendor: vendor.name) }

    /// The setup requests this node sends, as ``CapabilityCheck/offers(in:)`` builds them.
    var setupOffers: [SetupOffer] {
        CapabilityCheck.offers(in: scenario).filter { $0.initiator.node == nodeName }
    }

    /// This node's own check of the requests it is about to send: the first capability its
    /// vendor lacks, as the failure of that procedure.
    func checkOwnCapabilities(_ offers: [SetupOffer]) throws(SetupProcedureError) {
        for offer in offers {
            if let first = CapabilityCheck.mismatches(offer, checkedBy: .initiator, vendor: vendor, in: scenario).first {
                throw SetupProcedureError(SetupFailure(first))
            }
        }
    }

    /// The responder's check of a request received: the first capability its vendor lacks, or
    /// that the offer lacks, as a failure, or nil when the procedure can succeed.
    func checkRequest(_ offer: SetupOffer) -> SetupFailure? {
        CapabilityCheck.mismatches(offer, checkedBy: .responder, vendor: vendor, in: scenario).first.map(SetupFailure.init)
    }

    /// The initiator's check of a response: the chosen version must be one it offered.
    func checkAnswer(_ offer: SetupOffer?, chosenVersion: Int) throws(SetupProcedureError) {
        if let offer, let mismatch = CapabilityCheck.answerMismatch(offer, chosenVersion: chosenVersion) {
            throw SetupProcedureError(SetupFailure(mismatch))
        }
    }
}

extension SetupFailure {
    /// The failure a capability mismatch makes of its procedure (what a node sends and reports).
    public init(_ m: CapabilityMismatch) {
        self.init(procedure: m.procedure.rawValue, initiator: m.initiator.node, initiatorVendor: m.initiator.vendor,
                  responder: m.responder.node, responderVendor: m.responder.vendor, field: m.field, detail: m.detail)
    }
}

// MARK: Requests <-> offers

extension NGSetupRequest {
    init(_ offer: SetupOffer) {
        self.init(ranNode: offer.initiator.node, vendor: offer.initiator.vendor, versions: offer.versions)
    }

    /// The offer as the core sees it.
    func offer(to responder: SetupEnd) -> SetupOffer {
        SetupOffer(procedure: .ngSetup, initiator: SetupEnd(node: ranNode, vendor: vendor), responder: responder, versions: versions)
    }
}

extension F1SetupRequest {
    init(_ offer: SetupOffer) {
        self.init(duNode: offer.initiator.node, vendor: offer.initiator.vendor, versions: offer.versions,
                  servedCells: offer.cells.map { ServedCell(name: $0.name, prbs: $0.prbs, numerology: $0.numerology) },
                  maxUEs: offer.maxUEs ?? 0)
    }

    /// The offer as the CU sees it.
    func offer(to responder: SetupEnd) -> SetupOffer {
        SetupOffer(procedure: .f1Setup, initiator: SetupEnd(node: duNode, vendor: vendor), responder: responder, versions: versions,
                   cells: servedCells.map { CellOffer(name: $0.name, prbs: $0.prbs, numerology: $0.numerology) }, maxUEs: maxUEs)
    }
}

extension FronthaulSetupRequest {
    /// The request for the offer's one cell.
    init(_ offer: SetupOffer) {
        let cell = offer.cells.first ?? CellOffer(name: "", prbs: 0, numerology: 0)
        self.init(duNode: offer.initiator.node, vendor: offer.initiator.vendor, versions: offer.versions, cell: cell.name,
                  prbs: cell.prbs, numerology: cell.numerology, compression: cell.compression ?? "")
    }

    /// The offer as the RU sees it.
    func offer(to responder: SetupEnd) -> SetupOffer {
        SetupOffer(procedure: .fronthaulSetup, initiator: SetupEnd(node: duNode, vendor: vendor), responder: responder, versions: versions,
                   cells: [CellOffer(name: cell, prbs: prbs, numerology: numerology, compression: compression)])
    }
}
