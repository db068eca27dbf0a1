import XCTest
import Interfaces
import Power

final class E2MessagesTests: XCTestCase {
    func testControlRequestJSON() throws {
        let m = RCControlRequest(actionId: 7, targetNode: "du1", applyAtSlot: 4000, action: .setCores(vdu: "du1", cores: 6), reason: "load")
        XCTAssertEqual(String(decoding: ControlCodec.encode(m), as: UTF8.self),
                       #"{"action":{"cores":6,"type":"setCores","vdu":"du1"},"actionId":7,"applyAtSlot":4000,"reason":"load","targetNode":"du1"}"#)
        XCTAssertEqual(try ControlCodec.decode(RCControlRequest.self, from: ControlCodec.encode(m)[...]), m)
    }

    /// One example of every RC action and its JSON, the form docs/interfaces.md and
    /// docs/orchestrator.md document and tools/external-policy writes: it must not change.
    static let pinnedActions: [(action: RCAction, json: String)] = [
        (.setCores(vdu: "du1", cores: 6), #"{"cores":6,"type":"setCores","vdu":"du1"}"#),
        (.setVCUCores(vcu: "cu1", cores: 3), #"{"cores":3,"type":"setVCUCores","vcu":"cu1"}"#),
        (.migrate(vdu: "du1", toServer: "srv2"), #"{"toServer":"srv2","type":"migrate","vdu":"du1"}"#),
        (.ruSleep(ru: "ru1", depth: .sm3), #"{"depth":3,"ru":"ru1","type":"ruSleep"}"#),
        (.ruWake(ru: "ru1"), #"{"ru":"ru1","type":"ruWake"}"#),
        (.setSliceQuota(cell: "cell1", slice: "urllc", minShare: 0.25, maxShare: 0.5),
         #"{"cell":"cell1","maxShare":0.5,"minShare":0.25,"slice":"urllc","type":"setSliceQuota"}"#),
        (.steerUEs(fromCell: "cell1", toCell: "cell2", count: 7), #"{"count":7,"fromCell":"cell1","toCell":"cell2","type":"steerUEs"}"#),
        (.serverPower(server: "srv3", on: false), #"{"on":false,"server":"srv3","type":"serverPower"}"#),
    ]

    func testPinnedActionsCoverEveryCase() {
        XCTAssertEqual(Self.pinnedActions.map(\.action.type), RCAction.ActionType.allCases)
    }

    /// Each action's exact bytes in an RC control request, and back from those bytes.
    func testEveryRCActionHasItsDocumentedWireForm() throws {
        for (action, json) in Self.pinnedActions {
            let m = RCControlRequest(actionId: 1, targetNode: "n", applyAtSlot: 2, action: action, reason: "r")
            let wire = #"{"action":"# + json + #","actionId":1,"applyAtSlot":2,"reason":"r","targetNode":"n"}"#
            XCTAssertEqual(String(decoding: ControlCodec.encode(m), as: UTF8.self), wire, action.typeName)
            XCTAssertEqual(try ControlCodec.decode(RCControlRequest.self, from: Array(wire.utf8)[...]), m, action.typeName)
        }
    }

    /// A bad action from a peer is a decode error, so it is counted and dropped, never applied.
    func testUnknownTypeAndBadSleepDepthDoNotDecode() {
        for action in [#"{"type":"explode"}"#, #"{"depth":7,"ru":"ru1","type":"ruSleep"}"#, #"{"depth":0,"ru":"ru1","type":"ruSleep"}"#,
                       #"{"type":"setVCUCores","vcu":"cu1"}"#] {
            let wire = #"{"action":"# + action + #","actionId":1,"applyAtSlot":2,"reason":"r","targetNode":"n"}"#
            XCTAssertThrowsError(try ControlCodec.decode(RCControlRequest.self, from: Array(wire.utf8)[...]), action)
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
