import XCTest
import Foundation
@testable import Orchestrator

final class ExternalPolicyAdapterTests: XCTestCase {
    static let toolDir = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath()
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("tools/external-policy")

    /// The request of tools/external-policy/sample_request.json: du1 busy (90 %), du2 idle (10 %).
    static func sampleRequest() -> PolicyRequest {
        var s = Fixtures.snapshot(loads: ["cell1": 0.5, "cell2": 0.5, "cell3": 0.5, "cell4": 0.5])
        for i in s.vdus.indices {
            s.vdus[i].utilisation = ["du1": 0.9, "du2": 0.1][s.vdus[i].vduID] ?? 0.5
            s.vdus[i].processingP99Us = (s.vdus[i].processingP99Us * 10).rounded() / 10
        }
        s.cells = Array(s.cells.prefix(1))
        s.rus = Array(s.rus.prefix(2))
        s.servers = Array(s.servers.prefix(1))
        for i in s.cells.indices { s.cells[i].slices = s.cells[i].slices.map { var k = $0; k.latencyP99Ms = (k.latencyP99Ms * 100).rounded() / 100; k.latencyP50Ms = (k.latencyP50Ms * 100).rounded() / 100; return k } }
        for i in s.rus.indices { s.rus[i].powerW = s.rus[i].powerW.rounded() }
        for i in s.servers.indices { s.servers[i].powerW = s.servers[i].powerW.rounded(); s.servers[i].utilisation = (s.servers[i].utilisation * 1000).rounded() / 1000 }
        return PolicyRequest(snapshot: s, model: Fixtures.model(), targets: Fixtures.targets, refused: [sampleRefusal])
    }

    /// The refusal in the sample request: the previous period's first action asked too much.
    static let sampleRefusal = RefusedAction(
        period: 0, index: 0,
        action: #"{"action":{"cores":40,"type":"setCores","vdu":"du1"},"applyAtSlot":2000,"reason":"external: vDU utilisation 95 % > 80 %"}"#,
        reason: "40 cores requested for vDU du1 on server srv1, which has 32 cores (2 in use by others)", refusedBy: "orchestrator")

    func testRoundTripThroughAFakeTransport() throws {
        // The fake external policy decodes the request as any client would and sizes du1 by its utilisation.
        var adapter = ExternalPolicyAdapter(name: "external") { requestBytes in
            let request = try JSONBytes.decoder().decode(PolicyRequest.self, from: Data(requestBytes))
            XCTAssertEqual(request.protocol, "b5g-policy")
            let du1 = request.snapshot.vdus.first { $0.vduID == "du1" }!
            let cores = request.model.vdus.first { $0.id == "du1" }!.cores
            let action = OrchestratorAction(.setCores(vdu: "du1", cores: du1.utilisation > 0.8 ? cores + 1 : cores), applyAtSlot: request.snapshot.slot + 1,
                                            reason: "fake")
            return JSONBytes.encode(PolicyResponse(actions: [action]))
        }
        let r = Self.sampleRequest()
        let actions = adapter.decide(snapshot: r.snapshot, model: Fixtures.model(), targets: Fixtures.targets)
        XCTAssertEqual(actions, [OrchestratorAction(.setCores(vdu: "du1", cores: 13), applyAtSlot: 4000, reason: "fake")])
        XCTAssertNil(adapter.lastError)
    }

