import Interfaces
import Scenario
import XCTest
@testable import Nodes

/// Vendor capabilities at setup, one role at a time: a DU (and a CU) refuses what its own vendor
/// cannot do before sending anything; the core, the CU and the RU refuse a request their vendor,
/// or the offer, cannot meet, and answer with the failure.
final class SetupRoleTests: XCTestCase {
    /// A core, a CU, a DU with one 106-PRB bfp9 cell at numerology 1 and its RU, each node with a
    /// vendor of its own (`corev`, `cuv`, `duv`, `ruv`, each supporting none and bfp9 unless
    /// told otherwise); 5 UEs in the cell.
    static func yaml(core: String = "", cu: String = "", du: String = "", ru: String = "") -> String {
        func vendor(_ name: String, _ keys: String) -> String {
            let compression = keys.contains("fronthaulCompression") ? "" : ", fronthaulCompression: [none, bfp9]"
            return "  - { name: \(name)\(compression)\(keys.isEmpty ? "" : ", " + keys) }"
        }
        return """
            name: setup-role
            duration: 50ms
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
              - { name: air, role: channel }
              - { name: ues, role: ue }
            cells:
              - { name: cell1, du: du1, ru: ru1, prbs: 106, fronthaulCompression: bfp9 }
            ueGroups:
              - { name: a, count: 5, cell: cell1 }
            """
    }

    /// The F1 Setup Request du1 sends with the default profiles.
    static let f1Request = F1SetupRequest(duNode: "du1", vendor: "duv", versions: [1],
                                          servedCells: [ServedCell(name: "cell1", prbs: 106, numerology: 1)], maxUEs: 1024)
    static let fronthaulRequest = FronthaulSetupRequest(duNode: "du1", vendor: "duv", versions: [1], cell: "cell1", prbs: 106,
                                                        numerology: 1, compression: "bfp9")

    func assertFailure(_ failure: SetupFailure?, _ procedure: String, _ initiator: (String, String), _ responder: (String, String),
                       field: String, detail: String, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(failure, SetupFailure(procedure: procedure, initiator: initiator.0, initiatorVendor: initiator.1,
                                             responder: responder.0, responderVendor: responder.1, field: field, detail: detail),
                       file: file, line: line)
    }

    // MARK: DU: its own vendor, before sending

    func testDUWithCapableVendorSendsF1AndFronthaulSetupFromItsProfile() throws {
        let h = try RoleHarness(yaml: Self.yaml(du: "f1Versions: [1, 2]"), node: "du1")
        let sent = h.sendSetupRequests()
        XCTAssertNil(h.engine.setupFailure)
        var expected = Self.f1Request
        expected.versions = [1, 2]
        XCTAssertEqual(sent.to("cu1").controls(F1SetupRequest.self), [expected])
        XCTAssertEqual(sent.to("ru1").controls(FronthaulSetupRequest.self), [Self.fronthaulRequest])
    }

    func testDUWhoseVendorCannotServeTheCellsPRBsRefusesInF1Setup() throws {
        let h = try RoleHarness(yaml: Self.yaml(du: "maxPRBs: 52"), node: "du1")
        XCTAssertEqual(h.sendSetupRequests().count, 0, "nothing is sent")
        assertFailure(h.engine.setupFailure, "F1 Setup", ("du1", "duv"), ("cu1", "cuv"),
                      field: "maxPRBs", detail: "cell cell1 has 106 PRBs, du1 supports at most 52")
        XCTAssertEqual(h.sendSetupRequests().count, 0, "a retry sends nothing either")
    }

    func testDUWithoutTheNumerologyRefusesInF1Setup() throws {
        let h = try RoleHarness(yaml: Self.yaml(du: "numerologies: [0]"), node: "du1")
        XCTAssertEqual(h.sendSetupRequests().count, 0)
        assertFailure(h.engine.setupFailure, "F1 Setup", ("du1", "duv"), ("cu1", "cuv"),
                      field: "numerologies", detail: "cell cell1 uses numerology 1, du1 supports [0]")
    }

    func testDUWithFewerUEContextsThanItsCellsUEsRefusesInF1Setup() throws {
        let h = try RoleHarness(yaml: Self.yaml(du: "maxUEs: 4"), node: "du1")
        XCTAssertEqual(h.sendSetupRequests().count, 0)
        assertFailure(h.engine.setupFailure, "F1 Setup", ("du1", "duv"), ("cu1", "cuv"),
                      field: "maxUEs", detail: "du1's cells carry 5 UEs, du1 supports at most 4")
    }

    func testDUWithoutTheCellsCompressionRefusesInFronthaulSetup() throws {
        let h = try RoleHarness(yaml: Self.yaml(du: "fronthaulCompression: [none, bfp12]"), node: "du1")
        XCTAssertEqual(h.sendSetupRequests().count, 0, "not even the F1 Setup Request")
        assertFailure(h.engine.setupFailure, "Fronthaul Setup", ("du1", "duv"), ("ru1", "ruv"),
                      field: "fronthaulCompression", detail: "cell cell1 uses bfp9, du1 supports [none, bfp12]")
    }

