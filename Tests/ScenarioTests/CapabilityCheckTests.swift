import XCTest
@testable import Scenario

/// The capability rules of the setup procedures, each field at each end that checks it.
final class CapabilityCheckTests: XCTestCase {
    /// A core, a CU, a DU with two cells and their two RUs, each node with a vendor of its own
    /// (`corev`, `cuv`, `duv`, `ruv`) so that one vendor's profile can be changed alone. The
    /// cells have 106 PRBs at numerology 1 with bfp9 compression (every vendor supports none and
    /// bfp9 unless told otherwise); 3 UEs in cell1 and 2 in cell2.
    static func scenario(core: String = "", cu: String = "", du: String = "", ru: String = "",
                         file: StaticString = #filePath, line: UInt = #line) throws -> Scenario {
        func vendor(_ name: String, _ keys: String) -> String {
            let compression = keys.contains("fronthaulCompression") ? "" : ", fronthaulCompression: [none, bfp9]"
            return "  - { name: \(name)\(compression)\(keys.isEmpty ? "" : ", " + keys) }"
        }
        let yaml = """
            name: capabilities
            duration: 100ms
            numerology: 1
            vendors:
            \(vendor("corev", core))
            \(vendor("cuv", cu))
            \(vendor("duv", du))
            \(vendor("ruv", ru))
            nodes:
              - { name: core1, role: core, vendor: corev }
              - { name: cu1, role: cu, vendor: cuv, core: core1 }
              - { name: du1, role: du, vendor: duv, cu: cu1 }
              - { name: ru1, role: ru, vendor: ruv, du: du1 }
              - { name: ru2, role: ru, vendor: ruv, du: du1 }
              - { name: air, role: channel }
              - { name: ues, role: ue }
            cells:
              - { name: cell1, du: du1, ru: ru1, prbs: 106, fronthaulCompression: bfp9 }
              - { name: cell2, du: du1, ru: ru2, prbs: 106, fronthaulCompression: bfp9, position: [500, 0, 25] }
            ueGroups:
              - { name: a, count: 3, cell: cell1 }
              - { name: b, count: 2, cell: cell2 }
            """
        do {
            return try ScenarioLoader.load(yaml: yaml, file: "capabilities.yaml")
        } catch {
            XCTFail("\(error)", file: file, line: line)
            throw error
        }
    }

    static let core = SetupEnd(node: "core1", vendor: "corev")
    static let cu = SetupEnd(node: "cu1", vendor: "cuv")
    static let du = SetupEnd(node: "du1", vendor: "duv")
    static let ru1 = SetupEnd(node: "ru1", vendor: "ruv")

    /// The offer of `procedure` (to ru1 for the fronthaul) as the scenario's initiator builds it.
    func offer(_ procedure: SetupProcedure, in s: Scenario) throws -> SetupOffer {
        try XCTUnwrap(CapabilityCheck.offers(in: s).first { $0.procedure == procedure && $0.responder.node != "ru2" })
    }

    /// What one end of `offer` finds, with its vendor from the scenario.
    func found(_ offer: SetupOffer, by side: CapabilityCheck.Side, in s: Scenario) throws -> [CapabilityMismatch] {
        let end = side == .initiator ? offer.initiator : offer.responder
        return CapabilityCheck.mismatches(offer, checkedBy: side, vendor: try XCTUnwrap(s.vendor(named: end.vendor)), in: s)
    }

    // MARK: Offers

    func testOffersAreWhatEachInitiatorSendsFromItsVendor() throws {
        let s = try Self.scenario(cu: "ngVersions: [1, 2]", du: "f1Versions: [2, 3], maxUEs: 9")
        let offers = CapabilityCheck.offers(in: s)
        XCTAssertEqual(offers.map(\.procedure), [.ngSetup, .f1Setup, .fronthaulSetup, .fronthaulSetup])
        XCTAssertEqual(offers[0], SetupOffer(procedure: .ngSetup, initiator: Self.cu, responder: Self.core, versions: [1, 2]))
        XCTAssertEqual(offers[1], SetupOffer(procedure: .f1Setup, initiator: Self.du, responder: Self.cu, versions: [2, 3],
                                             cells: [CellOffer(name: "cell1", prbs: 106, numerology: 1),
                                                     CellOffer(name: "cell2", prbs: 106, numerology: 1)],
                                             maxUEs: 9))
        XCTAssertEqual(offers[3], SetupOffer(procedure: .fronthaulSetup, initiator: Self.du, responder: SetupEnd(node: "ru2", vendor: "ruv"),
                                             versions: [1], cells: [CellOffer(name: "cell2", prbs: 106, numerology: 1, compression: "bfp9")]))
    }

