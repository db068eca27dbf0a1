import Foundation
import XCTest

/// The run's capture.pcap decodes in tshark: GTP-U with inner IP, eCPRI with O-RAN headers.
final class CaptureTests: XCTestCase {
    static let oranPreferences = ["-o", "oran_fh_cus.oran.iq_bitwidth_down:16", "-o", "oran_fh_cus.oran.ud_comp_down:No Compression",
                                  "-o", "oran_fh_cus.oran.iq_bitwidth_up:16", "-o", "oran_fh_cus.oran.ud_comp_up:No Compression"]

    func testCaptureDecodesWithoutMalformedPackets() throws {
        guard let tshark = ["/usr/bin/tshark", "/usr/local/bin/tshark"].first(where: FileManager.default.isExecutableFile) else {
            throw XCTSkip("tshark is not installed")
        }
        let dir = B5G.temporaryDirectory("capture")
        let scenario = try B5G.scenario("quickstart.yaml", in: dir, replacing: ["duration": "300ms"])
        XCTAssertEqual(try B5G.run(["run", scenario, "--out", "\(dir)/run", "--quiet", "--in-process"]).status, 0)
        let pcap = "\(dir)/run/capture.pcap"
        let protocols = try Self.tshark(tshark, ["-r", pcap] + Self.oranPreferences + ["-T", "fields", "-e", "frame.protocols"])
        XCTAssertTrue(protocols.contains("eth:ethertype:ip:udp:gtp:ip:udp"), "GTP-U with the inner IP packet")
        XCTAssertTrue(protocols.contains("ecpri:oran_fh_cus"), "eCPRI with O-RAN fronthaul headers")
        let bad = try Self.tshark(tshark, ["-r", pcap] + Self.oranPreferences + ["-Y", "_ws.malformed || _ws.expert.severity == error"])
        XCTAssertEqual(bad.trimmingCharacters(in: .whitespacesAndNewlines), "", "malformed or error packets: \(bad.prefix(500))")
    }

    static func tshark(_ path: String, _ args: [String]) throws -> String {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: path)
        p.arguments = args
        let out = Pipe()
        p.standardOutput = out
        p.standardError = FileHandle.nullDevice
        try p.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }
}
