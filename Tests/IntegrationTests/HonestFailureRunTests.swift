import Foundation
import XCTest

/// Files and parameters that cannot be used end a run at validation (exit 2) with one line
/// naming the file, the field and the line, instead of a run that measures nothing.
final class HonestFailureRunTests: XCTestCase {
    private func leoScenario(in dir: String, platform: String) throws -> String {
        let path = try B5G.scenario("leo-pass.yaml", in: dir)
        let text = try String(contentsOfFile: path, encoding: .utf8)
        let walker = "{ name: leo, kind: walker, altitudeKm: 550, inclinationDeg: 53, satellites: 720, planes: 36, phasing: 1 }"
        XCTAssertTrue(text.contains(walker), "leo-pass.yaml no longer has the walker platform this test replaces")
        try text.replacingOccurrences(of: walker, with: platform).write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    private func tleScenario(in dir: String) throws -> String {
        try leoScenario(in: dir, platform: "{ name: leo, kind: tle, tleFile: sats.tle }")
    }

    /// The line of the scenario that names the TLE file.
    private func tleFileLine(_ scenario: String) throws -> Int {
        let lines = try String(contentsOfFile: scenario, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
        return try XCTUnwrap(lines.firstIndex { $0.contains("tleFile: sats.tle") }) + 1
    }

    private func assertRefused(_ scenario: String, _ expected: [String], file: StaticString = #filePath, line: UInt = #line) throws {
        let dir = URL(fileURLWithPath: scenario).deletingLastPathComponent().path
        let result = try B5G.run(["run", scenario, "--in-process", "--out", "\(dir)/out"])
        XCTAssertEqual(result.status, 2, result.stderr, file: file, line: line)
        for text in expected {
            XCTAssertTrue(result.stderr.contains(text), "missing '\(text)' in: \(result.stderr)", file: file, line: line)
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: "\(dir)/out/summary.json"), "a refused run wrote results",
                       file: file, line: line)
    }

    func testAGoodTLEFileNextToTheScenarioRunsInSeparateProcesses() throws {
        let dir = B5G.temporaryDirectory("tle-good")
        let scenario = try leoScenario(in: dir, platform: "{ name: leo, kind: tle, tleFile: tle/sats.tle }")
        try FileManager.default.createDirectory(atPath: "\(dir)/tle", withIntermediateDirectories: true)
        try """
            ISS
            1 25544U 98067A   08264.51782528 -.00002182  00000-0 -11606-4 0  2927
            2 25544  51.6416 247.4627 0006703 130.5360 325.0288 15.72125391563537

            """.write(toFile: "\(dir)/tle/sats.tle", atomically: true, encoding: .utf8)
        let text = try String(contentsOfFile: scenario, encoding: .utf8)
            .split(separator: "\n", omittingEmptySubsequences: false)
            .map { $0.hasPrefix("duration:") ? "duration: 300ms" : String($0) }.joined(separator: "\n")
        try text.write(toFile: scenario, atomically: true, encoding: .utf8)
        // Node processes read the run folder's copy of the scenario and still find the file
        // relative to the original scenario.
        let result = try B5G.run(["run", scenario, "--quiet", "--out", "\(dir)/run"])
        XCTAssertEqual(result.status, 0, result.stderr)
        let ntn = try String(contentsOfFile: "\(dir)/run/ntn_timeseries.csv", encoding: .utf8)
        XCTAssertGreaterThan(ntn.split(separator: "\n").count, 1, ntn)
    }

    func testMissingTLEFileIsRefusedAtValidation() throws {
        let dir = B5G.temporaryDirectory("tle-missing")
        let scenario = try tleScenario(in: dir)
        try assertRefused(scenario, ["leo-pass.yaml:\(try tleFileLine(scenario)):", "ntn.platforms[0].tleFile", "sats.tle: no such file"])
    }

    func testDeviceTLEFileIsRefusedWithoutReadingForever() throws {
        let dir = B5G.temporaryDirectory("tle-zero")
        let scenario = try tleScenario(in: dir)
        try FileManager.default.createSymbolicLink(atPath: "\(dir)/sats.tle", withDestinationPath: "/dev/zero")
        try assertRefused(scenario, ["ntn.platforms[0].tleFile", "sats.tle: is larger than 8 MB"])
    }

    func testEmptyTLEFileIsRefused() throws {
        let dir = B5G.temporaryDirectory("tle-empty")
        let scenario = try tleScenario(in: dir)
        try "# no satellites\n\n".write(toFile: "\(dir)/sats.tle", atomically: true, encoding: .utf8)
        try assertRefused(scenario, ["sats.tle: holds no two-line element set"])
    }

    func testUnparseableTLELineIsNamedByItsLine() throws {
        let dir = B5G.temporaryDirectory("tle-bad")
        let scenario = try tleScenario(in: dir)
        let good1 = "1 25544U 98067A   08264.51782528 -.00002182  00000-0 -11606-4 0  2927"
        let good2 = "2 25544  51.6416 247.4627 0006703 130.5360 325.0288 15.72125391563537"
        let bad2 = "2 25544  51.6416 247.4627 0006703 130.5360 325.0288 15.7212539x563537"
        try "ISS\n\(good1)\n\(good2)\nBROKEN\n\(good1)\n\(bad2)\n".write(toFile: "\(dir)/sats.tle", atomically: true, encoding: .utf8)
        try assertRefused(scenario, ["sats.tle:6: TLE field"])
    }

    func testUnreadableTLEFileIsRefused() throws {
        guard getuid() != 0 else { throw XCTSkip("root reads any file") }
        let dir = B5G.temporaryDirectory("tle-unreadable")
        let scenario = try tleScenario(in: dir)
        try "x\n".write(toFile: "\(dir)/sats.tle", atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o000], ofItemAtPath: "\(dir)/sats.tle")
        try assertRefused(scenario, ["sats.tle: permission denied"])
    }

