import XCTest
import Interfaces

final class E2MessagesTests: XCTestCase {
    func testControlRequestJSON() throws {
        let m = RCControlRequest(actionId: 7, targetNode: "du1", applyAtSlot: 4000, action: .setCores(vdu: "du1", cores: 6), reason: "load")
        XCTAssertEqual(String(decoding: ControlCodec.encode(m), as: UTF8.self),
                       #"{"action":{"cores":6,"type":"setCores","vdu":"du1"},"actionId":7,"applyAtSlot":4000,"reason":"load","targetNode":"du1"}"#)
        XCTAssertEqual(try ControlCodec.decode(RCControlRequest.self, from: ControlCodec.encode(m)[...]), m)
    }

    func testEveryRCActionRoundTrips() throws {
        let actions: [RCAction] = [.setCores(vdu: "d", cores: 2), .migrate(vdu: "d", toServer: "s"), .ruSleep(ru: "r", depth: 3), .ruWake(ru: "r"),
                                   .setSliceQuota(cell: "c", slice: "u", minShare: 0.2, maxShare: 0.4), .steerUEs(fromCell: "a", toCell: "b", count: 3),
                                   .serverPower(server: "s", on: true)]
        for a in actions {
            let m = RCControlRequest(actionId: 1, targetNode: "n", applyAtSlot: 1, action: a, reason: "")
            XCTAssertEqual(try ControlCodec.decode(RCControlRequest.self, from: ControlCodec.encode(m)[...]), m)
        }
    }

    func testAckSetupAndKPMRoundTrip() throws {
        let ack = RCControlAck(actionId: 7, accepted: false, reason: "server srv2 is off")
        XCTAssertEqual(String(decoding: ControlCodec.encode(ack), as: UTF8.self), #"{"accepted":false,"actionId":7,"reason":"server srv2 is off"}"#)
        let setup = E2SetupRequest(node: "du1", role: "du", vendor: "acme", versions: [1], ranFunctions: [.kpm, .rc])
        XCTAssertEqual(String(decoding: ControlCodec.encode(setup), as: UTF8.self),
                       #"{"node":"du1","ranFunctions":["KPM","RC"],"role":"du","vendor":"acme","versions":[1]}"#)
        let kpm = KPMIndication(node: "du1", periodIndex: 3, slot: 15999, periodSlots: 4000,
                                cells: [E2CellMeasurement(cell: "cell1", prbUseDL: 0.5, prbUseUL: 0.2, throughputDLMbps: 400, throughputULMbps: 80,
                                                          activeUEs: 20, bufferBytes: 1000, meanBitsPerRE: 6, scheduledUEsPerSlot: 8,
                                                          slices: [E2SliceMeasurement(slice: "urllc", prbUse: 0.1, latencyP50Ms: 1, latencyP99Ms: 2.5, throughputMbps: 40)])],
                                vdus: [E2VDUMeasurement(vdu: "du1", coresAllocated: 6, utilisation: 0.4, processingP99Us: 310, lateSlots: 0)],
                                rus: [E2RUMeasurement(ru: "ru1", state: "sleep", sleepDepth: 3, powerW: 44, load: 0)])
        XCTAssertEqual(try ControlCodec.decode(KPMIndication.self, from: ControlCodec.encode(kpm)[...]), kpm)
        XCTAssertEqual(KPMIndication.messageType, 4)
        XCTAssertEqual(RCControlRequest.messageType, 5)
        XCTAssertEqual(RCControlAck.messageType, 6)
    }

    func testInterfaceIdIsElevenOnceTheCaseExists() throws {
        guard InterfaceID(rawValue: 11) != nil else { throw XCTSkip("InterfaceID has no case 11 yet") }
        XCTAssertEqual(KPMIndication.interface.rawValue, 11)
    }
}
