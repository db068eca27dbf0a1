import Foundation
import XCTest
@testable import Interfaces

/// Checks that Wireshark decodes every capture encapsulation cleanly, with its own dissectors
/// and with the project's (tools/wireshark/b5g.lua and the profile's preferences).
final class CaptureTsharkTests: XCTestCase {
    static let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let dissector = repositoryRoot.appendingPathComponent("tools/wireshark/b5g.lua").path
    /// The Wireshark profile: tshark reads its `preferences` (the O-RAN settings that match our U-plane)
    /// when WIRESHARK_CONFIG_DIR names it.
    static let profile = repositoryRoot.appendingPathComponent("tools/wireshark/profile").path

    /// The nodes the sample units name (indices as in `CapturedUnit.everyKind`).
    static let nodeTable = CaptureNodeTable(scenario: "every-kind", nodes: [
        .init(index: 0, name: "core1", role: "core", vendor: "acme"), .init(index: 1, name: "cu1", role: "cu", vendor: "acme"),
        .init(index: 2, name: "du1", role: "du", vendor: "globex"), .init(index: 3, name: "ru1", role: "ru", vendor: "acme"),
        .init(index: 4, name: "air", role: "channel", vendor: nil), .init(index: 5, name: "ues", role: "ue", vendor: nil),
        .init(index: 6, name: "smo", role: "orchestrator", vendor: nil),
    ])

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

