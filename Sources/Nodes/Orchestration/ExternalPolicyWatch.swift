import Orchestrator
import Scenario

/// Watches an external policy's answers: counts the periods without one, in a row, and at the
/// scenario's limit decides whether the run stops (naming the policy) or the fallback takes over.
struct ExternalPolicyWatch {
    /// What the orchestrator does after a period.
    enum Verdict: Equatable {
        case carryOn
        /// Stop the run with this reason.
        case stop(String)
        /// Decide with this built-in policy from the next period; the reason says why.
        case handOver(OrchestratorPolicyName, String)
    }

    let endpoint: String
    let limit: Int
    let fallback: OrchestratorPolicyName?
    private(set) var unansweredInARow = 0

    init(_ config: OrchestratorConfig) {
        endpoint = config.externalEndpoint ?? "?"
        limit = config.externalTimeoutLimit
        fallback = config.externalFallback
    }

    /// Takes a period's outcome: any answer, usable or not, resets the count.
    mutating func observe(_ outcome: ExternalPolicyOutcome) -> Verdict {
        guard case .unanswered(let why) = outcome else {
            unansweredInARow = 0
            return .carryOn
        }
        unansweredInARow += 1
        guard unansweredInARow >= limit else { return .carryOn }
        let said = "external policy at \(endpoint) did not answer \(unansweredInARow) period\(unansweredInARow == 1 ? "" : "s") in a row (\(why))"
        guard let fallback else { return .stop("\(said); no orchestrator.externalFallback is set, so the run stops") }
        return .handOver(fallback, "\(said): \(fallback.rawValue) takes over")
    }
}
