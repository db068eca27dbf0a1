import Foundation
import XCTest
@testable import Orchestrator

/// Each action of an external policy's response is read on its own; what cannot be read, and a
/// response that is not one, is said in words; refusals go back to the policy.
final class PolicyResponseReaderTests: XCTestCase {
    private func answer(_ json: String) throws -> PolicyAnswer { try ExternalPolicyAdapter.decodeResponse(Array(json.utf8)) }

    func testOneMisspeltActionIsRefusedAloneAndTheOthersAreUsed() throws {
        let a = try answer("""
            {"version":1,"actions":[
              {"action":{"type":"setCores","vdu":"du1","cores":13},"applyAtSlot":4000,"reason":"busy"},
              {"action":{"type":"setCore","vdu":"du2","cores":11},"applyAtSlot":4000,"reason":"idle"},
              {"action":{"type":"setCores","vdu":"du3","cores":"4"},"applyAtSlot":4000,"reason":"idle"},
              {"action":{"type":"ruSleep","ru":"ru1"},"applyAtSlot":4000,"reason":"quiet"},
              {"action":{"type":"ruSleep","ru":"ru2","depth":7},"applyAtSlot":4000,"reason":"quiet"},
              {"action":{"type":"ruWake","ru":"ru3"},"applyAtSlot":-5,"reason":"busy"},
              7
            ]}
            """)
        XCTAssertEqual(a.actions, [OrchestratorAction(.setCores(vdu: "du1", cores: 13), applyAtSlot: 4000, reason: "busy")])
        XCTAssertEqual(a.indices, [0])
        XCTAssertEqual(a.unreadable.map(\.index), [1, 2, 3, 4, 5, 6])
        let reasons = a.unreadable.map(\.reason)
        XCTAssertTrue(reasons[0].hasPrefix("field `actions[1].action.type`: unknown RC action type setCore; expected one of setCores,"), reasons[0])
        XCTAssertEqual(reasons[1], "field `actions[2].action.cores`: expected an integer, found a string (\"4\")")
        XCTAssertEqual(reasons[2], "field `actions[3].action.depth` is missing: expected an integer")
        XCTAssertTrue(reasons[3].hasPrefix("field `actions[4].action.depth`: sleep depth 7 not in 1...4"), reasons[3])
        XCTAssertTrue(reasons[4].hasPrefix("field `actions[5].applyAtSlot`:"), reasons[4])
        XCTAssertTrue(reasons[4].contains("the number -5"), reasons[4])
        XCTAssertEqual(reasons[5], "field `actions[6]`: expected an object, found the number 7")
        XCTAssertEqual(a.unreadable[1].text, #"{"action":{"cores":"4","type":"setCores","vdu":"du3"},"applyAtSlot":4000,"reason":"idle"}"#)
        XCTAssertFalse(reasons.joined().contains("DecodingError"))
    }

    func testAResponseThatIsNoneIsSaidInWords() {
        let cases: [(String, String)] = [
            ("not json", "the response is not JSON (8 bytes, starting `not json`)"),
            (#"{"version":1}"#, "field `actions` is missing: expected an array of actions (empty to keep the allocation)"),
            (#"{"version":1,"actions":"none"}"#, "field `actions`: expected an array, found a string (\"none\")"),
            (#"{"version":"1","actions":[]}"#, "field `version`: expected an integer, found a string (\"1\")"),
            (#"[1,2]"#, "the response: expected an object, found an array of 2"),
            (#"{"version":1,"actions":[],"error":3}"#, "field `error`: expected a string, found the number 3"),
        ]
        for (json, words) in cases {
            XCTAssertThrowsError(try answer(json), json) { error in
                XCTAssertEqual(error as? ExternalPolicyError, .badResponse(words), json)
            }
        }
    }

    func testNoAnswerAndAnUnusableAnswerAreTold() {
        struct Timeout: Error, CustomStringConvertible { var description: String { "timed out after 20 ms" } }
        let r = ExternalPolicyAdapterTests.sampleRequest()
        var silent = ExternalPolicyAdapter { _ in throw Timeout() }
        XCTAssertEqual(silent.decide(snapshot: r.snapshot, model: Fixtures.model(), targets: Fixtures.targets), [])
        XCTAssertEqual(silent.lastOutcome, .unanswered("timed out after 20 ms"))
        var garbled = ExternalPolicyAdapter { _ in Array(#"{"version":1,"acts":[]}"#.utf8) }
        XCTAssertEqual(garbled.decide(snapshot: r.snapshot, model: Fixtures.model(), targets: Fixtures.targets), [])
        XCTAssertEqual(garbled.lastOutcome, .malformed("external policy response is not valid: field `actions` is missing: "
                                                       + "expected an array of actions (empty to keep the allocation)"))
        var declining = ExternalPolicyAdapter { _ in Array(#"{"version":1,"actions":[],"error":"no model yet"}"#.utf8) }
        XCTAssertEqual(declining.decide(snapshot: r.snapshot, model: Fixtures.model(), targets: Fixtures.targets), [])
        XCTAssertEqual(declining.lastOutcome, .unusable("external policy error: no model yet"), "a well-formed answer, not malformed")
        var otherVersion = ExternalPolicyAdapter { _ in Array(#"{"version":2,"actions":[]}"#.utf8) }
        XCTAssertEqual(otherVersion.decide(snapshot: r.snapshot, model: Fixtures.model(), targets: Fixtures.targets), [])
        XCTAssertEqual(otherVersion.lastOutcome, .malformed("external policy answered version 2, expected 1"))
    }

    /// Unreadable actions, actions the model refuses and actions a node refuses reach the policy
    /// in its next request, each with its position in the response that held it.
    func testRefusalsGoBackToThePolicyInItsNextRequest() throws {
        let requests = Requests()
        let reply = #"""
            {"version":1,"actions":[
              {"action":{"type":"setCores","vdu":"du1","cores":40},"applyAtSlot":4000,"reason":"grow"},
              {"action":{"type":"setCores","vdu":"du2"},"applyAtSlot":4000,"reason":"shrink"},
              {"action":{"type":"ruWake","ru":"ru9"},"applyAtSlot":4000,"reason":"wake"},
              {"action":{"type":"setCores","vdu":"du3","cores":11},"applyAtSlot":4000,"reason":"shrink"}
            ]}
            """#
        let adapter = ExternalPolicyAdapter { request in
            requests.add(try JSONBytes.decoder().decode(PolicyRequest.self, from: Data(request)))
            return requests.count == 1 ? Array(reply.utf8) : Array(#"{"version":1,"actions":[]}"#.utf8)
        }
        var loop = OrchestrationLoop(model: Fixtures.model(), policy: adapter, targets: Fixtures.targets)
        let first = loop.step(Fixtures.snapshot(loads: ["cell1": 0.5, "cell2": 0.5, "cell3": 0.5, "cell4": 0.5]))
        XCTAssertEqual(first.map(\.accepted), [false, false, true])
        let accepted = try XCTUnwrap(first.last)
        loop.noteNodeRefusal(actionID: accepted.actionID, node: "du3", reason: "vDU du3 is restarting")
        _ = loop.step(Fixtures.snapshot(loads: ["cell1": 0.5, "cell2": 0.5, "cell3": 0.5, "cell4": 0.5], slot: 7999))
        XCTAssertEqual(requests.all.first?.refused, [])
        let refused = try XCTUnwrap(requests.all.last?.refused)
        XCTAssertEqual(refused.map(\.index), [1, 0, 2, 3])
        XCTAssertEqual(refused.map(\.refusedBy), ["orchestrator", "orchestrator", "orchestrator", "du3"])
        XCTAssertEqual(refused.map(\.period), [0, 0, 0, 0])
        XCTAssertEqual(refused[0].reason, "field `actions[1].action.cores` is missing: expected an integer")
        XCTAssertEqual(refused[1].reason, "40 cores requested for vDU du1 on server srv1, which has 32 cores (2 in use by others)")
        XCTAssertEqual(refused[2].reason, "unknown RU ru9")
        XCTAssertEqual(refused[3].reason, "vDU du3 is restarting")
        XCTAssertEqual(refused[1].action, #"{"action":{"cores":40,"type":"setCores","vdu":"du1"},"applyAtSlot":4000,"reason":"grow"}"#)
    }

    /// A slot far beyond any run is refused, not added to (it once overflowed a migration's end).
    func testAnApplySlotFarAheadIsRefusedWithoutTrapping() throws {
        let far = OrchestratorAction(.migrate(vdu: "du1", toServer: "srv2"), applyAtSlot: .max - 1, reason: "later")
        let adapter = ExternalPolicyAdapter { _ in JSONBytes.encode(PolicyResponse(actions: [far])) }
        var loop = OrchestrationLoop(model: Fixtures.model(vduCores: 4), policy: adapter, targets: Fixtures.targets)
        let entries = loop.step(Fixtures.snapshot(loads: ["cell1": 0.5, "cell2": 0.5, "cell3": 0.5, "cell4": 0.5]))
        XCTAssertEqual(entries.map(\.accepted), [false])
        XCTAssertEqual(entries.first?.refusal, "apply slot \(UInt64.max - 1) is more than 1000000 periods after the report slot 3999")
    }
}

/// Requests seen by a fake policy.
private final class Requests: @unchecked Sendable {
    private let lock = NSLock()
    private var items: [PolicyRequest] = []
    func add(_ r: PolicyRequest) { lock.lock(); items.append(r); lock.unlock() }
    var all: [PolicyRequest] { lock.lock(); defer { lock.unlock() }; return items }
    var count: Int { all.count }
}
