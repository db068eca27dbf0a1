import Logging

/// Logs at most one warning per cause per second and counts the rest, so a peer that sends
/// junk cannot flood a node's log. The count of suppressed lines goes out with the next
/// line of that cause. Reads the monotonic clock only when a warning is due, and only to
/// pace log lines: nothing the node computes depends on it.
struct WarningLimiter {
    private var lastNs: [String: UInt64] = [:]
    private var suppressed: [String: UInt64] = [:]
    let intervalNs: UInt64
    let now: () -> UInt64

    init(intervalNs: UInt64 = 1_000_000_000, now: @escaping () -> UInt64 = monotonicNs) {
        self.intervalNs = intervalNs; self.now = now
    }

    /// Logs `message` unless a line of the same `cause` went out less than the interval ago.
    mutating func warn(_ logger: Logger, cause: String, _ message: @autoclosure () -> Logger.Message,
                       metadata: @autoclosure () -> Logger.Metadata = [:]) {
        let t = now()
        if let last = lastNs[cause], t &- last < intervalNs {
            suppressed[cause, default: 0] += 1
            return
        }
        lastNs[cause] = t
        var m = metadata()
        m["cause"] = "\(cause)"
        if let n = suppressed.removeValue(forKey: cause), n > 0 { m["suppressed"] = "\(n)" }
        logger.warning(message(), metadata: m)
    }

    /// Lines not logged so far, by cause (reported at the end).
    var suppressedCounts: [String: UInt64] { suppressed }
}
