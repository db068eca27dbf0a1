import Foundation
import XCTest

final class FailureRunTests: XCTestCase {
    func testVendorMismatchFailsBeforeTrafficNamingBothEnds() throws {
        let dir = B5G.temporaryDirectory("mismatch")
        let r = try B5G.run(["run", "Scenarios/multi-vendor-mismatch.yaml", "--out", "\(dir)/run", "--quiet", "--in-process"])
        XCTAssertEqual(r.status, 3)
        let text = r.stdout + r.stderr
        for word in ["du1", "globex", "ru1", "initech", "maxPRBs"] { XCTAssertTrue(text.contains(word), word) }
        let s = try B5G.summary("\(dir)/run")
        XCTAssertEqual(s["status"] as? String, "setupFailed")
    }

    /// Emulated time the run must reach, on every node, before a test stops it: by then every UE has
    /// registered and received downlink packets, whatever the machine's load.
    static let trafficFlowingS = 0.3

    static func trafficFlows(_ p: B5G.Progress) -> Bool {
        p.nodesReporting == p.nodes && p.emulatedS >= trafficFlowingS
    }

    func testKilledNodeIsNamedResultsKeptAndNoOrphans() throws {
        let dir = B5G.temporaryDirectory("kill")
        let scenario = try B5G.scenario("quickstart.yaml", in: dir, replacing: ["duration": "60s"])
        let nodes = PIDs()
        let (r, acted) = try B5G.run(["run", scenario, "--out", "\(dir)/run"], timeoutS: 60, when: Self.trafficFlows) { launcher in
            // Kill the DU the launcher started.
            nodes.pids = Self.children(of: launcher.processIdentifier)
            for pid in nodes.pids where Self.commandLine(pid).contains(" du ") { kill(pid, SIGKILL) }
        }
        XCTAssertTrue(acted, "the run never reached \(Self.trafficFlowingS) s of emulated time on every node: \(r.stderr.suffix(300))")
        XCTAssertEqual(nodes.pids.count, 6, "the launcher started every node")
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
        XCTAssertEqual(nodes.pids.filter(Self.isAlive), [], "no node outlives the launcher")
    }

    func testInterruptKeepsWhatWasMeasured() throws {
        let dir = B5G.temporaryDirectory("interrupt")
        let scenario = try B5G.scenario("quickstart.yaml", in: dir, replacing: ["duration": "60s"])
        let nodes = PIDs()
        let (r, acted) = try B5G.run(["run", scenario, "--out", "\(dir)/run"], timeoutS: 60, when: Self.trafficFlows) { launcher in
            nodes.pids = Self.children(of: launcher.processIdentifier)
            kill(launcher.processIdentifier, SIGINT)
        }
        XCTAssertTrue(acted, "the run never reached \(Self.trafficFlowingS) s of emulated time on every node: \(r.stderr.suffix(300))")
        XCTAssertEqual(nodes.pids.count, 6, "the launcher started every node")
        XCTAssertEqual(r.status, 130)
        let s = try B5G.summary("\(dir)/run")
        XCTAssertEqual(s["status"] as? String, "interrupted")
        let ues = try XCTUnwrap(s["ues"] as? [[String: Any]])
        let received = ues.compactMap { ($0["downlink"] as? [String: Any])?["receivedPackets"] as? Int }.reduce(0, +)
        XCTAssertGreaterThan(received, 0, "nodes report what they measured before stopping")
        XCTAssertGreaterThanOrEqual(s["emulatedReachedMs"] as? Double ?? 0, Self.trafficFlowingS * 1000)
        XCTAssertLessThan(s["emulatedReachedMs"] as? Double ?? 60_000, 60_000)
        XCTAssertEqual(nodes.pids.filter(Self.isAlive), [], "no node outlives the launcher")
    }

    func testBadScenarioExitsTwoWithLineNumbers() throws {
        let dir = B5G.temporaryDirectory("bad")
        let path = "\(dir)/bad.yaml"
        let text = try String(contentsOf: B5G.repositoryRoot.appendingPathComponent("Scenarios/quickstart.yaml"), encoding: .utf8)
            .replacingOccurrences(of: "    prbs: 106", with: "    prb: 106")
            .replacingOccurrences(of: "scheduler: pf", with: "scheduler: pff")
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        let line = text.split(separator: "\n", omittingEmptySubsequences: false).firstIndex { $0.contains("prb: 106") }! + 1
        for command in [["validate", path], ["run", path, "--quiet", "--in-process", "--out", "\(dir)/never"]] {
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

    /// Whether `pid` is a running process (a zombie has exited: it only waits to be reaped).
    static func isAlive(_ pid: Int32) -> Bool {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let end = stat.lastIndex(of: ")") else { return false }
        let state = stat[end...].dropFirst().first { $0 != " " }
        return state != "Z" && state != "X"
    }

    static func commandLine(_ pid: Int32) -> String {
        let data = (try? Data(contentsOf: URL(fileURLWithPath: "/proc/\(pid)/cmdline"))) ?? Data()
        return " " + String(decoding: data.map { $0 == 0 ? 32 : $0 }, as: UTF8.self)
    }
}

final class PIDs: @unchecked Sendable { var pids: [Int32] = [] }
