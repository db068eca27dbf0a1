import XCTest
import Foundation
@testable import Orchestrator

final class OrchestratorActionTests: XCTestCase {
    func testWireFormIsFlatWithTypeDiscriminator() {
        let a = OrchestratorAction(.setCores(vdu: "du1", cores: 6), applyAtSlot: 4000, reason: "more load")
        XCTAssertEqual(String(decoding: JSONBytes.encode(a), as: UTF8.self),
                       #"{"action":{"cores":6,"type":"setCores","vdu":"du1"},"applyAtSlot":4000,"reason":"more load"}"#)
    }

    func testEveryKindRoundTrips() throws {
        let kinds: [OrchestratorActionKind] = [
            .setCores(vdu: "du1", cores: 3), .migrate(vdu: "du1", toServer: "srv2"), .ruSleep(ru: "ru1", depth: .sm4), .ruWake(ru: "ru1"),
            .setSliceQuota(cell: "cell1", slice: "urllc", minShare: 0.25, maxShare: 0.5), .steerUEs(fromCell: "cell1", toCell: "cell2", count: 7),
            .serverPower(server: "srv3", on: false),
        ]
        for k in kinds {
            let a = OrchestratorAction(k, applyAtSlot: 9, reason: "r")
            XCTAssertEqual(try JSONBytes.decoder().decode(OrchestratorAction.self, from: Data(JSONBytes.encode(a))), a)
        }
    }

    func testUnknownTypeAndBadDepthAreRejected() {
        for json in [#"{"action":{"type":"explode"},"applyAtSlot":1,"reason":""}"#,
                     #"{"action":{"type":"ruSleep","ru":"ru1","depth":7},"applyAtSlot":1,"reason":""}"#] {
            XCTAssertThrowsError(try JSONDecoder().decode(OrchestratorAction.self, from: Data(json.utf8)))
        }
    }
}
