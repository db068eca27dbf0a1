import Foundation
import Interfaces
import Orchestrator
import Report
import Scenario
import XCTest
@testable import Nodes

/// The seed corpus of the fuzz targets (tools/fuzz/corpus/TARGET/): valid messages made by the
/// project's own encoders, so libFuzzer starts from what peers really send. Fails when a seed
/// differs from what the encoders make now; to refresh the seeds:
/// `B5G_UPDATE_FUZZ_CORPUS=1 swift test --filter FuzzCorpusTests`, then review the diff.
final class FuzzCorpusTests: XCTestCase {
    private var corpusURL: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("tools/fuzz/corpus")
    }

    func testCommittedSeedsAreWhatTheEncodersMake() throws {
        let update = ProcessInfo.processInfo.environment["B5G_UPDATE_FUZZ_CORPUS"] == "1"
        for (target, seeds) in try Self.seeds() {
            let folder = corpusURL.appendingPathComponent(target)
            if update { try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true) }
            for (name, bytes) in seeds {
                let file = folder.appendingPathComponent(name)
                if update {
                    try Data(bytes).write(to: file)
                    continue
                }
                let committed = try? Data(contentsOf: file)
                XCTAssertEqual(committed.map(Array.init), bytes, """
                    tools/fuzz/corpus/\(target)/\(name) is missing or stale: run \
                    `B5G_UPDATE_FUZZ_CORPUS=1 swift test --filter FuzzCorpusTests` and review the diff
                    """)
            }
        }
    }

    /// Every seed decodes with the decoder its target fuzzes: the seeds are valid messages.
    func testSeedsDecode() throws {
        let seeds = try Self.seeds()
        for (_, bytes) in seeds["wire-header"] ?? [] { XCTAssertNil(decodeUnits(bytes).error) }
        for (_, bytes) in seeds["gtpu"] ?? [] { var r = ByteReader(bytes); XCTAssertNoThrow(try GTPUPacket.decode(from: &r)) }
        for (name, bytes) in seeds["fronthaul"] ?? [] {
            var r = ByteReader(bytes)
            if name.hasPrefix("c-plane") { XCTAssertNoThrow(try ControlPlaneMessage.decode(from: &r)) } else {
                XCTAssertNoThrow(try UserPlaneMessage.decode(from: &r, carrierPRBs: 106))
            }
        }
        for (_, bytes) in seeds["air-frame"] ?? [] { var r = ByteReader(bytes); XCTAssertNoThrow(try AirFrame.decode(from: &r)) }
        for (_, bytes) in seeds["report"] ?? [] {
            let unit = try XCTUnwrap(decodeUnits(bytes).units.first)
            XCTAssertNoThrow(try ReportMessage.decode(messageType: unit.header.messageType, body: unit.payload))
        }
        for (name, bytes) in seeds["scenario"] ?? [] {
            XCTAssertNoThrow(try ScenarioLoader.load(yaml: String(decoding: bytes, as: UTF8.self), file: name))
        }
        for (_, bytes) in seeds["policy-response"] ?? [] {
            XCTAssertTrue(try ExternalPolicyAdapter.decodeResponse(bytes).unreadable.isEmpty)
        }
        XCTAssertEqual(seeds.keys.sorted(), ["air-frame", "control", "e2", "fronthaul", "gtpu", "policy-response", "report", "scenario", "wire-header"])
    }

    // MARK: Seeds

    static func seeds() throws -> [String: [(String, [UInt8])]] {
        let packet = UserPacket(ueId: 7, sequence: 42, createdNs: 1_500_000, sizeBytes: 1_400, sourceIP: 0x0A2D_0007, destinationIP: 0x0A00_0001)
        let failure = SetupFailure(procedure: "F1 Setup", initiator: "du1", initiatorVendor: "globex", responder: "cu1",
                                   responderVendor: "acme", field: "f1Versions", detail: "no common version")
        let kpm = KPMIndication(node: "du1", periodIndex: 3, slot: 799, periodSlots: 200,
                                cells: [E2CellMeasurement(cell: "cell1", prbUseDL: 0.42, prbUseUL: 0.1, throughputDLMbps: 80, throughputULMbps: 4,
                                                          activeUEs: 6, bufferBytes: 12_000, meanBitsPerRE: 4.2, scheduledUEsPerSlot: 2.5,
                                                          slices: [E2SliceMeasurement(slice: "embb", prbUse: 0.4, latencyP50Ms: 3, latencyP99Ms: 6.5, throughputMbps: 80)])],
                                vdus: [E2VDUMeasurement(vdu: "du1", coresAllocated: 8, utilisation: 0.5, processingP99Us: 210, lateSlots: 0)],
                                rus: [E2RUMeasurement(ru: "ru1", state: "active", sleepDepth: nil, powerW: 310, load: 0.42)])
        var progress = NodeProgress(node: "du1", slot: 200, lateSlots: 0,
                                    cells: [CellSample(cell: "cell1", timeMs: 100, dlMbps: 79.8, ulMbps: 4.4, dlPRBUtilization: 0.73,
                                                       ulPRBUtilization: 0.2, meanDLMCS: 20.8, harqRetransmissions: 12, queuedBytes: 3_000,
                                                       connectedUEs: 6)], rssKB: 40_000)
        progress.waitingFor = nil
        var capture = ByteWriter()
        let sent = unitBytes([(.ngUser, 1, gtpu(packet))])
        let unit = try XCTUnwrap(decodeUnits(sent).units.first)
        CaptureBatch.append(CaptureFraming.frame(header: unit.header, payload: unit.payload, unitBytes: sent[...]),
                            timestampNs: 500_000, to: &capture)
        var final = NodeReport(node: "du1", role: "du", vendor: "globex", pid: 4242, complete: true)
        final.slotsRun = 4_000
        let rrc = RRCMessage(kind: .setupRequest, ueId: 7, supi: "imsi-001010000000007")

        return [
            "wire-header": [("two-units", unitBytes([(.sync, SyncMessageType.endOfWindow, []), (.ngUser, 1, gtpu(packet))]))],
            "gtpu": [("ng-u", gtpu(packet)), ("f1-u-pdcp", gtpu(packet, pdcp: 513))],
            "fronthaul": [
                ("c-plane", encode(ControlPlaneMessage(downlink: true, timing: FrameTiming(slot: 123, numerology: 1),
                                                       sections: [ControlPlaneSection(sectionId: 1, startPRB: 0, numPRBs: 106, numSymbols: 12)]))),
                ("u-plane", encode(UserPlaneMessage(downlink: true, timing: FrameTiming(slot: 123, numerology: 1), numPRBs: 106,
                                                    frame: airFrame(rrc: rrc)))),
            ],
            "air-frame": [("all-records", encode(airFrame(rrc: rrc)))],
            "control": [
                ("ng-setup", controlUnit(NGSetupRequest(ranNode: "cu1", vendor: "acme", versions: [1, 2]))),
                ("f1-setup", controlUnit(F1SetupRequest(duNode: "du1", vendor: "globex", versions: [1],
                                                        servedCells: [ServedCell(name: "cell1", prbs: 106, numerology: 1)], maxUEs: 64))),
                ("f1-failure", controlUnit(F1SetupFailure(failure: failure))),
                ("ue-context", controlUnit(UEContextSetupRequest(duUeId: 7, cuUeId: 70, uplinkTEID: 0x1000_0007, rrc: rrc))),
                ("fh-setup", controlUnit(FronthaulSetupRequest(duNode: "du1", vendor: "globex", versions: [1], cell: "cell1", prbs: 106,
                                                               numerology: 1, compression: "bfp9"))),
            ],
            "e2": [
                ("setup", controlUnit(E2SetupRequest(node: "du1", role: "du", vendor: "globex", versions: [1], ranFunctions: [.kpm, .rc]))),
                ("kpm", controlUnit(kpm)),
                ("rc-request", controlUnit(RCControlRequest(actionId: 3, targetNode: "ru1", applyAtSlot: 1_000,
                                                            action: .ruSleep(ru: "ru1", depth: .sm3), reason: "cell1 under 10 % load"))),
                ("rc-quota", controlUnit(RCControlRequest(actionId: 4, targetNode: "du1", applyAtSlot: 1_000,
                                                          action: .setSliceQuota(cell: "cell1", slice: "embb", minShare: 0.3, maxShare: 1),
                                                          reason: "p99 above target"))),
                ("rc-ack", controlUnit(RCControlAck(actionId: 3, accepted: false, reason: "RU ru1 is waking up"))),
            ],
            "report": [
                ("ready", try XCTUnwrap(ReportEncoding.unit(ReportMessageType.ready, NodeReady(node: "du1", pid: 4242), source: 2, slot: 0))),
                ("progress", try XCTUnwrap(ReportEncoding.unit(ReportMessageType.progress, progress, source: 2, slot: 200))),
                ("final", try XCTUnwrap(ReportEncoding.unit(ReportMessageType.final, final, source: 2, slot: 4_000))),
                ("capture", ReportEncoding.unit(ReportMessageType.capture, body: capture.bytes, source: 2, slot: 200)),
                ("setup-failed", try XCTUnwrap(ReportEncoding.unit(ReportMessageType.setupFailed,
                                                                   NodeSetupFailed(node: "du1", reason: failure.description), source: 2, slot: 0))),
                ("restarting", try XCTUnwrap(ReportEncoding.unit(ReportMessageType.restarting, final, source: 2, slot: 1_600))),
            ],
            "policy-response": [("every-action", JSONBytes.encode(PolicyResponse(actions: [
                .setCores(vdu: "du1", cores: 9), .setVCUCores(vcu: "cu1", cores: 3), .migrate(vdu: "du1", toServer: "srv2"),
                .steerUEs(fromCell: "cell1", toCell: "cell2", count: 4), .ruSleep(ru: "ru1", depth: .sm2), .ruWake(ru: "ru1"),
                .setSliceQuota(cell: "cell2", slice: "urllc", minShare: 0.3, maxShare: 0.6), .serverPower(server: "srv2", on: true),
            ].enumerated().map { OrchestratorAction($1, applyAtSlot: 1_000 + UInt64($0) * 50, reason: "seed") }))),
                                ("policy-error", JSONBytes.encode(PolicyResponse(actions: [], error: "no model yet")))],
            "scenario": try ["quickstart.yaml", "slicing.yaml", "night-consolidation.yaml", "du-restart.yaml"].map { name in
                (name, Array(try Data(contentsOf: corpusScenarios.appendingPathComponent(name))))
            },
        ]
    }

    private static var corpusScenarios: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Scenarios")
    }

    private static func airFrame(rrc: RRCMessage) -> AirFrame {
        var f = AirFrame()
        f.transportBlocks = [TransportBlock(ueId: 7, cell: 0, harqProcess: 2, flags: 0, mcs: 20, startPRB: 0, numPRBs: 50, tbsBytes: 3_000,
                                            segments: [RLCSegment(sequence: 42, sduBytes: 1_400, offset: 0, length: 1_400, createdNs: 1_500_000)])]
        f.uplinkGrants = [UplinkGrant(ueId: 7, cell: 0, harqProcess: 1, retransmission: false, mcs: 12, startPRB: 50, numPRBs: 20, tbsBytes: 800)]
        f.uplinkControl = [UplinkControl(ueId: 7, cqi: 12, bufferBytes: 5_000, harqAcks: [.init(harqProcess: 2, ack: true)])]
        f.measurements = [ChannelMeasurement(ueId: 7, cell: 0, sinrCentiDb: 1_850)]
        f.rrc = [RRCContainer(ueId: 7, body: rrc.encoded())]
        return f
    }

    private static func gtpu(_ packet: UserPacket, pdcp: UInt16? = nil) -> [UInt8] {
        encode(GTPUPacket(teid: 0x1000_0007, pdcpNumber: pdcp, packet: packet))
    }

    private static func encode(_ message: some WireEncodable) -> [UInt8] {
        var w = ByteWriter()
        message.encode(into: &w)
        return w.bytes
    }

    private static func controlUnit<M: ControlMessage>(_ message: M) -> [UInt8] {
        unitBytes([(M.interface, M.messageType, ControlCodec.encode(message))])
    }

    private static func unitBytes(_ units: [(InterfaceID, UInt8, [UInt8])]) -> [UInt8] {
        var w = ByteWriter()
        for (i, (interface, type, payload)) in units.enumerated() {
            appendUnit(to: &w, interface: interface, messageType: type, source: 1, destination: 2, slot: 100, sequence: UInt32(i)) {
                $0.append(contentsOf: payload)
            }
        }
        return w.bytes
    }
}

/// The binary messages whose encoders write into a ``ByteWriter``.
protocol WireEncodable { func encode(into w: inout ByteWriter) }
extension GTPUPacket: WireEncodable {}
extension ControlPlaneMessage: WireEncodable {}
extension UserPlaneMessage: WireEncodable {}
extension AirFrame: WireEncodable {}