    func testWalkerPhasingAndSplitAreCheckedAtValidation() throws {
        let dir = B5G.temporaryDirectory("walker")
        let scenario = try leoScenario(in: dir, platform:
            "{ name: leo, kind: walker, altitudeKm: 550, inclinationDeg: 53, satellites: 721, planes: 36, phasing: 36 }")
        try assertRefused(scenario, ["ntn.platforms[0].phasing: phasing 36 with 36 planes; allowed 0...35",
                                     "ntn.platforms[0].satellites: 721 satellites do not split evenly into 36 planes"])
    }

    // MARK: Write errors

    /// A run folder where `files` already exist as links to /dev/full, whose writes fail with
    /// ENOSPC: a full disk without filling one.
    private func runWithFullDisk(_ name: String, files: [String]) throws -> (result: B5G.Result, folder: String) {
        guard FileManager.default.fileExists(atPath: "/dev/full") else { throw XCTSkip("needs /dev/full (Linux)") }
        let dir = B5G.temporaryDirectory(name)
        let scenario = try B5G.scenario("quickstart.yaml", in: dir, replacing: ["duration": "300ms"])
        let folder = "\(dir)/run"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        for file in files { try FileManager.default.createSymbolicLink(atPath: "\(folder)/\(file)", withDestinationPath: "/dev/full") }
        return (try B5G.run(["run", scenario, "--out", folder, "--quiet", "--in-process"]), folder)
    }

    func testFullDiskForTheCaptureEndsTheRunWithExit4AndKeepsTheOtherFiles() throws {
        let (result, folder) = try runWithFullDisk("pcap-full", files: ["capture.pcap"])
        XCTAssertEqual(result.status, 4, result.stderr)
        XCTAssertTrue(result.stderr.contains("could not write \(folder)/capture.pcap (No space left on device)"), result.stderr)
        XCTAssertEqual(result.stderr.split(separator: "\n").filter { $0.contains("could not write") }.count, 1, result.stderr)
        XCTAssertEqual(try B5G.summary(folder)["status"] as? String, "ok", "the summary is kept")
        for kept in ["timeseries.csv", "report.html", "scenario.yaml"] {
            XCTAssertTrue(FileManager.default.fileExists(atPath: "\(folder)/\(kept)"), "\(kept) is kept")
        }
    }

