import Orchestrator
import Scenario

/// Watches an external policy's answers: counts the periods without a usable one in a row (no
/// answer in time, or a malformed response: a policy answering garbage forever is as broken as
/// a silent one), and at the scenario's limit decides whether the run stops (naming the policy
/// and why) or the fallback takes over.
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
    /// Periods in a row without a usable answer, of either kind.
    private(set) var missedInARow = 0
    /// Of those, the periods whose answer was malformed.
    private(set) var malformedInARow = 0

    init(_ config: OrchestratorConfig) {
        endpoint = config.externalEndpoint ?? "?"
        limit = config.externalTimeoutLimit
        fallback = config.externalFallback
    }

    /// Takes a period's outcome: a readable answer (its own `error` text included) resets the count.
    mutating func observe(_ outcome: ExternalPolicyOutcome) -> Verdict {
        let why: String
        switch outcome {
        case .answered, .unusable:
            missedInARow = 0
            malformedInARow = 0
            return .carryOn
        case .unanswered(let text):
            why = text
        case .malformed(let text):
            why = text
            malformedInARow += 1
        }
        missedInARow += 1
        guard missedInARow >= limit else { return .carryOn }
        let said = "external policy at \(endpoint) \(Self.what(missed: missedInARow, malformed: malformedInARow, last: why))"
        guard let fallback else { return .stop("\(said); no orchestrator.externalFallback is set, so the run stops") }
        return .handOver(fallback, "\(said): \(fallback.rawValue) takes over")
    }

    /// What went wrong, in words: silence, malformed responses, or both, with the last reason.
    private static func what(missed: Int, malformed: Int, last: String) -> String {
        let periods = "\(missed) period\(missed == 1 ? "" : "s") in a row"
        switch malformed {
        case 0: return "did not answer \(periods) (\(last))"
        case missed: return "answered with a malformed response \(periods) (last: \(last))"
        default: return "gave no usable answer \(periods): \(missed - malformed) unanswered, \(malformed) malformed (last: \(last))"
        }
    }
}
