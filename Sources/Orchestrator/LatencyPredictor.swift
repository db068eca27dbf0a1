/// Predicts a slice's p99 latency after a change of PRB load or processing time.
///
/// Queueing: in an M/M/1 queue the sojourn time is exponential with rate mu * (1 - rho), so every
/// percentile scales as 1 / (1 - rho) (Kleinrock, Queueing Systems Vol. 1, 1975, section 3.2). The
/// observed p99 calibrates the model:
///
///     p99' = p99 * (1 - rho) / (1 - rho') + (t' - t)
///
/// with rho the PRB utilisation and t the vDU processing time per slot (it delays every packet
/// once). A vDU slower than the slot (t' > slot) falls behind without bound, and rho' >= 1 has no
/// steady state: both predict infinity.
public struct LatencyPredictor: Sendable, Equatable, Codable {
    /// Utilisation is capped here so that an observation at rho ~ 1 stays usable.
    public var maxUtilisation: Double

    /// Creates a predictor.
    /// - Parameter maxUtilisation: cap on rho for calibration, in (0, 1).
    public init(maxUtilisation: Double = 0.98) {
        precondition(maxUtilisation > 0 && maxUtilisation < 1, "maxUtilisation in (0, 1)")
        self.maxUtilisation = maxUtilisation
    }

    /// Predicted p99, ms.
    /// - Parameters:
    ///   - observedP99Ms: p99 measured over the period.
    ///   - observedUtilisation: PRB utilisation when measured.
    ///   - predictedUtilisation: PRB utilisation expected.
    ///   - observedProcessingUs: processing time per slot when measured, us.
    ///   - predictedProcessingUs: processing time per slot expected, us.
    ///   - slotDurationUs: the deadline, us.
    /// - Returns: the predicted p99, ms (infinite when unstable).
    public func predictP99Ms(observedP99Ms: Double, observedUtilisation: Double, predictedUtilisation: Double,
                             observedProcessingUs: Double, predictedProcessingUs: Double, slotDurationUs: Double) -> Double {
        if predictedProcessingUs > slotDurationUs || predictedUtilisation >= 1 { return .infinity }
        let rho0 = min(max(observedUtilisation, 0), maxUtilisation)
        let rho1 = min(max(predictedUtilisation, 0), 1)
        let queueing = observedP99Ms * (1 - rho0) / (1 - rho1)
        return max(0, queueing + (predictedProcessingUs - observedProcessingUs) / 1000)
    }
}
