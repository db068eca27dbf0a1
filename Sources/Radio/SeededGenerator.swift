import Foundation

/// A small, fast, seeded pseudo-random generator (xoshiro256**, seeded with SplitMix64).
///
/// Deterministic across platforms: the same seed gives the same sequence. Derive
/// independent streams with ``init(seed:stream:)`` (e.g. one per UE or per node).
public struct SeededGenerator: RandomNumberGenerator, Sendable, Hashable, Codable {
    private var s0: UInt64
    private var s1: UInt64
    private var s2: UInt64
    private var s3: UInt64

    /// - Parameter seed: Any 64-bit seed (0 is fine: SplitMix64 expands it).
    public init(seed: UInt64) {
        var mixer = seed
        s0 = Self.splitMix64(&mixer)
        s1 = Self.splitMix64(&mixer)
        s2 = Self.splitMix64(&mixer)
        s3 = Self.splitMix64(&mixer)
    }

    /// An independent stream derived from a seed and a stream number.
    /// - Parameters:
    ///   - seed: The run's seed.
    ///   - stream: A stream label, e.g. a UE index.
    public init(seed: UInt64, stream: UInt64) {
        var mixer = seed ^ (stream &* 0xD1B5_4A32_D192_ED03)
        self.init(seed: Self.splitMix64(&mixer))
    }

    /// The next 64 random bits.
    public mutating func next() -> UInt64 {
        let result = rotateLeft(s1 &* 5, 7) &* 9
        let t = s1 << 17
        s2 ^= s0
        s3 ^= s1
        s1 ^= s2
        s0 ^= s3
        s2 ^= t
        s3 = rotateLeft(s3, 45)
        return result
    }

    /// One SplitMix64 step: advances `state` and returns a well-mixed value. Also usable
    /// as a stateless hash of (seed, counters).
    public static func splitMix64(_ state: inout UInt64) -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    private func rotateLeft(_ x: UInt64, _ k: UInt64) -> UInt64 {
        (x << k) | (x >> (64 - k))
    }
}

/// Random variates drawn from any generator.
public enum RandomVariate {
    /// A uniform value in [0, 1) with 53 random bits.
    public static func unit<G: RandomNumberGenerator>(using generator: inout G) -> Double {
        Double(generator.next() >> 11) * 0x1.0p-53
    }

    /// A standard normal value (Box-Muller).
    public static func standardNormal<G: RandomNumberGenerator>(using generator: inout G) -> Double {
        let u1 = 1 - unit(using: &generator) // (0, 1]: log is finite
        let u2 = unit(using: &generator)
        return (-2 * log(u1)).squareRoot() * cos(2 * Double.pi * u2)
    }

    /// A normal value with a mean and standard deviation.
    public static func normal<G: RandomNumberGenerator>(mean: Double, standardDeviation: Double,
                                                        using generator: inout G) -> Double {
        mean + standardDeviation * standardNormal(using: &generator)
    }

    /// `true` with probability `p`.
    public static func bernoulli<G: RandomNumberGenerator>(_ p: Double, using generator: inout G) -> Bool {
        unit(using: &generator) < p
    }
}
