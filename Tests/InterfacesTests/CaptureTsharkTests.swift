import Foundation
import XCTest
@testable import Interfaces

/// Checks that Wireshark decodes every capture encapsulation cleanly.
final class CaptureTsharkTests: XCTestCase {
    /// O-RAN dissector preferences that match our U-plane (16-bit I/Q, no compression header);
    /// list them with `tshark -G defaultprefs | grep oran_fh_cus`.
    static let oranPreferences = [
        "-o", "oran_fh_cus.oran.iq_bitwidth_down:16", "-o", "oran_fh_cus.oran.ud_comp_down:No Compression",
        "-o", "oran_fh_cus.oran.iq_bitwidth_up:16", "-o", "oran_fh_cus.oran.ud_comp_up:No Compression",
    ]

    /// A minimal libpcap file: 24-byte global header (nanosecond magic, Ethernet) and a
    /// 16-byte header per record, little-endian.
    static func pcapFile(_ records: [CaptureFraming.Record]) -> [UInt8] {
        var out: [UInt8] = []
        func le32(_ v: UInt32) { out += [UInt8(truncatingIfNeeded: v), UInt8(truncatingIfNeeded: v >> 8),
                                         UInt8(truncatingIfNeeded: v >> 16), UInt8(truncatingIfNeeded: v >> 24)] }
        func le16(_ v: UInt16) { out += [UInt8(truncatingIfNeeded: v), UInt8(truncatingIfNeeded: v >> 8)] }
        le32(0xA1B2_3C4D); le16(2); le16(4); le32(0); le32(0); le32(65_535); le32(1)
        for (i, r) in records.enumerated() {
            le32(1); le32(UInt32(i) * 500_000)
            le32(UInt32(r.frame.count)); le32(UInt32(r.originalLength))
            out += r.frame
        }
        return out
    }

    private func tsharkPath() throws -> String {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for dir in path.split(separator: ":") + ["/usr/bin", "/usr/local/bin"] {
            let candidate = "\(dir)/tshark"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        throw XCTSkip("tshark is not installed")
    }

    private func run(_ tool: String, _ arguments: [String]) throws -> String {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: tool)
        p.arguments = arguments
        let out = Pipe()
        p.standardOutput = out
        p.standardError = FileHandle.nullDevice
        try p.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        XCTAssertEqual(p.terminationStatus, 0, "tshark \(arguments.joined(separator: " "))")
        return String(decoding: data, as: UTF8.self)
    }

    func testTsharkDecodesEveryKindCleanly() throws {
        let tshark = try tsharkPath()
        let kinds = CapturedUnit.everyKind
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("b5g-interfaces-\(UUID().uuidString).pcap")
        try Data(Self.pcapFile(kinds.map(\.captured.record))).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }

        let lines = try run(tshark, ["-r", file.path] + Self.oranPreferences + ["-T", "fields", "-e", "frame.protocols"])
            .split(separator: "\n").map(String.init)
        XCTAssertEqual(lines.count, kinds.count)
        for (i, kind) in kinds.enumerated() where i < lines.count {
            let protocols = lines[i]
            switch kind.captured.header.interface {
            case .ngUser, .f1User:
                let afterGTP = protocols.components(separatedBy: ":gtp:").dropFirst().first ?? ""
                XCTAssertTrue(afterGTP.hasPrefix("ip:udp"), "\(kind.name): \(protocols)")
            case .fronthaulControl, .fronthaulUser:
                XCTAssertTrue(protocols.contains(":ecpri"), "\(kind.name): \(protocols)")
                XCTAssertTrue(protocols.contains(":oran_fh_cus"), "\(kind.name): \(protocols)")
            default:
                XCTAssertTrue(protocols.hasPrefix("eth:ethertype:ip:udp"), "\(kind.name): \(protocols)")
            }
        }

        let problems = try run(tshark, ["-r", file.path] + Self.oranPreferences
                                   + ["-Y", "_ws.malformed || _ws.expert.severity == error"])
        XCTAssertEqual(problems, "", "frames tshark finds malformed or in error")
    }
}