    func testFailuresKeepTheAllocation() {
        struct Down: Error {}
        let cases: [(ExternalPolicyAdapter.Exchange, String)] = [
            ({ _ in throw Down() }, "Down()"),
            ({ _ in Array("not json".utf8) }, "external policy response is not valid"),
            ({ _ in Array(#"{"version":2,"actions":[]}"#.utf8) }, "external policy answered version 2, expected 1"),
            ({ _ in Array(#"{"version":1,"actions":[],"error":"no model"}"#.utf8) }, "external policy error: no model"),
        ]
        for (exchange, expected) in cases {
            var adapter = ExternalPolicyAdapter(exchange: exchange)
            let r = Self.sampleRequest()
            XCTAssertEqual(adapter.decide(snapshot: r.snapshot, model: Fixtures.model(), targets: Fixtures.targets), [])
            XCTAssertTrue(adapter.lastError?.hasPrefix(expected) ?? false, "\(adapter.lastError ?? "nil")")
        }
    }

    /// The committed sample request is what the adapter sends (schema fixture for other languages).
    func testSampleRequestFixtureMatchesTheEncoder() throws {
        let url = Self.toolDir.appendingPathComponent("sample_request.json")
        let fixture = try Data(contentsOf: url)
        let decoded = try JSONBytes.decoder().decode(PolicyRequest.self, from: fixture)
        XCTAssertEqual(decoded, Self.sampleRequest())
        // Every key the encoder writes is in the fixture, including those read with a default.
        func snapshotKeys(_ data: Data) throws -> [String] {
            let object = try JSONSerialization.jsonObject(with: data) as? [String: Any]
            return ((object?["snapshot"] as? [String: Any]) ?? [:]).keys.sorted()
        }
        XCTAssertEqual(try snapshotKeys(fixture), try snapshotKeys(Data(ExternalPolicyAdapter.encode(Self.sampleRequest()))))
        let response = try ExternalPolicyAdapter.decodeResponse(Array(try Data(contentsOf: Self.toolDir.appendingPathComponent("sample_response.json"))))
        XCTAssertEqual(response.actions.map(\.kind), [.setCores(vdu: "du1", cores: 13), .setCores(vdu: "du2", cores: 11)])
    }

    /// Runs the Python example's decision on the sample request; needs python3 with pyzmq.
    func testPythonExampleAnswersTheSampleRequest() throws {
        guard run(["python3", "-c", "import zmq"]).status == 0 else { throw XCTSkip("python3 with pyzmq not available") }
        let script = """
        import json, sys
        sys.path.insert(0, sys.argv[1])
        import threshold_policy as p
        sys.stdout.buffer.write(p.encode(p.decide(json.load(open(sys.argv[2])))))
        """
        let out = run(["python3", "-B", "-c", script, Self.toolDir.path, Self.toolDir.appendingPathComponent("sample_request.json").path])
        XCTAssertEqual(out.status, 0)
        let response = try ExternalPolicyAdapter.decodeResponse(out.stdout)
        XCTAssertEqual(response.actions.map(\.kind), [.setCores(vdu: "du1", cores: 13), .setCores(vdu: "du2", cores: 11)])
        XCTAssertEqual(response.actions.map(\.applyAtSlot), [4000, 4000])
        let expected = try Data(contentsOf: Self.toolDir.appendingPathComponent("sample_response.json"))
        XCTAssertEqual(try ExternalPolicyAdapter.decodeResponse(Array(expected)), response)
    }

    /// The Python example prints the refusals of the sample request as it serves.
    func testPythonExampleSaysWhichActionsWereRefused() throws {
        guard run(["python3", "-c", "pass"]).status == 0 else { throw XCTSkip("python3 not available") }
        let script = """
        import json, sys
        sys.path.insert(0, sys.argv[1])
        import threshold_policy as p
        print("\\n".join(p.refusals(json.load(open(sys.argv[2])))))
        """
        let out = run(["python3", "-B", "-c", script, Self.toolDir.path, Self.toolDir.appendingPathComponent("sample_request.json").path])
        XCTAssertEqual(out.status, 0)
        let r = Self.sampleRefusal
        XCTAssertEqual(String(decoding: out.stdout, as: UTF8.self),
                       "refused: period 0 actions[0] by orchestrator: \(r.reason) (\(r.action))\n")
    }

    private func run(_ args: [String]) -> (status: Int32, stdout: [UInt8]) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = args
        let pipe = Pipe()
        p.standardOutput = pipe
        p.standardError = FileHandle.nullDevice
        do { try p.run() } catch { return (-1, []) }
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return (p.terminationStatus, Array(data))
    }
}
