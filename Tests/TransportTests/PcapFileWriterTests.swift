import Foundation
import Transport
import XCTest

final class PcapFileWriterTests: XCTestCase {
    private var path = ""

    override func setUp() {
        path = NSTemporaryDirectory() + "b5g-test-\(getpid())-\(UUID().uuidString).pcap"
    }

    override func tearDown() {
        try? FileManager.default.removeItem(atPath: path)
    }

    /// Ethernet II + IPv4 + UDP (port 2152) + 8 payload bytes, with a valid IPv4 header checksum.
    private func udpFrame(sequence: UInt8) -> [UInt8] {
        let ethernet: [UInt8] = [0x02, 0, 0, 0, 0, 0x02, 0x02, 0, 0, 0, 0, 0x01, 0x08, 0x00]
        var ip: [UInt8] = [0x45, 0, 0, 36, 0, sequence, 0x40, 0, 64, 17, 0, 0, 10, 0, 0, 1, 10, 0, 0, 2]
        var sum: UInt32 = 0
        for index in stride(from: 0, to: ip.count, by: 2) { sum += UInt32(ip[index]) << 8 | UInt32(ip[index + 1]) }
        while sum > 0xFFFF { sum = (sum & 0xFFFF) + (sum >> 16) }
        let checksum = ~UInt16(sum)
        ip[10] = UInt8(checksum >> 8)
        ip[11] = UInt8(checksum & 0xFF)
        let udp: [UInt8] = [0x08, 0x68, 0x08, 0x68, 0, 16, 0, 0]
        return ethernet + ip + udp + [UInt8](repeating: sequence, count: 8)
    }

    func testWrittenFileHasNanosecondHeaderAndRecords() throws {
        let writer = try PcapFileWriter(path: path, snapLength: 40)
        let frame = udpFrame(sequence: 1)
        writer.write(frame: frame, originalLength: frame.count, timestampNs: 1_500_000_123)
        try writer.flush()
        writer.close()
        writer.close()

        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        XCTAssertEqual(bytes.count, 24 + 16 + 40, "global header + record header + truncated frame")
        XCTAssertEqual(Array(bytes[0..<4]), [0x4D, 0x3C, 0xB2, 0xA1], "little-endian nanosecond magic")
        XCTAssertEqual(bytes[20], 1, "link type Ethernet")
        let record = Array(bytes[24..<40])
        func le32(_ offset: Int) -> UInt32 {
            (0..<4).reduce(0) { $0 | UInt32(record[offset + $1]) << (8 * $1) }
        }
        XCTAssertEqual(le32(0), 1)
        XCTAssertEqual(le32(4), 500_000_123)
        XCTAssertEqual(le32(8), 40, "captured length is clamped to the snap length")
        XCTAssertEqual(le32(12), UInt32(frame.count))
    }

    func testTsharkReadsWrittenFile() throws {
        let candidates = ["/usr/bin/tshark", "/usr/local/bin/tshark", "/opt/homebrew/bin/tshark"]
        guard let tshark = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else {
            throw XCTSkip("tshark is not installed")
        }
        let writer = try PcapFileWriter(path: path)
        for sequence in UInt8(1)...3 {
            let frame = udpFrame(sequence: sequence)
            writer.write(frame: frame, originalLength: frame.count + 100, timestampNs: UInt64(sequence) * 1_000_000)
        }
        writer.close()

        let process = Process()
        process.executableURL = URL(fileURLWithPath: tshark)
        process.arguments = ["-r", path]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = Pipe()
        try process.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        XCTAssertEqual(process.terminationStatus, 0)
        let lines = text.split(separator: "\n")
        XCTAssertEqual(lines.count, 3, text)
        XCTAssertTrue(text.contains("10.0.0.1"), text)
    }

    func testUnwritablePathThrows() {
        XCTAssertThrowsError(try PcapFileWriter(path: "/nonexistent-dir/x.pcap")) { error in
            XCTAssertTrue(String(describing: error).contains("/nonexistent-dir/x.pcap"))
        }
    }

    func testAWriteErrorIsReportedWhenTheCaptureIsFinished() throws {
        guard FileManager.default.fileExists(atPath: "/dev/full") else { throw XCTSkip("needs /dev/full (Linux)") }
        let writer = try PcapFileWriter(path: "/dev/full")
        for _ in 0..<100 { writer.write(frame: [UInt8](repeating: 7, count: 1_000), originalLength: 1_000, timestampNs: 1) }
        XCTAssertThrowsError(try writer.finish()) { error in
            XCTAssertEqual((error as? TransportError)?.code, ENOSPC, "\(error)")
        }
    }
}
