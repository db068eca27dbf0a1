import Foundation
import XCTest

/// The run's capture.pcap decodes in tshark: GTP-U with inner IP, eCPRI with O-RAN headers, and with
/// the project's dissector (tools/wireshark/b5g.lua) every other frame, each named by its nodes.
final class CaptureTests: XCTestCase {
    static let dissector = B5G.repositoryRoot.appendingPathComponent("tools/wireshark/b5g.lua").path
    /// The Wireshark profile folder; tshark reads its `preferences` when WIRESHARK_CONFIG_DIR names it.
    static let profile = B5G.repositoryRoot.appendingPathComponent("tools/wireshark/profile").path

    func testCaptureDecodesWithoutMalformedPackets() throws {
        let tshark = try Self.tsharkPath()
        let dir = B5G.temporaryDirectory("capture")
        let scenario = try B5G.scenario("quickstart.yaml", in: dir, replacing: ["duration": "300ms"])
        XCTAssertEqual(try B5G.run(["run", scenario, "--out", "\(dir)/run", "--quiet", "--in-process"]).status, 0)
        let pcap = "\(dir)/run/capture.pcap"
        let protocols = try Self.tshark(tshark, ["-r", pcap, "-T", "fields", "-e", "frame.protocols"])
        XCTAssertTrue(protocols.contains("eth:ethertype:ip:udp:gtp:ip:udp"), "GTP-U with the inner IP packet")
        XCTAssertTrue(protocols.contains("ecpri:oran_fh_cus"), "eCPRI with O-RAN fronthaul headers")
        let bad = try Self.tshark(tshark, ["-r", pcap, "-Y", "_ws.malformed || _ws.expert.severity == error"])
        XCTAssertEqual(bad.trimmingCharacters(in: .whitespacesAndNewlines), "", "malformed or error packets: \(bad.prefix(500))")
    }

    /// The quickstart capture through b5g.lua: no frame is left as plain data above UDP, every
    /// frame is named by its nodes, each interface of the run shows up, nothing is malformed.
    func testProjectDissectorDecodesTheQuickstartCapture() throws {
        let tshark = try Self.tsharkPath()
        let dir = B5G.temporaryDirectory("dissector")
        let scenario = try B5G.scenario("quickstart.yaml", in: dir, replacing: ["duration": "300ms"])
        XCTAssertEqual(try B5G.run(["run", scenario, "--out", "\(dir)/run", "--quiet", "--in-process"]).status, 0)
        let frames = try Self.frames(tshark, "\(dir)/run/capture.pcap")
        XCTAssertGreaterThan(frames.count, 1_000)
        XCTAssertEqual(frames.first?.message, "REPORT node table", "the capture starts with its node table")

        let nodes: Set = ["core1", "cu1", "du1", "ru1", "air", "ues"]
        for f in frames.dropFirst() {
            XCTAssertFalse(f.protocols.contains("udp:data"), "frame \(f.number): \(f.protocols)")
            XCTAssertTrue(nodes.contains(f.source) && nodes.contains(f.destination),
                          "frame \(f.number) named \(f.source) -> \(f.destination)")
        }
        let messages = Set(frames.map(\.message))
        for expected in ["NG-C NGSetupRequest", "NG-C PDUSessionResourceSetupResponse", "F1-C F1SetupRequest",
                         "F1-C UEContextSetupResponse", "FH-M FronthaulSetupRequest", "AIR AirSetupRequest",
                         "AIR downlink frame", "AIR uplink frame"] {
            XCTAssertTrue(messages.contains(expected), expected)
        }
        XCTAssertTrue(frames.contains { $0.protocols.hasSuffix(":gtp:ip:udp:b5g_user") }, "user packets inside GTP-U")
        XCTAssertTrue(frames.contains { $0.protocols.hasSuffix(":ecpri:oran_fh_cus") && $0.airRecords > 0 },
                      "air frames inside U-plane IQ data")
        XCTAssertTrue(frames.contains { $0.source == "du1" && $0.destination == "ru1" && $0.protocols.hasSuffix("oran_fh_cus") })

        let bad = try Self.tshark(tshark, ["-X", "lua_script:\(Self.dissector)", "-r", "\(dir)/run/capture.pcap",
                                           "-Y", "_ws.malformed || _ws.expert.severity == error"])
        XCTAssertEqual(bad.trimmingCharacters(in: .whitespacesAndNewlines), "", "malformed or error packets: \(bad.prefix(500))")
    }

