import Foundation

/// Results made on several threads (`DispatchQueue.concurrentPerform`), one index each: the
/// nodes' final reports of a run in one process, the latency distributions' text.
final class ParallelResults<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private(set) var values: [Value?]
    init(count: Int) { values = Array(repeating: nil, count: count) }
    func set(_ i: Int, _ value: Value) {
        lock.lock(); defer { lock.unlock() }
        values[i] = value
    }
}
