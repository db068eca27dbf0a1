import Foundation
import Report
import Scheduler

/// The benchmark's figures, as text or one JSON object.
struct BenchSchedulerReport: Encodable {
    var ues: Int
    var policy: String
    var prbs: Int
    var slots: Int
    var warmupSlots: Int
    var tdd: String
    var maxDLGrants: Int
    var maxULGrants: Int
    var cells: Int
    var uplink: Bool
    var bler: Double
    var seed: UInt64
    var samples: Int
    var p50Us: Double
    var p90Us: Double
    var p99Us: Double
    var p999Us: Double
    var maxUs: Double
    var meanUs: Double
    var meanDLGrantsPerSlot: Double
    var meanULGrantsPerSlot: Double
    var meanDLBitsPerSlot: Double
    var meanULBitsPerSlot: Double
    var retransmissionsPerSlot: Double
    var allocationsPerSlot: Double
    var allocationsTotal: UInt64
    var allocationCounterActive: Bool
    var droppedTransportBlocks: Int

    init(command: BenchSchedulerCommand, measurement: BenchSchedulerWorkload.Measurement) {
        ues = command.ues
        policy = command.policy.rawValue
        prbs = command.prbs
        slots = command.slots
        warmupSlots = command.warmupSlots
        tdd = command.tdd
        maxDLGrants = command.maxDLGrants
        maxULGrants = command.maxULGrants
        cells = command.cells
        uplink = command.uplink
        bler = command.bler
        seed = command.seed
        let times = measurement.slotTimesNs
        var histogram = PercentileHistogram()
        for t in times { histogram.record(UInt64(max(0, t))) }
        samples = times.count
        func percentileUs(_ percentile: Double) -> Double { Double(histogram.value(atPercentile: percentile)) / 1_000 }
        p50Us = percentileUs(50)
        p90Us = percentileUs(90)
        p99Us = percentileUs(99)
        p999Us = percentileUs(99.9)
        maxUs = Double(times.max() ?? 0) / 1_000
        meanUs = times.isEmpty ? 0 : Double(times.reduce(0, +)) / Double(times.count) / 1_000
        let calls = Double(max(samples, 1))
        meanDLGrantsPerSlot = Double(measurement.dlGrants) / calls
        meanULGrantsPerSlot = Double(measurement.ulGrants) / calls
        meanDLBitsPerSlot = Double(measurement.dlBits) / calls
        meanULBitsPerSlot = Double(measurement.ulBits) / calls
        retransmissionsPerSlot = Double(measurement.retransmissions) / calls
        allocationsTotal = measurement.allocations
        allocationsPerSlot = Double(measurement.allocations) / calls
        allocationCounterActive = measurement.allocationCounterActive
        droppedTransportBlocks = measurement.statistics.reduce(0) {
            $0 + $1.droppedDLTransportBlocks + $1.droppedULTransportBlocks
        }
    }

    func jsonString() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: try encoder.encode(self), as: UTF8.self)
    }

    func text() -> String {
        func f(_ value: Double, _ digits: Int = 2) -> String { String(format: "%.\(digits)f", value) }
        return """
            scheduler benchmark: \(cells) cell(s) x \(ues) UEs, policy \(policy), \(prbs) PRBs, TDD \(tdd), \
            DL grants <= \(maxDLGrants)\(uplink ? ", UL traffic (grants <= \(maxULGrants))" : ""), BLER \(bler), seed \(seed)
            runSlot per call (\(samples) samples after \(warmupSlots) warm-up slots):
              p50 \(f(p50Us)) us  p90 \(f(p90Us)) us  p99 \(f(p99Us)) us  p99.9 \(f(p999Us)) us  max \(f(maxUs)) us  mean \(f(meanUs)) us
            per slot: DL grants \(f(meanDLGrantsPerSlot)), DL bits \(f(meanDLBitsPerSlot, 0)), \
            UL grants \(f(meanULGrantsPerSlot)), UL bits \(f(meanULBitsPerSlot, 0)), retransmissions \(f(retransmissionsPerSlot))
            heap allocations per slot: \(f(allocationsPerSlot, 3)) (\(allocationsTotal) in total\
            \(allocationCounterActive ? "" : "; counter inactive on this platform"))
            dropped transport blocks: \(droppedTransportBlocks)
            """
    }
}
