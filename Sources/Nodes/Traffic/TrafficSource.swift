import Radio
import Scenario

/// Creates the packets of one flow (one UE, one direction) slot by slot.
///
/// Arrival instants are exact emulated times (ns), so latency is measured from creation,
/// not from the slot boundary. Randomness comes from the flow's own seeded stream.
public struct TrafficSource: Sendable {
    public let kind: TrafficKind
    public let packetBytes: Int
    public let meanIntervalNs: Double
    private var nextArrivalNs: Double
    private var rng: SeededGenerator
    public private(set) var nextSequence: UInt32 = 0

    /// - Parameters:
    ///   - config: The flow's traffic configuration.
    ///   - rateBps: Offered rate in bit/s (already raised for full buffer).
    ///   - startNs: Emulated instant of the first packet.
    ///   - seed: Run seed; `stream` separates flows.
    public init(config: TrafficConfig, rateBps: Double, startNs: UInt64, seed: UInt64, stream: UInt64) {
        kind = config.kind
        packetBytes = config.packetBytes
        meanIntervalNs = rateBps > 0 ? Double(config.packetBytes * 8) / rateBps * 1e9 : .infinity
        rng = SeededGenerator(seed: seed, stream: stream)
        nextArrivalNs = Double(startNs)
        if kind == .poisson { nextArrivalNs += exponentialInterval() }
    }

    private mutating func exponentialInterval() -> Double {
        -meanIntervalNs * log(1 - Double.random(in: 0..<1, using: &rng))
    }

    /// Calls `emit(sequence, createdNs)` for every packet created in [startNs, endNs).
    public mutating func generate(from startNs: UInt64, to endNs: UInt64, _ emit: (UInt32, UInt64) -> Void) {
        guard kind != .none, meanIntervalNs.isFinite else { return }
        if nextArrivalNs < Double(startNs) { nextArrivalNs = Double(startNs) }
        while nextArrivalNs < Double(endNs) {
            emit(nextSequence, UInt64(nextArrivalNs))
            nextSequence &+= 1
            nextArrivalNs += kind == .poisson ? exponentialInterval() : meanIntervalNs
        }
    }
}

#if canImport(Glibc)
import Glibc
#endif