    /// Runs tshark with the profile's preferences, and the project's dissector when `lua` is set.
    private func tshark(_ arguments: [String], lua: Bool) throws -> String {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: try tsharkPath())
        p.arguments = (lua ? ["-X", "lua_script:\(Self.dissector)"] : []) + arguments
        var environment = ProcessInfo.processInfo.environment
        environment["WIRESHARK_CONFIG_DIR"] = Self.profile
        p.environment = environment
        let out = Pipe()
        p.standardOutput = out
        p.standardError = FileHandle.nullDevice
        try p.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        XCTAssertEqual(p.terminationStatus, 0, "tshark \(arguments.joined(separator: " "))")
        return String(decoding: data, as: UTF8.self)
    }

    private func withCapture<T>(_ records: [CaptureFraming.Record], _ body: (String) throws -> T) throws -> T {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("b5g-interfaces-\(UUID().uuidString).pcap")
        try Data(Self.pcapFile(records)).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        return try body(file.path)
    }

    /// The frames tshark finds malformed or in error (a Lua error in the dissector is one).
    private func problems(_ file: String, lua: Bool) throws -> String {
        try tshark(["-r", file, "-Y", "_ws.malformed || _ws.expert.severity == error"], lua: lua)
    }

    func testTsharkDecodesEveryKindCleanly() throws {
        let kinds = CapturedUnit.everyKind
        try withCapture(kinds.map(\.captured.record)) { file in
            let lines = try tshark(["-r", file, "-T", "fields", "-e", "frame.protocols"], lua: false)
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
            XCTAssertEqual(try problems(file, lua: false), "", "frames tshark finds malformed or in error")
        }
    }

    /// With b5g.lua every unit decodes (no `data` left above UDP), message names and node names
    /// come out right, and nothing is malformed.
    func testProjectDissectorDecodesAndNamesEveryKind() throws {
        let kinds = CapturedUnit.everyKind
        try withCapture([Self.nodeTable.captureRecord] + kinds.map(\.captured.record)) { file in
            let fields = ["frame.protocols", "b5g.msg", "b5g_node.src", "b5g_node.dst", "b5g_air.kind", "b5g_user.ue"]
            let rows = try tshark(["-r", file, "-T", "fields", "-E", "separator=|"] + fields.flatMap { ["-e", $0] }, lua: true)
                .split(separator: "\n").map { $0.split(separator: "|", omittingEmptySubsequences: false).map(String.init) }
            XCTAssertEqual(rows.count, kinds.count + 1)
            guard rows.count == kinds.count + 1, rows.allSatisfy({ $0.count == fields.count }) else { return }
            XCTAssertEqual(rows[0][1], "REPORT node table")
            for (i, kind) in kinds.enumerated() {
                let row = rows[i + 1], protocols = row[0]
                let names = Dictionary(uniqueKeysWithValues: Self.nodeTable.nodes.map { ($0.index, $0.name) })
                XCTAssertEqual(row[2], names[kind.captured.header.sourceNode], "\(kind.name): source node")
                XCTAssertEqual(row[3], names[kind.captured.header.destinationNode], "\(kind.name): destination node")
                XCTAssertFalse(protocols.contains("udp:data"), "\(kind.name): \(protocols)")
                switch kind.captured.header.interface {
                case .ngUser, .f1User:
                    XCTAssertTrue(protocols.hasSuffix(":gtp:ip:udp:b5g_user"), "\(kind.name): \(protocols)")
                    XCTAssertEqual(row[5], "7", "\(kind.name): UE id of the user packet")
                case .fronthaulControl:
                    XCTAssertTrue(protocols.hasSuffix(":ecpri:oran_fh_cus"), "\(kind.name): \(protocols)")
                case .fronthaulUser:
                    XCTAssertTrue(protocols.hasSuffix(":ecpri:oran_fh_cus"), "\(kind.name): \(protocols)")
                    XCTAssertEqual(row[4], "1,1,2,3,3,4,5", "\(kind.name): air frame records in the IQ field")
                case .air:
                    XCTAssertEqual(row[1], "AIR downlink frame", kind.name)
                    XCTAssertEqual(row[4], "1,1,2,3,3,4,5", "\(kind.name): air frame records")
                default:
                    XCTAssertTrue(protocols.hasPrefix("eth:ethertype:ip:udp:b5g"), "\(kind.name): \(protocols)")
                    XCTAssertFalse(row[1].isEmpty, kind.name)
                }
            }
            XCTAssertEqual(rows.compactMap { $0[1].isEmpty ? nil : $0[1] },
                           ["REPORT node table", "NG-C InitialUEMessage", "F1-C F1SetupRequest", "FH-M FronthaulSetupResponse",
                            "AIR downlink frame", "SYNC end of window", "REPORT ready", "E2 KPMIndication", "E2 RCControlRequest"])
            XCTAssertEqual(try problems(file, lua: true), "", "frames malformed or in error with b5g.lua")
        }
    }

    /// Bad bytes are shown as errors, never hidden: the check above can fail.
    func testProjectDissectorFlagsMalformedUnits() throws {
        func unit(_ interface: InterfaceID, _ type: UInt8, _ body: [UInt8]) -> CapturedUnit {
            CapturedUnit(interface, type) { $0.append(contentsOf: body) }
        }
        var tooManyRecords = ByteWriter(); tooManyRecords.u32(1_000)
        var shortBlock = ByteWriter(); shortBlock.u32(1); shortBlock.u8(1); shortBlock.u8(0); shortBlock.u32(4); shortBlock.u32(7)
        var longerThanFrame = ByteWriter(); longerThanFrame.u32(1); longerThanFrame.u8(4); longerThanFrame.u8(0); longerThanFrame.u32(99)
        var badLength = CapturedUnit(.f1Control, 1) { $0.append(contentsOf: Array("{}".utf8)) }.unit
        badLength[27] = 40   // payload length 40, 2 bytes follow
        let records = [
            unit(.air, AirMessageType.downlinkFrame, tooManyRecords.bytes).record,
            unit(.air, AirMessageType.uplinkFrame, shortBlock.bytes).record,
            unit(.air, AirMessageType.uplinkFrame, longerThanFrame.bytes).record,
            CaptureFraming.frame(header: unit(.f1Control, 1, []).header, payload: [], unitBytes: badLength[...]),
        ]
        try withCapture(records) { file in
            let flagged = try tshark(["-r", file, "-T", "fields", "-e", "frame.number", "-Y", "_ws.expert.severity == error"], lua: true)
            XCTAssertEqual(flagged.split(separator: "\n"), ["1", "2", "3", "4"])
        }
    }
}
