import Foundation
import XCTest

/// A node that stops advancing is the one named, not the peers left waiting for it.
final class BlameRunTests: XCTestCase {
    /// SIGSTOP the DU of a quickstart run in separate processes: the run stops with exit 1 and
    /// names du1, with how long it was silent; cu1 and ru1, which wait for it, are not blamed.
    func testStoppedDUIsNamedNotItsWaitingPeers() throws {
        let dir = B5G.temporaryDirectory("blame")
        let scenario = try B5G.scenario("quickstart.yaml", in: dir, replacing: ["duration": "60s"])
        let nodes = PIDs()
        let started = Date()
        let (r, acted) = try B5G.run(["run", scenario, "--out", "\(dir)/run", "--silence-limit", "3"], timeoutS: 40,
                                     when: FailureRunTests.trafficFlows) { launcher in
            nodes.pids = FailureRunTests.children(of: launcher.processIdentifier)
            for pid in nodes.pids where FailureRunTests.commandLine(pid).contains(" du ") { kill(pid, SIGSTOP) }
        }
        let elapsedS = Date().timeIntervalSince(started)
        XCTAssertTrue(acted, "the run never reached traffic on every node: \(r.stderr.suffix(300))")
        XCTAssertEqual(nodes.pids.count, 6, "the launcher started every node")
        XCTAssertEqual(r.status, 1, r.stdout + r.stderr.suffix(500))
        let s = try B5G.summary("\(dir)/run")
        XCTAssertEqual(s["status"] as? String, "nodeFailed")
        let failure = try XCTUnwrap(s["failure"] as? [String: Any])
        XCTAssertEqual(failure["node"] as? String, "du1", "\(failure)")
        let reason = failure["reason"] as? String ?? ""
        XCTAssertTrue(reason.hasPrefix("node du1 (du) stopped advancing at slot "), reason)
        XCTAssertTrue(reason.contains("nothing heard from it for "), reason)
        XCTAssertTrue(reason.contains("cu1") && reason.contains("ru1"), "the peers waiting for it: \(reason)")
        XCTAssertFalse(reason.contains("stalled waiting for"), reason)
        XCTAssertTrue(r.stdout.contains("du1"), r.stdout)
        XCTAssertLessThan(elapsedS, 30, "named after the silence limit, well before the nodes' own 30 s stall timeout")
        XCTAssertEqual(nodes.pids.filter(FailureRunTests.isAlive), [], "no node outlives the launcher")
    }
}
