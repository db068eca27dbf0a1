import Prometheus

/// Turns totals a node reports (its CPU time, messages, late slots so far) into counter
/// increments: each counter moves by what the total grew since the last report.
struct CounterFeed {
    private var last: [String: Double] = [:]

    /// Moves `counter`, identified by `id`, to the reported `total`. A total lower than the last
    /// one (a node started again by hand) becomes the new base: counters never go down.
    mutating func advance(_ counter: Counter, id: String, to total: Double) {
        let previous = last[id] ?? 0
        last[id] = total
        if total > previous { counter.increment(by: total - previous) }
    }
}
