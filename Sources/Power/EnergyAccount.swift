/// Neumaier-compensated running sum, so that many small per-slot terms add up without drift.
struct CompensatedSum: Sendable, Equatable {
    private(set) var sum = 0.0
    private var compensation = 0.0

    mutating func add(_ x: Double) {
        let t = sum + x
        if abs(sum) >= abs(x) {
            compensation += (sum - t) + x
        } else {
            compensation += (x - t) + sum
        }
        sum = t
    }

    var value: Double { sum + compensation }
}

/// Energy totals of one node (or of all nodes).
public struct NodeEnergy: Sendable, Equatable, Codable {
    /// Energy drawn, J.
    public var energyJ: Double
    /// Emulated time accounted, s.
    public var elapsedS: Double
    /// Bits delivered (to UEs or the core) during that time.
    public var deliveredBits: Double

    /// Mean power, W (0 when no time was accounted).
    public var averagePowerW: Double { elapsedS > 0 ? energyJ / elapsedS : 0 }
    /// Energy per delivered bit, J/bit; nil when no bit was delivered.
    public var joulesPerBit: Double? { deliveredBits > 0 ? energyJ / deliveredBits : nil }
    /// Bits delivered per joule, bit/J; nil when no energy was drawn.
    public var bitsPerJoule: Double? { energyJ > 0 ? deliveredBits / energyJ : nil }
}

/// Integrates power over emulated time, per node, and relates it to the bits delivered.
///
/// E = sum_i P_i * dt_i (rectangle rule: the power is constant within each interval, which holds
/// for per-slot accounting). Time comes from the emulated clock only.
public struct EnergyAccount: Sendable, Equatable {
    private struct Entry: Sendable, Equatable {
        var energyJ = CompensatedSum()
        var elapsedS = CompensatedSum()
        var deliveredBits = CompensatedSum()
    }

    private var entries: [String: Entry] = [:]

    /// Creates an empty account.
    public init() {}

    /// Adds an interval of constant power.
    /// - Parameters:
    ///   - node: node identifier.
    ///   - powerW: power during the interval, W.
    ///   - durationS: interval length, s, >= 0.
    public mutating func add(node: String, powerW: Double, durationS: Double) {
        add(node: node, energyJ: powerW * durationS, durationS: durationS)
    }

    /// Adds an interval whose energy is already known (e.g. ``RUSlotEnergy/energyJ``).
    /// - Parameters:
    ///   - node: node identifier.
    ///   - energyJ: energy drawn, J.
    ///   - durationS: interval length, s, >= 0.
    public mutating func add(node: String, energyJ: Double, durationS: Double) {
        precondition(durationS >= 0, "duration must be >= 0")
        entries[node, default: Entry()].energyJ.add(energyJ)
        entries[node, default: Entry()].elapsedS.add(durationS)
    }

    /// Records bits delivered by a node.
    /// - Parameters:
    ///   - bits: bits delivered, >= 0.
    ///   - node: node identifier.
    public mutating func addDeliveredBits(_ bits: Double, node: String) {
        precondition(bits >= 0, "bits must be >= 0")
        entries[node, default: Entry()].deliveredBits.add(bits)
    }

    /// Node identifiers, sorted.
    public var nodeIDs: [String] { entries.keys.sorted() }

    /// Totals of one node (zeros for an unknown node).
    /// - Parameter id: node identifier.
    public func node(_ id: String) -> NodeEnergy {
        guard let e = entries[id] else { return NodeEnergy(energyJ: 0, elapsedS: 0, deliveredBits: 0) }
        return NodeEnergy(energyJ: e.energyJ.value, elapsedS: e.elapsedS.value, deliveredBits: e.deliveredBits.value)
    }

    /// Totals over all nodes: energies and bits add up; the elapsed time is the longest of the
    /// nodes', so that the average power is that of the whole network over the run.
    public var total: NodeEnergy {
        var energy = CompensatedSum()
        var bits = CompensatedSum()
        var elapsed = 0.0
        for id in nodeIDs {
            let n = node(id)
            energy.add(n.energyJ)
            bits.add(n.deliveredBits)
            elapsed = max(elapsed, n.elapsedS)
        }
        return NodeEnergy(energyJ: energy.value, elapsedS: elapsed, deliveredBits: bits.value)
    }
}