    func testDURefusesAnAnswerWithAVersionItDidNotOffer() throws {
        let h = try RoleHarness(yaml: Self.yaml(), node: "du1")
        _ = h.sendSetupRequests()
        h.deliver(FronthaulSetupResponse(ruNode: "ru1", vendor: "ruv", version: 1), from: "ru1")
        XCTAssertNil(h.engine.setupFailure)
        h.deliver(F1SetupResponse(cuNode: "cu1", vendor: "cuv", version: 3, activatedCells: ["cell1"]), from: "cu1")
        assertFailure(h.engine.setupFailure, "F1 Setup", ("du1", "duv"), ("cu1", "cuv"),
                      field: "f1Versions", detail: "cu1 chose version 3, du1 offered [1]")
        XCTAssertFalse(h.engine.isSetUp)
    }

    // MARK: CU: its own vendor in NG Setup, the DU's offer in F1 Setup

    func testCUWithFewerUEContextsThanItsDUsCellsRefusesInNGSetup() throws {
        let h = try RoleHarness(yaml: Self.yaml(cu: "maxUEs: 3"), node: "cu1")
        XCTAssertEqual(h.sendSetupRequests().count, 0)
        assertFailure(h.engine.setupFailure, "NG Setup", ("cu1", "cuv"), ("core1", "corev"),
                      field: "maxUEs", detail: "cu1 holds the contexts of 5 UEs (the cells of its DUs), supports at most 3")
    }

    func testCURefusesADUOfferingFewerUEContextsThanItsCellsCarry() throws {
        let h = try RoleHarness(yaml: Self.yaml(), node: "cu1")
        var request = Self.f1Request
        request.maxUEs = 2
        h.deliver(request, from: "du1")
        let expected = SetupFailure(procedure: "F1 Setup", initiator: "du1", initiatorVendor: "duv", responder: "cu1",
                                    responderVendor: "cuv", field: "maxUEs", detail: "du1's cells carry 5 UEs, du1 offers 2 UE contexts")
        XCTAssertEqual(h.flush().to("du1").controls(F1SetupFailure.self), [F1SetupFailure(failure: expected)], "the DU is told")
        XCTAssertEqual(h.engine.setupFailure, expected)
        // A node whose setup failed has stopped: it answers nothing more.
        h.deliver(Self.f1Request, from: "du1")
        XCTAssertEqual(h.flush().count, 0)
    }

    func testCURefusesServedCellsItsVendorDoesNotSupport() throws {
        let h = try RoleHarness(yaml: Self.yaml(cu: "numerologies: [0], maxPRBs: 52"), node: "cu1")
        h.deliver(Self.f1Request, from: "du1")
        let failure = try XCTUnwrap(h.flush().to("du1").controls(F1SetupFailure.self).first?.failure)
        assertFailure(failure, "F1 Setup", ("du1", "duv"), ("cu1", "cuv"),
                      field: "numerologies", detail: "cell cell1 uses numerology 1, cu1 supports [0]")
    }

    func testCUAcceptsAMatchingDUWithTheHighestCommonVersion() throws {
        let h = try RoleHarness(yaml: Self.yaml(cu: "f1Versions: [1, 2, 3]"), node: "cu1")
        var request = Self.f1Request
        request.versions = [1, 2]
        h.deliver(request, from: "du1")
        XCTAssertEqual(h.flush().to("du1").controls(F1SetupResponse.self),
                       [F1SetupResponse(cuNode: "cu1", vendor: "cuv", version: 2, activatedCells: ["cell1"])])
        XCTAssertNil(h.engine.setupFailure)
    }

    // MARK: Core and RU: their own vendor against the request

    func testCoreWithFewerUEContextsThanTheScenarioRefusesNGSetup() throws {
        let h = try RoleHarness(yaml: Self.yaml(core: "maxUEs: 4"), node: "core1")
        h.deliver(NGSetupRequest(ranNode: "cu1", vendor: "cuv", versions: [1]), from: "cu1")
        let failure = try XCTUnwrap(h.flush().to("cu1").controls(NGSetupFailure.self).first?.failure)
        assertFailure(failure, "NG Setup", ("cu1", "cuv"), ("core1", "corev"),
                      field: "maxUEs", detail: "core1 registers 5 UEs (the cells of its CUs), supports at most 4")
        XCTAssertEqual(h.engine.setupFailure, failure)
    }

    func testRURefusesACompressionItsVendorDoesNotSupport() throws {
        let h = try RoleHarness(yaml: Self.yaml(), node: "ru1")
        var request = Self.fronthaulRequest
        request.compression = "bfp12"
        h.deliver(request, from: "du1")
        let failure = try XCTUnwrap(h.flush().to("du1").controls(FronthaulSetupFailure.self).first?.failure)
        assertFailure(failure, "Fronthaul Setup", ("du1", "duv"), ("ru1", "ruv"),
                      field: "fronthaulCompression", detail: "cell cell1 uses bfp12, ru1 supports [none, bfp9]")
    }

    func testRURefusesACellWiderThanItsVendorAndAcceptsOneItCanServe() throws {
        let narrow = try RoleHarness(yaml: Self.yaml(ru: "maxPRBs: 100"), node: "ru1")
        narrow.deliver(Self.fronthaulRequest, from: "du1")
        XCTAssertEqual(narrow.flush().to("du1").controls(FronthaulSetupFailure.self).map(\.failure.field), ["maxPRBs"])

        let h = try RoleHarness(yaml: Self.yaml(), node: "ru1")
        h.deliver(Self.fronthaulRequest, from: "du1")
        XCTAssertEqual(h.flush().to("du1").controls(FronthaulSetupResponse.self),
                       [FronthaulSetupResponse(ruNode: "ru1", vendor: "ruv", version: 1)])
        XCTAssertNil(h.engine.setupFailure)
    }
}
