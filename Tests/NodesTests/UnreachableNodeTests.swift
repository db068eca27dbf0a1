import Foundation
import Logging
import Report
import Scenario
import Transport
import XCTest
@testable import Nodes

/// A node whose E2 reports stop arriving (frozen by a fault) is held unreachable by the
/// orchestrator for exactly the periods its report is missing: the policy sees it in the
/// snapshot, actions for it are refused with the reason, summary.json counts the periods, and it
/// is reachable again once its reports return. Runs in one process, in virtual time.
final class UnreachableNodeTests: XCTestCase {
    /// 100 ms periods of 200 slots, 5 ms E2 delay; du1 frozen over slots 500-899, so it misses
    /// its reports at the ends of periods 2 (slot 599) and 3 (slot 799) and reports again in period 4.
    static func yaml(endpoint: String) -> String {
        ExternalPolicyFailureTests.yaml(endpoint: endpoint, fallback: nil)
            .replacingOccurrences(of: "duration: 600ms", with: "duration: 800ms")
            .replacingOccurrences(of: "externalTimeout: 20ms", with: "externalTimeout: 5s")
            + """
            faults:
              - { at: 250ms, duration: 200ms, node: du1 }

            """
    }

    /// Answers every request with du1 to 3 or 4 cores (alternating, so each is a change).
    private static func setCores(_ request: [UInt8]) -> [UInt8] {
        guard let r = try? JSONSerialization.jsonObject(with: Data(request)) as? [String: Any],
              let snapshot = r["snapshot"] as? [String: Any], let slot = snapshot["slot"] as? Int,
              let period = snapshot["periodIndex"] as? Int else { return Array("{}".utf8) }
        let reply = """
            {"version":1,"actions":[{"action":{"type":"setCores","vdu":"du1","cores":\(3 + period % 2)},"applyAtSlot":\(slot + 1),"reason":"period \(period)"}]}
            """
        return Array(reply.utf8)
    }

    func testAFrozenDUIsUnreachableWhileItsReportsAreMissingThenReachableAgain() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("b5g-unreachable-\(UUID().uuidString.prefix(8))").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let endpoint = "ipc://\(dir)/policy.sock"
        let context = try MessagingContext()
        let socket = try MessageSocket(context: context, kind: .rep)
        try socket.bind(endpoint)
        let policy = ReplyingPolicy(socket: socket, reply: Self.setCores)
        let served = DispatchSemaphore(value: 0)
        Thread { policy.serve(); served.signal() }.start()
        defer { policy.stop(); served.wait(); socket.close(); context.close() }

        let path = "\(dir)/s.yaml"
        try Self.yaml(endpoint: endpoint).write(toFile: path, atomically: true, encoding: .utf8)
        var options = Launcher.Options(scenarioPath: path, scenario: try ScenarioLoader.load(path: path), outDirectory: "\(dir)/run",
                                       seedOverride: nil, clockOverride: nil, quiet: true, executable: "")
        options.inProcess = true
        options.printsSummary = false
        let launcher = Launcher(options: options, logger: Logger(label: "test") { _ in SwiftLogNoOpLogHandler() })
        XCTAssertEqual(try launcher.run(), RunExitCode.ok)
        let summary = try XCTUnwrap(launcher.summary)

        // What the policy was told, period by period (7 decisions; the 8th period is only evaluated).
        let requests = policy.requests.compactMap { try? JSONSerialization.jsonObject(with: Data($0)) as? [String: Any] }
        let snapshots = requests.compactMap { $0["snapshot"] as? [String: Any] }
        XCTAssertEqual(snapshots.map { $0["periodIndex"] as? Int }, Array(0...6))
        XCTAssertEqual(snapshots.map { $0["unreachableNodes"] as? [String] ?? ["?"] }, [[], [], ["du1"], ["du1"], [], [], []])
        XCTAssertEqual(snapshots.map { ($0["vdus"] as? [Any])?.count }, [1, 1, 0, 0, 1, 1, 1], "no du1 KPIs while it is missing")
        XCTAssertEqual(snapshots.map { ($0["rus"] as? [Any])?.count }, [1, 1, 1, 1, 1, 1, 1], "ru1 reports throughout")

        // Actions for du1 decided while it is unreachable are refused with the reason, and only those.
        let csv = try String(contentsOfFile: "\(dir)/run/actions.csv", encoding: .utf8).split(separator: "\n").dropFirst()
        let setCores = csv.filter { $0.contains(",setCores,") }
        XCTAssertEqual(setCores.count, 7, "\(csv)")
        for row in setCores {
            let period = Int(row.split(separator: ",")[1]) ?? -1
            if period == 2 || period == 3 {
                XCTAssertTrue(row.hasSuffix(",refused") && row.contains("du1 is unreachable: its E2 report for period \(period) did not arrive"),
                              String(row))
            } else {
                XCTAssertTrue(row.hasSuffix(",accepted"), String(row))
            }
        }
        // The policy hears of the refusal in its next request.
        let refused = (requests[3]["refused"] as? [[String: Any]] ?? []).compactMap { $0["reason"] as? String }
        XCTAssertTrue(refused.contains("du1 is unreachable: its E2 report for period 2 did not arrive"), "\(refused)")

        XCTAssertEqual(summary.actions?.unreachablePeriods, ["du1": 2])
        XCTAssertEqual(summary.processes.first { $0.node == "du1" }?.frozenSlots, 400)
    }
}