    func testMatchingVendorsHaveNoMismatchAtEitherEnd() throws {
        let s = try Self.scenario()
        XCTAssertEqual(CapabilityCheck.mismatches(in: s), [])
        for offer in CapabilityCheck.offers(in: s) {
            XCTAssertEqual(try found(offer, by: .initiator, in: s), [], "\(offer.procedure)")
            XCTAssertEqual(try found(offer, by: .responder, in: s), [], "\(offer.procedure)")
        }
    }

    // MARK: Versions

    func testVersionsAreCheckedByEachResponderAndNegotiatedToTheHighestCommon() throws {
        let s = try Self.scenario(core: "ngVersions: [2]", cu: "f1Versions: [3]", ru: "fronthaulVersions: [4]")
        let cases: [(SetupProcedure, String, String)] = [
            (.ngSetup, "ngVersions", "cu1 offers [1], core1 supports [2]"),
            (.f1Setup, "f1Versions", "du1 offers [1], cu1 supports [3]"),
            (.fronthaulSetup, "fronthaulVersions", "du1 offers [1], ru1 supports [4]"),
        ]
        for (procedure, field, detail) in cases {
            let offer = try offer(procedure, in: s)
            XCTAssertEqual(try found(offer, by: .initiator, in: s), [], "an initiator offers what it has")
            let refusal = try XCTUnwrap(try found(offer, by: .responder, in: s).first)
            XCTAssertEqual([refusal.field, refusal.detail], [field, detail])
            XCTAssertEqual(refusal.checkedBy, .responder)
            XCTAssertEqual(refusal.procedure, procedure)
        }
        XCTAssertEqual(CapabilityCheck.negotiatedVersion(offered: [1, 2, 3], supported: [2, 3, 4]), 3)
        XCTAssertNil(CapabilityCheck.negotiatedVersion(offered: [1], supported: [2]))
    }

    func testAnInitiatorRefusesAVersionItDidNotOffer() throws {
        let offer = try offer(.f1Setup, in: try Self.scenario(du: "f1Versions: [1, 2]"))
        XCTAssertNil(CapabilityCheck.answerMismatch(offer, chosenVersion: 2))
        let m = try XCTUnwrap(CapabilityCheck.answerMismatch(offer, chosenVersion: 5))
        XCTAssertEqual([m.field, m.detail], ["f1Versions", "cu1 chose version 5, du1 offered [1, 2]"])
        XCTAssertEqual(m.checkedBy, .initiator)
    }

    // MARK: Cells

    func testNumerologyIsCheckedByTheDUInF1AndByTheCUAndTheRU() throws {
        let s = try Self.scenario(cu: "numerologies: [0]", du: "numerologies: [0, 2]", ru: "numerologies: [3]")
        let f1 = try offer(.f1Setup, in: s), fronthaul = try offer(.fronthaulSetup, in: s)
        let du = try found(f1, by: .initiator, in: s)
        XCTAssertEqual(du.map(\.field), ["numerologies"], "one mismatch naming both cells")
        XCTAssertEqual(du.first?.detail, "cell cell1 uses numerology 1, cell cell2 uses numerology 1, du1 supports [0, 2]")
        XCTAssertEqual(du.first?.lacking, .initiator)
        XCTAssertEqual(try found(f1, by: .responder, in: s).map(\.detail),
                       ["cell cell1 uses numerology 1, cell cell2 uses numerology 1, cu1 supports [0]"])
        XCTAssertEqual(try found(fronthaul, by: .initiator, in: s), [], "the DU said it once, in F1 Setup")
        XCTAssertEqual(try found(fronthaul, by: .responder, in: s).map(\.detail), ["cell cell1 uses numerology 1, ru1 supports [3]"])
    }

    func testPRBsAreCheckedByTheDUInF1AndByTheCUAndTheRU() throws {
        let s = try Self.scenario(cu: "maxPRBs: 100", du: "maxPRBs: 52", ru: "maxPRBs: 105")
        let f1 = try offer(.f1Setup, in: s), fronthaul = try offer(.fronthaulSetup, in: s)
        XCTAssertEqual(try found(f1, by: .initiator, in: s).map(\.detail),
                       ["cell cell1 has 106 PRBs, cell cell2 has 106 PRBs, du1 supports at most 52"])
        XCTAssertEqual(try found(f1, by: .responder, in: s).map(\.detail),
                       ["cell cell1 has 106 PRBs, cell cell2 has 106 PRBs, cu1 supports at most 100"])
        XCTAssertEqual(try found(fronthaul, by: .initiator, in: s), [])
        XCTAssertEqual(try found(fronthaul, by: .responder, in: s).map(\.field), ["maxPRBs"])
        XCTAssertEqual(try found(fronthaul, by: .responder, in: s).first?.detail, "cell cell1 has 106 PRBs, ru1 supports at most 105")
        // At the limit is enough.
        let exact = try Self.scenario(cu: "maxPRBs: 106", du: "maxPRBs: 106", ru: "maxPRBs: 106")
        XCTAssertEqual(CapabilityCheck.mismatches(in: exact), [])
    }

