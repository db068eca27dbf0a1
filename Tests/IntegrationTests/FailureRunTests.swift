import Foundation
import XCTest

final class FailureRunTests: XCTestCase {
    func testVendorMismatchFailsBeforeTrafficNamingBothEnds() throws {
        let dir = B5G.temporaryDirectory("mismatch")
        let r = try B5G.run(["run", "Scenarios/multi-vendor-mismatch.yaml", "--out", "\(dir)/run", "--quiet"])
        XCTAssertEqual(r.status, 3)
        let text = r.stdout + r.stderr
        for word in ["du1", "globex", "ru1", "initech", "maxPRBs"] { XCTAssertTrue(text.contains(word), word) }
        let s = try B5G.summary("\(dir)/run")
        XCTAssertEqual(s["status"] as? String, "setupFailed")
    }

    func testKilledNodeIsNamedResultsKeptAndNoOrphans() throws {
        let dir = B5G.temporaryDirectory("kill")
        let scenario = try B5G.scenario("quickstart.yaml", in: dir, replacing: ["duration": "60s"])
        var launcherPID: Int32 = 0
        let r = try B5G.run(["run", scenario, "--out", "\(dir)/run", "--quiet"], timeoutS: 60) { p in
            launcherPID = p.processIdentifier
            DispatchQueue.global().asyncAfter(deadline: .now() + 3) {
                // Kill the DU the launcher started.
                let pids = Self.children(of: p.processIdentifier)
                for pid in pids where Self.commandLine(pid).contains(" du ") { kill(pid, SIGKILL) }
            }
        }
        XCTAssertEqual(r.status, 1)
        XCTAssertTrue(r.stdout.contains("du1"), r.stdout)
        let s = try B5G.summary("\(dir)/run")
        XCTAssertEqual(s["status"] as? String, "nodeFailed")
        let failure = try XCTUnwrap(s["failure"] as? [String: Any])
        XCTAssertEqual(failure["node"] as? String, "du1")
        XCTAssertEqual(failure["exitStatus"] as? Int, 137)
        XCTAssertFalse((failure["lastLogLines"] as? [String] ?? []).isEmpty)
        let ues = try XCTUnwrap(s["ues"] as? [[String: Any]])
        let received = ues.compactMap { ($0["downlink"] as? [String: Any])?["receivedPackets"] as? Int }.reduce(0, +)
        XCTAssertGreaterThan(received, 0, "what was measured before the failure is kept")
        usleep(500_000)
        XCTAssertTrue(Self.children(of: launcherPID).isEmpty, "no node outlives the launcher")
    }

    func testInterruptKeepsWhatWasMeasured() throws {
        let dir = B5G.temporaryDirectory("interrupt")
        let scenario = try B5G.scenario("quickstart.yaml", in: dir, replacing: ["duration": "60s"])
        var launcherPID: Int32 = 0
        let r = try B5G.run(["run", scenario, "--out", "\(dir)/run", "--quiet"], timeoutS: 60) { p in
            launcherPID = p.processIdentifier
            DispatchQueue.global().asyncAfter(deadline: .now() + 3) { kill(p.processIdentifier, SIGINT) }
        }
        XCTAssertEqual(r.status, 130)
        let s = try B5G.summary("\(dir)/run")
        XCTAssertEqual(s["status"] as? String, "interrupted")
        let ues = try XCTUnwrap(s["ues"] as? [[String: Any]])
        let received = ues.compactMap { ($0["downlink"] as? [String: Any])?["receivedPackets"] as? Int }.reduce(0, +)
        XCTAssertGreaterThan(received, 0, "nodes report what they measured before stopping")
        XCTAssertLessThan(s["emulatedReachedMs"] as? Double ?? 60_000, 60_000)
        usleep(500_000)
        XCTAssertTrue(Self.children(of: launcherPID).isEmpty, "no node outlives the launcher")
    }

    func testBadScenarioExitsTwoWithLineNumbers() throws {
        let dir = B5G.temporaryDirectory("bad")
        let path = "\(dir)/bad.yaml"
        let text = try String(contentsOf: B5G.repositoryRoot.appendingPathComponent("Scenarios/quickstart.yaml"), encoding: .utf8)
            .replacingOccurrences(of: "    prbs: 106", with: "    prb: 106")
            .replacingOccurrences(of: "scheduler: pf", with: "scheduler: pff")
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        let line = text.split(separator: "\n", omittingEmptySubsequences: false).firstIndex { $0.contains("prb: 106") }! + 1
        for command in [["validate", path], ["run", path, "--quiet", "--out", "\(dir)/never"]] {
            let r = try B5G.run(command)
            XCTAssertEqual(r.status, 2)
            XCTAssertTrue(r.stderr.contains("bad.yaml:\(line):"), r.stderr)
            XCTAssertTrue(r.stderr.contains("prbs"), "did-you-mean for the key")
            XCTAssertTrue(r.stderr.contains("pf"), "did-you-mean for the value")
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: "\(dir)/never/summary.json"), "nothing started")
    }

    static func children(of pid: Int32) -> [Int32] {
        let text = (try? String(contentsOfFile: "/proc/\(pid)/task/\(pid)/children", encoding: .utf8)) ?? ""
        return text.split(separator: " ").compactMap { Int32($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
    }

    static func commandLine(_ pid: Int32) -> String {
        let data = (try? Data(contentsOf: URL(fileURLWithPath: "/proc/\(pid)/cmdline"))) ?? Data()
        return " " + String(decoding: data.map { $0 == 0 ? 32 : $0 }, as: UTF8.self)
    }
}
