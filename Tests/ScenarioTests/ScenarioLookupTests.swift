import XCTest
@testable import Scenario

final class ScenarioLookupTests: XCTestCase {
    private func quickstart() throws -> Scenario { try ScenarioLoader.load(path: try fixturePath("quickstart-two-vendors")) }

    func testLookupsByNameRoleAndDU() throws {
        let scenario = try quickstart()
        XCTAssertEqual(scenario.nodeIndex(named: "ru1"), 3)
        XCTAssertNil(scenario.nodeIndex(named: "ru9"))
        XCTAssertEqual(scenario.role(ofNode: "du1"), .du)
        XCTAssertEqual(scenario.nodes(withRole: .ue).map(\.name), ["ues"])
        XCTAssertEqual(scenario.cells(ofDU: "du1").map(\.name), ["cell1"])
        XCTAssertEqual(scenario.cells(ofDU: "cu1"), [])
        XCTAssertEqual(scenario.vendor(named: "globex")?.maxPRBs, 106)
        XCTAssertEqual(scenario.cell(named: "cell1")?.ru, "ru1")
        XCTAssertEqual(scenario.ueGroups(onNode: "ues").map(\.name), ["phones", "sensors"])
        XCTAssertEqual(scenario.totalUEs, 24)
    }

    func testEndpointVariableName() {
        XCTAssertEqual(Scenario.endpointVariable(forNode: "du1"), "B5G_ENDPOINT_DU1")
        XCTAssertEqual(Scenario.endpointVariable(forNode: "du-1.a_b"), "B5G_ENDPOINT_DU_1_A_B")
    }

    func testEndpointPrecedenceExplicitThenEnvironmentThenTransport() throws {
        let scenario = try quickstart()  // tcp, host 127.0.0.1, basePort 47100
        let env = ["B5G_ENDPOINT_UES": "tcp://ignored:1", "B5G_ENDPOINT_CU1": "tcp://cu.example:6000",
                   "B5G_ENDPOINT_RU1": ""]
        // ues has an explicit endpoint, which wins over the environment.
        XCTAssertEqual(try scenario.endpoint(forNode: "ues", environment: env, ipcDirectory: "/r"), "tcp://10.0.0.9:5555")
        XCTAssertEqual(try scenario.endpoint(forNode: "cu1", environment: env, ipcDirectory: "/r"), "tcp://cu.example:6000")
        // du1 names its own host; an empty variable counts as unset.
        XCTAssertEqual(try scenario.endpoint(forNode: "du1", environment: env, ipcDirectory: "/r"), "tcp://10.0.0.2:47102")
        XCTAssertEqual(try scenario.endpoint(forNode: "ru1", environment: env, ipcDirectory: "/r"), "tcp://127.0.0.1:47103")
    }

    func testIPCAndIPv6Endpoints() throws {
        var scenario = try quickstart()
        scenario.transport.kind = .ipc
        XCTAssertEqual(try scenario.endpoint(forNode: "du1", environment: [:], ipcDirectory: "runs/q/"), "ipc://runs/q/du1.sock")
        scenario.transport = TransportConfig(kind: .tcp, host: "::1", basePort: 47000)
        XCTAssertEqual(try scenario.endpoint(forNode: "core1", environment: [:], ipcDirectory: "/r"), "tcp://[::1]:47000")
    }

    func testUnknownNodeAndBadOverrideAreExplained() throws {
        let scenario = try quickstart()
        XCTAssertThrowsError(try scenario.endpoint(forNode: "du2", environment: [:], ipcDirectory: "/r")) { error in
            XCTAssertEqual("\(error)", "no node named 'du2' in the scenario (did you mean 'du1'?); nodes: core1, cu1, du1, ru1, air, ues")
        }
        XCTAssertThrowsError(try scenario.endpoint(forNode: "air", environment: ["B5G_ENDPOINT_AIR": "localhost:5"],
                                                   ipcDirectory: "/r")) { error in
            XCTAssertEqual("\(error)", "B5G_ENDPOINT_AIR=localhost:5: 'localhost:5' does not start with tcp:// or ipc://; allowed tcp://HOST:PORT or ipc://PATH")
        }
    }
}
