import XCTest
import Foundation
import Interfaces
@testable import Orchestrator

final class OrchestratorActionTests: XCTestCase {
    func testWireFormIsFlatWithTypeDiscriminator() {
        let a = OrchestratorAction(.setCores(vdu: "du1", cores: 6), applyAtSlot: 4000, reason: "more load")
        XCTAssertEqual(String(decoding: JSONBytes.encode(a), as: UTF8.self),
                       #"{"action":{"cores":6,"type":"setCores","vdu":"du1"},"applyAtSlot":4000,"reason":"more load"}"#)
    }

    /// Every action in an external policy's response: its exact JSON, and back. The policy's action
    /// is the E2 RC action, so this is also the form the node receives.
    func testEveryActionHasItsDocumentedPolicyForm() throws {
        let pinned: [(RCAction, String)] = [
            (.setCores(vdu: "du1", cores: 3), #"{"cores":3,"type":"setCores","vdu":"du1"}"#),
            (.setVCUCores(vcu: "cu1", cores: 2), #"{"cores":2,"type":"setVCUCores","vcu":"cu1"}"#),
            (.migrate(vdu: "du1", toServer: "srv2"), #"{"toServer":"srv2","type":"migrate","vdu":"du1"}"#),
            (.ruSleep(ru: "ru1", depth: .sm4), #"{"depth":4,"ru":"ru1","type":"ruSleep"}"#),
            (.ruWake(ru: "ru1"), #"{"ru":"ru1","type":"ruWake"}"#),
            (.setSliceQuota(cell: "cell1", slice: "urllc", minShare: 0.25, maxShare: 0.5),
             #"{"cell":"cell1","maxShare":0.5,"minShare":0.25,"slice":"urllc","type":"setSliceQuota"}"#),
            (.steerUEs(fromCell: "cell1", toCell: "cell2", count: 7), #"{"count":7,"fromCell":"cell1","toCell":"cell2","type":"steerUEs"}"#),
            (.serverPower(server: "srv3", on: false), #"{"on":false,"server":"srv3","type":"serverPower"}"#),
        ]
        XCTAssertEqual(pinned.map(\.0.type), RCAction.ActionType.allCases)
        for (kind, json) in pinned {
            let a = OrchestratorAction(kind, applyAtSlot: 9, reason: "r")
            let policyJSON = #"{"action":"# + json + #","applyAtSlot":9,"reason":"r"}"#
            XCTAssertEqual(String(decoding: JSONBytes.encode(a), as: UTF8.self), policyJSON, kind.typeName)
            XCTAssertEqual(try JSONBytes.decoder().decode(OrchestratorAction.self, from: Data(policyJSON.utf8)), a, kind.typeName)
        }
    }

    func testUnknownTypeAndBadDepthAreRejected() {
        for json in [#"{"action":{"type":"explode"},"applyAtSlot":1,"reason":""}"#,
                     #"{"action":{"type":"ruSleep","ru":"ru1","depth":7},"applyAtSlot":1,"reason":""}"#] {
            XCTAssertThrowsError(try JSONDecoder().decode(OrchestratorAction.self, from: Data(json.utf8)))
        }
    }
}