    func testFullDiskForTheSummaryIsReportedAndTheCSVIsKept() throws {
        let (result, folder) = try runWithFullDisk("summary-full", files: ["summary.json"])
        XCTAssertEqual(result.status, 4, result.stderr)
        XCTAssertTrue(result.stderr.contains("\(folder)/summary.json (No space left on device)"), result.stderr)
        XCTAssertTrue(result.stderr.contains("\(folder)/report.html (not written: it is drawn from summary.json)"), result.stderr)
        let csv = try String(contentsOfFile: "\(folder)/timeseries.csv", encoding: .utf8)
        XCTAssertGreaterThan(csv.split(separator: "\n").count, 1, "the time series is kept")
        XCTAssertTrue(FileManager.default.fileExists(atPath: "\(folder)/capture.pcap"), "the capture is kept")
    }

    func testFullDiskForTheScenarioRecordStopsBeforeAnythingRuns() throws {
        let (result, folder) = try runWithFullDisk("record-full", files: ["scenario.yaml"])
        XCTAssertEqual(result.status, 4, result.stderr)
        XCTAssertEqual(result.stderr.trimmingCharacters(in: .whitespacesAndNewlines),
                       "b5g run: could not write \(folder)/scenario.yaml (No space left on device)")
        XCTAssertFalse(FileManager.default.fileExists(atPath: "\(folder)/summary.json"), "nothing ran")
    }

    func testASweepRunWhoseCaptureCannotBeWrittenIsNotCountedOK() throws {
        guard FileManager.default.fileExists(atPath: "/dev/full") else { throw XCTSkip("needs /dev/full (Linux)") }
        let dir = B5G.temporaryDirectory("sweep-full")
        let scenario = try B5G.scenario("quickstart.yaml", in: dir)
        try FileManager.default.createDirectory(atPath: "\(dir)/s/run-2", withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: "\(dir)/s/run-2/capture.pcap", withDestinationPath: "/dev/full")
        let r = try B5G.run(["sweep", scenario, "--set", "duration=200ms,300ms", "--in-process", "--out", "\(dir)/s"], timeoutS: 300)
        XCTAssertEqual(r.status, 1, r.stdout + r.stderr)
        let csv = try String(contentsOfFile: "\(dir)/s/sweep.csv", encoding: .utf8)
        let statuses = csv.split(separator: "\n").dropFirst().map { $0.split(separator: ",")[2] }
        XCTAssertEqual(statuses, ["ok", "exit 4"], csv)
    }

    // MARK: Run folder and scenario file

    func testOutUnderARegularFileIsExit2WithOneLine() throws {
        let dir = B5G.temporaryDirectory("out-file")
        let scenario = try B5G.scenario("quickstart.yaml", in: dir, replacing: ["duration": "300ms"])
        try "not a folder".write(toFile: "\(dir)/file", atomically: true, encoding: .utf8)
        for out in ["\(dir)/file/run", "\(dir)/file"] {
            let result = try B5G.run(["run", scenario, "--out", out, "--quiet", "--in-process"])
            XCTAssertEqual(result.status, 2, result.stderr)
            XCTAssertEqual(result.stderr.trimmingCharacters(in: .whitespacesAndNewlines),
                           "b5g run: cannot use \(out) as the run folder: \(dir)/file is a file, not a folder")
        }
    }

    func testAFolderGivenAsTheScenarioIsExit2WithOneLine() throws {
        let dir = B5G.temporaryDirectory("scenario-folder")
        let result = try B5G.run(["run", dir, "--quiet", "--in-process", "--out", "\(dir)/run"])
        XCTAssertEqual(result.status, 2, result.stderr)
        XCTAssertEqual(result.stderr.trimmingCharacters(in: .whitespacesAndNewlines), "\(dir): error: is a folder, not a file")
    }

    func testAnUnreadableScenarioIsExit2WithOneLine() throws {
        guard getuid() != 0 else { throw XCTSkip("root reads any file") }
        let dir = B5G.temporaryDirectory("scenario-unreadable")
        let scenario = try B5G.scenario("quickstart.yaml", in: dir)
        try FileManager.default.setAttributes([.posixPermissions: 0o000], ofItemAtPath: scenario)
        let result = try B5G.run(["run", scenario, "--quiet", "--in-process", "--out", "\(dir)/run"])
        XCTAssertEqual(result.status, 2, result.stderr)
        XCTAssertEqual(result.stderr.trimmingCharacters(in: .whitespacesAndNewlines), "\(scenario): error: permission denied (cannot be read)")
    }

