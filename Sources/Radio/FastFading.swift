import Foundation

/// How fast fading is applied to a link.
public enum FastFadingModel: Sendable, Hashable, Codable {
    /// No fast fading (0 dB every slot).
    case none
    /// Rayleigh block fading, independent from slot to slot.
    case rayleighBlock
    /// Rayleigh fading correlated over slots: a first-order Gauss-Markov process whose
    /// one-slot correlation is J0(2 pi f_D T_slot) (Clarke/Jakes).
    case rayleighCorrelated(dopplerHz: Double)
}

/// A per-UE fast-fading process: one gain in dB per slot, drawn from a generator that the
/// caller owns (so runs are reproducible from the seed).
public struct FastFadingProcess: Sendable, Hashable, Codable {
    /// The model.
    public let model: FastFadingModel
    /// Correlation of the complex channel between consecutive slots.
    public let slotCorrelation: Double
    /// Floor of a gain sample in dB, so a deep fade never yields -infinity.
    public static let minimumGainDb = -40.0
    private var real: Double
    private var imaginary: Double

    /// Creates a process and draws its initial state.
    /// - Parameters:
    ///   - model: The fading model.
    ///   - slotDurationUs: Slot duration (see ``Numerology/slotDurationUs``).
    ///   - generator: The random stream of this UE.
    public init<G: RandomNumberGenerator>(model: FastFadingModel, slotDurationUs: Double, using generator: inout G) {
        self.model = model
        switch model {
        case .none, .rayleighBlock:
            slotCorrelation = 0
        case .rayleighCorrelated(let dopplerHz):
            slotCorrelation = Self.besselJ0(2 * Double.pi * dopplerHz * slotDurationUs * 1e-6)
        }
        if model == .none {
            real = 1
            imaginary = 0
        } else {
            real = RandomVariate.standardNormal(using: &generator) * 0.5.squareRoot()
            imaginary = RandomVariate.standardNormal(using: &generator) * 0.5.squareRoot()
        }
    }

    /// The gain of the current slot in dB (|h|^2 with E[|h|^2] = 1).
    public var currentGainDb: Double {
        guard model != .none else { return 0 }
        return max(10 * log10(real * real + imaginary * imaginary), Self.minimumGainDb)
    }

    /// Advances one slot and returns its gain in dB (draws nothing for ``FastFadingModel/none``).
    public mutating func nextGainDb<G: RandomNumberGenerator>(using generator: inout G) -> Double {
        guard model != .none else { return 0 }
        let rho = slotCorrelation
        let innovation = (0.5 * (1 - rho * rho)).squareRoot()
        real = rho * real + innovation * RandomVariate.standardNormal(using: &generator)
        imaginary = rho * imaginary + innovation * RandomVariate.standardNormal(using: &generator)
        return currentGainDb
    }

    /// A stateless Rayleigh block-fading gain in dB for (seed, UE, slot): a counter-based
    /// draw, so any process can evaluate any UE's slot without carrying state.
    /// - Parameters:
    ///   - seed: The run's fading seed.
    ///   - ueIndex: The UE.
    ///   - slot: The absolute slot number.
    /// - Returns: 10 log10 of an exponential(1) sample, floored at ``minimumGainDb``.
    public static func blockRayleighGainDb(seed: UInt64, ueIndex: Int, slot: Int) -> Double {
        var state = seed ^ (UInt64(truncatingIfNeeded: ueIndex) &* 0x9E37_79B9_7F4A_7C15)
            ^ (UInt64(truncatingIfNeeded: slot) &* 0xC2B2_AE3D_27D4_EB4F)
        _ = SeededGenerator.splitMix64(&state)
        let u = Double(SeededGenerator.splitMix64(&state) >> 11) * 0x1.0p-53
        let power = -log(1 - u) // exponential(1); 1 - u is in (0, 1]
        return max(10 * log10(power), minimumGainDb)
    }

    /// Bessel function of the first kind, order 0, by J0(x) = (1/pi) * integral over
    /// [0, pi] of cos(x sin t) dt (midpoint rule, 256 points: error < 1e-12 for |x| < 50).
    public static func besselJ0(_ x: Double) -> Double {
        let n = 256
        var sum = 0.0
        for k in 0..<n {
            let t = (Double(k) + 0.5) * Double.pi / Double(n)
            sum += cos(x * sin(t))
        }
        return sum / Double(n)
    }
}
