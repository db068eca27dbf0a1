import Orchestrator
import Scenario
import XCTest
@testable import Nodes

final class ExternalPolicyWatchTests: XCTestCase {
    private let config = OrchestratorConfig(policy: .external, externalEndpoint: "tcp://127.0.0.1:5599", externalTimeoutLimit: 3)

    func testOnlyPeriodsWithoutAnAnswerInARowReachTheLimit() {
        var watch = ExternalPolicyWatch(config)
        let silent = ExternalPolicyOutcome.unanswered("timed out after 20 ms")
        XCTAssertEqual(watch.observe(silent), .carryOn)
        XCTAssertEqual(watch.observe(silent), .carryOn)
        XCTAssertEqual(watch.observe(.unusable("external policy error: no model yet")), .carryOn,
                       "a readable answer, even one that declines to decide, resets the count")
        XCTAssertEqual(watch.observe(silent), .carryOn)
        XCTAssertEqual(watch.observe(.answered), .carryOn)
        XCTAssertEqual(watch.observe(silent), .carryOn)
        XCTAssertEqual(watch.observe(silent), .carryOn)
        XCTAssertEqual(watch.observe(silent), .stop("external policy at tcp://127.0.0.1:5599 did not answer 3 periods in a row "
                                                     + "(timed out after 20 ms); no orchestrator.externalFallback is set, so the run stops"))
    }

    func testMalformedResponsesInARowReachTheLimitLikeSilence() {
        var watch = ExternalPolicyWatch(config)
        let garbage = ExternalPolicyOutcome.malformed("external policy response is not valid: the response is not JSON")
        XCTAssertEqual(watch.observe(garbage), .carryOn)
        XCTAssertEqual(watch.observe(garbage), .carryOn)
        XCTAssertEqual(watch.observe(.answered), .carryOn, "a readable response resets the count")
        XCTAssertEqual(watch.observe(garbage), .carryOn)
        XCTAssertEqual(watch.observe(garbage), .carryOn)
        XCTAssertEqual(watch.observe(.malformed("external policy answered version 2, expected 1")),
                       .stop("external policy at tcp://127.0.0.1:5599 answered with a malformed response 3 periods in a row "
                             + "(last: external policy answered version 2, expected 1); no orchestrator.externalFallback is set, so the run stops"))
    }

    func testSilenceAndMalformedResponsesCountTogether() {
        var c = config
        c.externalFallback = .threshold
        var watch = ExternalPolicyWatch(c)
        XCTAssertEqual(watch.observe(.malformed("external policy response is not valid: the response is not JSON")), .carryOn)
        XCTAssertEqual(watch.observe(.unanswered("timed out after 20 ms")), .carryOn)
        XCTAssertEqual(watch.observe(.malformed("external policy answered version 7, expected 1")),
                       .handOver(.threshold, "external policy at tcp://127.0.0.1:5599 gave no usable answer 3 periods in a row: "
                                 + "1 unanswered, 2 malformed (last: external policy answered version 7, expected 1): threshold takes over"))
    }

    func testTheFallbackTakesOverAtTheLimit() {
        var c = config
        c.externalFallback = .latencyPower
        c.externalTimeoutLimit = 1
        var watch = ExternalPolicyWatch(c)
        XCTAssertEqual(watch.observe(.unanswered("cannot connect")),
                       .handOver(.latencyPower, "external policy at tcp://127.0.0.1:5599 did not answer 1 period in a row (cannot connect): "
                                 + "latency-power takes over"))
    }
}