    func testCompressionIsCheckedByTheDUAndTheRUInFronthaulSetup() throws {
        let s = try Self.scenario(cu: "fronthaulCompression: [none]", du: "fronthaulCompression: [none, bfp12]",
                                  ru: "fronthaulCompression: [bfp8, bfp14]")
        let fronthaul = try offer(.fronthaulSetup, in: s)
        XCTAssertEqual(try found(fronthaul, by: .initiator, in: s).map(\.detail), ["cell cell1 uses bfp9, du1 supports [none, bfp12]"])
        XCTAssertEqual(try found(fronthaul, by: .responder, in: s).map(\.detail), ["cell cell1 uses bfp9, ru1 supports [bfp8, bfp14]"])
        XCTAssertEqual(try found(fronthaul, by: .responder, in: s).first?.field, "fronthaulCompression")
        // F1 carries no compression: the CU's list does not matter.
        XCTAssertEqual(try found(try offer(.f1Setup, in: s), by: .responder, in: s), [])
    }

    // MARK: UE contexts

    func testUEContextsAreCheckedByTheCUAndTheCoreInNGSetup() throws {
        let s = try Self.scenario(core: "maxUEs: 4", cu: "maxUEs: 4")
        let ng = try offer(.ngSetup, in: s)
        XCTAssertEqual(try found(ng, by: .initiator, in: s).map(\.detail),
                       ["cu1 holds the contexts of 5 UEs (the cells of its DUs), supports at most 4"])
        XCTAssertEqual(try found(ng, by: .responder, in: s).map(\.detail),
                       ["core1 registers 5 UEs (the cells of its CUs), supports at most 4"])
        XCTAssertEqual(try found(ng, by: .responder, in: s).first?.field, "maxUEs")
        XCTAssertEqual(CapabilityCheck.mismatches(in: try Self.scenario(core: "maxUEs: 5", cu: "maxUEs: 5")), [], "at the limit")
    }

    func testUEContextsAreCheckedByTheDUAndTheCUChecksTheDUsOffer() throws {
        let s = try Self.scenario(du: "maxUEs: 4")
        var f1 = try offer(.f1Setup, in: s)
        XCTAssertEqual(f1.maxUEs, 4)
        XCTAssertEqual(try found(f1, by: .initiator, in: s).map(\.detail), ["du1's cells carry 5 UEs, du1 supports at most 4"])
        let offered = try XCTUnwrap(try found(f1, by: .responder, in: s).first)
        XCTAssertEqual([offered.field, offered.detail], ["maxUEs", "du1's cells carry 5 UEs, du1 offers 4 UE contexts"])
        XCTAssertEqual([offered.checkedBy, offered.lacking], [.responder, .initiator])
        // What the CU checks is the offer, whatever the DU's vendor says.
        f1.maxUEs = 5
        XCTAssertEqual(try found(f1, by: .responder, in: s), [])
        // The CU's own limit is NG Setup's business: a CU for fewer UEs still takes the DU.
        let small = try Self.scenario(cu: "maxUEs: 1")
        XCTAssertEqual(try found(try offer(.f1Setup, in: small), by: .responder, in: small), [])
        XCTAssertEqual(CapabilityCheck.mismatches(in: small).map(\.procedure), [.ngSetup])
    }

    // MARK: The scenario

    func testEveryMismatchOfAScenarioOnceInProcedureOrder() throws {
        let s = try Self.scenario(core: "ngVersions: [2]", du: "maxUEs: 4, fronthaulCompression: [none]", ru: "maxPRBs: 100")
        let all = CapabilityCheck.mismatches(in: s)
        XCTAssertEqual(all.map { "\($0.procedure.rawValue) \($0.responder.node) \($0.checkedBy) \($0.field)" }, [
            "NG Setup core1 responder ngVersions",
            "F1 Setup cu1 initiator maxUEs",   // the CU's check of the same offer is not listed again
            "Fronthaul Setup ru1 initiator fronthaulCompression",
            "Fronthaul Setup ru1 responder maxPRBs",
            "Fronthaul Setup ru2 initiator fronthaulCompression",
            "Fronthaul Setup ru2 responder maxPRBs",
        ])
        XCTAssertEqual(all.first?.initiator, Self.cu)
        XCTAssertEqual(all.first?.responder, Self.core)
    }
}
