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
    /// Diurnal profile: length of the compressed day (ns), or nil for a constant rate.
    private let dayLengthNs: Double?

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
        dayLengthNs = config.profile == .diurnal && config.kind != .fullBuffer ? config.dayLengthMs * 1e6 : nil
        nextArrivalNs = Double(startNs)
        if kind == .poisson { nextArrivalNs += exponentialInterval() }
    }

    private mutating func exponentialInterval() -> Double {
        -meanIntervalNs * log(1 - Double.random(in: 0..<1, using: &rng)) / rateFactor(at: nextArrivalNs)
    }

    /// Share of the peak rate offered at an instant: 1 for a constant profile; for a diurnal one a
    /// raised cosine over the compressed day, `diurnalTroughFraction` at 04:00 and 1 at 16:00.
    public func rateFactor(at timeNs: Double) -> Double {
        guard let day = dayLengthNs, day > 0 else { return 1 }
        let hour = 24 * timeNs.truncatingRemainder(dividingBy: day) / day
        let t = Self.diurnalTroughFraction
        return t + (1 - t) * (1 - cos(2 * Double.pi * (hour - 4) / 24)) / 2
    }

    /// Night-time rate as a share of the peak (`rateMbps` is the peak of a diurnal profile).
    public static let diurnalTroughFraction = 0.1

    /// Whether ``generate(from:to:_:)`` would create a packet before `endNs` (for any start
    /// before it): most flows create none in most slots, and thousands of them are asked every
    /// slot, so callers skip the call (and the copy of the source) when not.
    @inline(__always)
    public func createsPacket(before endNs: UInt64) -> Bool {
        kind != .none && nextArrivalNs < Double(endNs) && meanIntervalNs.isFinite
    }

    /// Calls `emit(sequence, createdNs)` for every packet created in [startNs, endNs).
    public mutating func generate(from startNs: UInt64, to endNs: UInt64, _ emit: (UInt32, UInt64) -> Void) {
        guard kind != .none, meanIntervalNs.isFinite else { return }
        if nextArrivalNs < Double(startNs) { nextArrivalNs = Double(startNs) }
        while nextArrivalNs < Double(endNs) {
            emit(nextSequence, UInt64(nextArrivalNs))
            nextSequence &+= 1
            nextArrivalNs += kind == .poisson ? exponentialInterval() : meanIntervalNs / rateFactor(at: nextArrivalNs)
        }
    }
}

#if canImport(Glibc)
import Glibc
#endif