    /// E2 (orchestrator) messages in a real capture decode too.
    func testProjectDissectorDecodesE2() throws {
        let tshark = try Self.tsharkPath()
        let dir = B5G.temporaryDirectory("dissector-e2")
        let yaml = OrchestratorRunTests.scenario(duration: "300ms")
            .replacingOccurrences(of: "capture: { enabled: false }", with: "capture: { enabled: true }")
        try yaml.write(toFile: "\(dir)/orch.yaml", atomically: true, encoding: .utf8)
        XCTAssertEqual(try B5G.run(["run", "\(dir)/orch.yaml", "--out", "\(dir)/run", "--quiet", "--in-process"]).status, 0)
        let frames = try Self.frames(tshark, "\(dir)/run/capture.pcap")
        let e2 = frames.filter { $0.message.hasPrefix("E2 ") }
        XCTAssertTrue(e2.contains { $0.message == "E2 E2SetupRequest" && $0.destination == "smo" })
        XCTAssertTrue(e2.contains { $0.message == "E2 KPMIndication" && $0.source == "du1" })
        XCTAssertTrue(frames.dropFirst().allSatisfy { !$0.protocols.contains("udp:data") })
        let bad = try Self.tshark(tshark, ["-X", "lua_script:\(Self.dissector)", "-r", "\(dir)/run/capture.pcap",
                                           "-Y", "_ws.malformed || _ws.expert.severity == error"])
        XCTAssertEqual(bad.trimmingCharacters(in: .whitespacesAndNewlines), "", "malformed or error packets: \(bad.prefix(500))")
    }

    /// `capture.enabled: false` writes no capture.pcap (the rest of the run folder is there).
    func testDisabledCaptureWritesNoFile() throws {
        let dir = B5G.temporaryDirectory("no-capture")
        let scenario = try B5G.scenario("quickstart.yaml", in: dir,
                                        replacing: ["duration": "100ms", "capture": "{ enabled: false }"])
        let r = try B5G.run(["run", scenario, "--out", "\(dir)/run", "--quiet", "--in-process"])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(FileManager.default.fileExists(atPath: "\(dir)/run/summary.json"))
        XCTAssertFalse(FileManager.default.fileExists(atPath: "\(dir)/run/capture.pcap"))
    }

    struct Frame {
        var number: Int
        var protocols: String
        var message: String
        var source: String
        var destination: String
        var airRecords: Int
    }

    /// Every frame of a capture as b5g.lua decodes it.
    static func frames(_ tshark: String, _ pcap: String) throws -> [Frame] {
        let fields = ["frame.number", "frame.protocols", "b5g.msg", "b5g_node.src", "b5g_node.dst", "b5g_air.records"]
        let out = try Self.tshark(tshark, ["-X", "lua_script:\(dissector)", "-r", pcap, "-T", "fields", "-E", "separator=|",
                                           "-E", "occurrence=f"] + fields.flatMap { ["-e", $0] })
        return out.split(separator: "\n").compactMap { line in
            let c = line.split(separator: "|", omittingEmptySubsequences: false).map(String.init)
            guard c.count == fields.count, let number = Int(c[0]) else { return nil }
            return Frame(number: number, protocols: c[1], message: c[2], source: c[3], destination: c[4], airRecords: Int(c[5]) ?? 0)
        }
    }

    static func tsharkPath() throws -> String {
        guard let path = ["/usr/bin/tshark", "/usr/local/bin/tshark"].first(where: FileManager.default.isExecutableFile) else {
            throw XCTSkip("tshark is not installed")
        }
        return path
    }

    /// Runs tshark with the profile's preferences (the O-RAN settings that match our U-plane).
    static func tshark(_ path: String, _ args: [String]) throws -> String {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: path)
        p.arguments = args
        var environment = ProcessInfo.processInfo.environment
        environment["WIRESHARK_CONFIG_DIR"] = profile
        p.environment = environment
        let out = Pipe()
        p.standardOutput = out
        p.standardError = FileHandle.nullDevice
        try p.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        XCTAssertEqual(p.terminationStatus, 0, "tshark \(args.joined(separator: " "))")
        return String(decoding: data, as: UTF8.self)
    }
}