    // MARK: Endpoints and names

    private func quickstart(in dir: String, _ replacements: [(String, String)]) throws -> String {
        let path = try B5G.scenario("quickstart.yaml", in: dir, replacing: ["duration": "300ms"])
        var text = try String(contentsOfFile: path, encoding: .utf8)
        for (old, new) in replacements {
            XCTAssertTrue(text.contains(old), "quickstart.yaml no longer has '\(old)'")
            text = text.replacingOccurrences(of: old, with: new)
        }
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    func testTwoNodesOnOneTCPEndpointAreAValidationError() throws {
        let dir = B5G.temporaryDirectory("endpoints")
        let scenario = try quickstart(in: dir, [
            ("transport: { kind: ipc }", "transport: { kind: tcp, basePort: 47100 }"),
            // cu1 on core1's port (localhost is 127.0.0.1); the ues on the launcher's report port.
            ("{ name: cu1,   role: cu,   vendor: acme,   core: core1 }",
             "{ name: cu1, role: cu, vendor: acme, core: core1, endpoint: \"tcp://localhost:47100\" }"),
            ("{ name: ues,   role: ue }", "{ name: ues, role: ue, endpoint: \"tcp://0.0.0.0:47106\" }"),
        ])
        try assertRefused(scenario, [
            "nodes[1].endpoint: 'cu1' would listen on tcp://localhost:47100, already the endpoint of 'core1' (nodes[0])",
            "nodes[5].endpoint: 'ues' would listen on tcp://0.0.0.0:47106, already the launcher's report endpoint",
        ])
    }

    func testAHostSharedOnTheSamePortIsAValidationErrorButDistinctPortsAreNot() throws {
        let dir = B5G.temporaryDirectory("endpoints-ok")
        // Default ports differ per node, so nodes sharing a host do not collide.
        let fine = try quickstart(in: dir, [("transport: { kind: ipc }", "transport: { kind: tcp, basePort: 47200 }")])
        let validated = try B5G.run(["validate", fine])
        XCTAssertEqual(validated.status, 0, validated.stderr)
        let clash = try quickstart(in: dir, [
            ("transport: { kind: ipc }", "transport: { kind: tcp, basePort: 47200 }"),
            ("{ name: ues,   role: ue }", "{ name: ues, role: ue, endpoint: \"tcp://127.0.0.1:47202\" }"),
        ])
        try assertRefused(clash, ["nodes[5].endpoint: 'ues' would listen on tcp://127.0.0.1:47202, already the endpoint of 'du1' (nodes[2])"])
    }

    func testAnOverlongNameIsAShortValidationError() throws {
        let dir = B5G.temporaryDirectory("long-name")
        let long = String(repeating: "d", count: 5_000)
        let scenario = try quickstart(in: dir, [("name: du1,", "name: \(long),"), ("du: du1 }", "du: \(long) }")])
        let result = try B5G.run(["run", scenario, "--in-process", "--out", "\(dir)/out"])
        XCTAssertEqual(result.status, 2, result.stderr)
        XCTAssertTrue(result.stderr.contains("nodes[2].name: 'dddddddddddddddd…' is 5000 characters long; allowed letters, digits, '_' and '-', at most 64 characters"),
                      result.stderr)
        XCTAssertTrue(result.stderr.contains("nodes[3].du: there is no node named 'dddddddddddddddd… (5000 characters)'"), result.stderr)
        XCTAssertLessThan(result.stderr.utf8.count, 2_000, "the error output stays short: \(result.stderr)")
    }

    func testANameOfExactlyTheLimitIsAccepted() throws {
        let dir = B5G.temporaryDirectory("name-limit")
        let name = String(repeating: "c", count: 64)
        let scenario = try quickstart(in: dir, [("name: cell1", "name: \(name)"), ("cell: cell1", "cell: \(name)")])
        let result = try B5G.run(["validate", scenario])
        XCTAssertEqual(result.status, 0, result.stderr)
        let over = try quickstart(in: dir, [("name: cell1", "name: \(name)c"), ("cell: cell1", "cell: \(name)c")])
        try assertRefused(over, ["cells[0].name: 'cccccccccccccccc…' is 65 characters long"])
    }
}
