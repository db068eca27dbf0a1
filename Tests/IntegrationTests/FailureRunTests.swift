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

    // MARK: Vendor capabilities at setup

    /// A four-vendor network: an `umbrella` core, an `acme` CU, a `globex` DU and an `initech` RU;
    /// one 106-PRB bfp9 cell at numerology 1 with 4 UEs. Every vendor supports what the cell
    /// needs unless its extra profile keys say otherwise.
    static func vendorScenario(in dir: String, core: String = "", cu: String = "", du: String = "", ru: String = "") throws -> String {
        func vendor(_ name: String, _ keys: String) -> String {
            let compression = keys.contains("fronthaulCompression") ? "" : ", fronthaulCompression: [none, bfp9]"
            return "  - { name: \(name)\(compression)\(keys.isEmpty ? "" : ", " + keys) }"
        }
        let yaml = """
            name: vendors
            duration: 200ms
            numerology: 1
            vendors:
            \(vendor("umbrella", core))
            \(vendor("acme", cu))
            \(vendor("globex", du))
            \(vendor("initech", ru))
            nodes:
              - { name: core1, role: core, vendor: umbrella }
              - { name: cu1, role: cu, vendor: acme, core: core1 }
              - { name: du1, role: du, vendor: globex, cu: cu1 }
              - { name: ru1, role: ru, vendor: initech, du: du1 }
              - { name: air, role: channel }
              - { name: ues, role: ue }
            cells:
              - { name: cell1, du: du1, ru: ru1, prbs: 106, fronthaulCompression: bfp9 }
            ueGroups:
              - { name: phones, count: 4, cell: cell1, downlink: { kind: cbr, rateMbps: 1 } }
            """
        let path = "\(dir)/vendors.yaml"
        try yaml.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    /// Runs the scenario and checks the run fails in setup, exit 3, saying `failure` exactly once
    /// and naming `node` as the one that refused; `validate --strict` reports the same text.
    func assertSetupRefused(_ scenario: String, _ failure: String, node: String, inProcess: Bool = true,
                            file: StaticString = #filePath, line: UInt = #line) throws {
        let dir = URL(fileURLWithPath: scenario).deletingLastPathComponent().path
        let r = try B5G.run(["run", scenario, "--out", "\(dir)/run", "--quiet"] + (inProcess ? ["--in-process"] : []))
        XCTAssertEqual(r.status, 3, r.stdout + r.stderr, file: file, line: line)
        let text = r.stdout + r.stderr
        XCTAssertEqual(text.components(separatedBy: failure).count - 1, 1, "said once: \(text)", file: file, line: line)
        let s = try B5G.summary("\(dir)/run")
        XCTAssertEqual(s["status"] as? String, "setupFailed", file: file, line: line)
        let named = try XCTUnwrap(s["failure"] as? [String: Any], file: file, line: line)
        XCTAssertEqual(named["node"] as? String, node, file: file, line: line)
        XCTAssertEqual(named["exitStatus"] as? Int, 3, file: file, line: line)
        XCTAssertTrue((named["reason"] as? String ?? "").hasPrefix(failure), "\(named)", file: file, line: line)
        XCTAssertEqual(s["emulatedReachedMs"] as? Double, 0, "no slot ran", file: file, line: line)

        let strict = try B5G.run(["validate", "--strict", scenario])
        XCTAssertEqual(strict.status, 3, strict.stderr, file: file, line: line)
        XCTAssertTrue(strict.stderr.contains(failure), strict.stderr, file: file, line: line)
        XCTAssertEqual(try B5G.run(["validate", scenario]).status, 0, "without --strict capabilities are not compared", file: file, line: line)
    }

    func testDUWhoseVendorCannotServeTheCellsPRBsFailsSetup() throws {
        let scenario = try Self.vendorScenario(in: B5G.temporaryDirectory("du-prbs"), du: "maxPRBs: 52")
        try assertSetupRefused(scenario, "F1 Setup failed between du1 (vendor globex) and cu1 (vendor acme): maxPRBs: "
                               + "cell cell1 has 106 PRBs, du1 supports at most 52", node: "du1")
    }

    func testDUWithoutTheScenariosNumerologyFailsSetup() throws {
        let scenario = try Self.vendorScenario(in: B5G.temporaryDirectory("du-mu"), du: "numerologies: [0, 2]")
        try assertSetupRefused(scenario, "F1 Setup failed between du1 (vendor globex) and cu1 (vendor acme): numerologies: "
                               + "cell cell1 uses numerology 1, du1 supports [0, 2]", node: "du1")
    }

    func testDUWithFewerUEContextsThanItsCellsUEsFailsSetup() throws {
        let scenario = try Self.vendorScenario(in: B5G.temporaryDirectory("du-ues"), du: "maxUEs: 3")
        try assertSetupRefused(scenario, "F1 Setup failed between du1 (vendor globex) and cu1 (vendor acme): maxUEs: "
                               + "du1's cells carry 4 UEs, du1 supports at most 3", node: "du1")
    }

    func testDUWithoutTheCellsCompressionFailsSetup() throws {
        let scenario = try Self.vendorScenario(in: B5G.temporaryDirectory("du-comp"), du: "fronthaulCompression: [none]")
        try assertSetupRefused(scenario, "Fronthaul Setup failed between du1 (vendor globex) and ru1 (vendor initech): "
                               + "fronthaulCompression: cell cell1 uses bfp9, du1 supports [none]", node: "du1")
    }

    func testCUWithoutTheServedCellsNumerologyRefusesF1Setup() throws {
        let scenario = try Self.vendorScenario(in: B5G.temporaryDirectory("cu-mu"), cu: "numerologies: [0]")
        try assertSetupRefused(scenario, "F1 Setup failed between du1 (vendor globex) and cu1 (vendor acme): numerologies: "
                               + "cell cell1 uses numerology 1, cu1 supports [0]", node: "cu1")
    }

    func testCUWithFewerUEContextsThanItsDUsCellsFailsNGSetup() throws {
        let scenario = try Self.vendorScenario(in: B5G.temporaryDirectory("cu-ues"), cu: "maxUEs: 3")
        try assertSetupRefused(scenario, "NG Setup failed between cu1 (vendor acme) and core1 (vendor umbrella): maxUEs: "
                               + "cu1 holds the contexts of 4 UEs (the cells of its DUs), supports at most 3", node: "cu1")
    }

    func testCoreWithFewerUEContextsThanTheScenarioRefusesNGSetup() throws {
        let scenario = try Self.vendorScenario(in: B5G.temporaryDirectory("core-ues"), core: "maxUEs: 3")
        try assertSetupRefused(scenario, "NG Setup failed between cu1 (vendor acme) and core1 (vendor umbrella): maxUEs: "
                               + "core1 registers 4 UEs (the cells of its CUs), supports at most 3", node: "core1")
    }

    /// Separate processes: the DU exits 3 on its own before sending; the launcher stops the others
    /// and says the failure once.
    func testDUsOwnRefusalInSeparateProcessesIsSaidOnce() throws {
        let scenario = try Self.vendorScenario(in: B5G.temporaryDirectory("du-prbs-processes"), du: "maxPRBs: 52")
        try assertSetupRefused(scenario, "F1 Setup failed between du1 (vendor globex) and cu1 (vendor acme): maxPRBs: "
                               + "cell cell1 has 106 PRBs, du1 supports at most 52", node: "du1", inProcess: false)
    }

    func testStrictValidationOfTheBundledScenarios() throws {
        let folder = B5G.repositoryRoot.appendingPathComponent("Scenarios")
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".yaml") }.sorted()
        XCTAssertGreaterThan(files.count, 5)
        for file in files {
            let r = try B5G.run(["validate", "--strict", "Scenarios/\(file)"])
            if file == "multi-vendor-mismatch.yaml" {
                XCTAssertEqual(r.status, 3)
                XCTAssertTrue(r.stderr.contains("Fronthaul Setup failed between du1 (vendor globex) and ru1 (vendor initech): maxPRBs: "
                                                + "cell cell1 has 273 PRBs, ru1 supports at most 106"), r.stderr)
                XCTAssertTrue(r.stderr.contains("fronthaulCompression: cell cell1 uses none, ru1 supports [bfp9]"), r.stderr)
                XCTAssertTrue(r.stderr.contains("2 setup mismatches"), r.stderr)
            } else {
                XCTAssertEqual(r.status, 0, "\(file): \(r.stderr)")
                XCTAssertTrue(r.stdout.contains("every setup procedure's capabilities match"), "\(file): \(r.stdout)")
            }
        }
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

    /// A SIGKILLed launcher cannot clean up: its nodes notice, exit, and the last one removes the
    /// run's private folder (sockets and keys).
    func testNodesOfAKilledLauncherExitAndRemoveItsFolder() throws {
        let dir = B5G.temporaryDirectory("kill-launcher")
        let scenario = try B5G.scenario("quickstart.yaml", in: dir, replacing: ["duration": "60s"])
        let nodes = PIDs()
        let (_, acted) = try B5G.run(["run", scenario, "--out", "\(dir)/run"], timeoutS: 60, when: Self.trafficFlows) { launcher in
            nodes.pids = Self.children(of: launcher.processIdentifier)
            nodes.folder = ((try? FileManager.default.contentsOfDirectory(atPath: "/tmp")) ?? [])
                .first { $0.hasPrefix("b5g-\(launcher.processIdentifier)-") }.map { "/tmp/\($0)" }
            // Each node holds its mark's lock until its process ends: opened now, waited on below.
            nodes.marks = ((try? FileManager.default.contentsOfDirectory(atPath: nodes.folder ?? "")) ?? [])
                .filter { $0.hasSuffix(".alive") }.map { open("\(nodes.folder ?? "")/\($0)", O_RDONLY | O_CLOEXEC) }
            kill(launcher.processIdentifier, SIGKILL)
        }
        XCTAssertTrue(acted)
        XCTAssertEqual(nodes.pids.count, 6)
        let folder = try XCTUnwrap(nodes.folder, "the run's private folder existed while it ran")
        XCTAssertEqual(nodes.marks.filter { $0 >= 0 }.count, 6, "every node marked itself alive")
        // The nodes are no children of this process, so their exit is seen as their marks' locks
        // coming free (the kernel frees them when a process ends); the bound only keeps a broken
        // run from hanging the suite.
        let exited = DispatchSemaphore(value: 0)
        for fd in nodes.marks where fd >= 0 {
            Thread { if flock(fd, LOCK_EX) == 0 { exited.signal() } }.start()
        }
        let all = nodes.marks.filter { $0 >= 0 }.allSatisfy { _ in exited.wait(timeout: .now() + 60) == .success }
        for fd in nodes.marks where fd >= 0 { close(fd) }
        XCTAssertTrue(all, "no node outlives its launcher")
        XCTAssertFalse(FileManager.default.fileExists(atPath: folder), "the last node removed \(folder)")
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

final class PIDs: @unchecked Sendable {
    var pids: [Int32] = []
    var folder: String?
    /// Open files of the nodes' alive marks (-1 where one could not be opened).
    var marks: [Int32] = []
}
