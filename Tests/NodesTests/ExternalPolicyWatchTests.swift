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
        XCTAssertEqual(watch.observe(.unusable("field `actions` is missing")), .carryOn, "an answer, even unusable, resets the count")
        XCTAssertEqual(watch.observe(silent), .carryOn)
        XCTAssertEqual(watch.observe(.answered), .carryOn)
        XCTAssertEqual(watch.observe(silent), .carryOn)
        XCTAssertEqual(watch.observe(silent), .carryOn)
        XCTAssertEqual(watch.observe(silent), .stop("external policy at tcp://127.0.0.1:5599 did not answer 3 periods in a row "
                                                     + "(timed out after 20 ms); no orchestrator.externalFallback is set, so the run stops"))
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
