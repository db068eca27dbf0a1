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
    var workload: String
    var layers: Int
    var pucchPerSlot: Int
    var mcsTable: String
    /// HARQ-ACK PUCCHs and PDCCH CCEs per slot, over every measured slot.
    var meanPUCCHPerSlot: Double
    var meanCCEsPerSlot: Double
    /// Mean layers of the DL grants (every UE reports rank `--layers` here).
    var meanDLLayers: Double

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
        workload = command.workload.rawValue
        layers = command.layers
        pucchPerSlot = command.pucchPerSlot
        mcsTable = command.mcsTable
        meanPUCCHPerSlot = Double(measurement.pucchs) / calls
        meanCCEsPerSlot = Double(measurement.cces) / calls
        meanDLLayers = measurement.dlGrants > 0 ? Double(measurement.dlLayers) / Double(measurement.dlGrants) : 0
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
            workload \(workload): \(workload == "equal" ? "feedback, buffer state of every UE and the slot" : "runSlot alone"), \
            \(layers) layer(s), \(mcsTable), PUCCH \(pucchPerSlot == 0 ? "unlimited" : "\(pucchPerSlot) per UL slot")
            per timed call (\(samples) samples after \(warmupSlots) warm-up slots):
              p50 \(f(p50Us)) us  p90 \(f(p90Us)) us  p99 \(f(p99Us)) us  p99.9 \(f(p999Us)) us  max \(f(maxUs)) us  mean \(f(meanUs)) us
            per slot: DL grants \(f(meanDLGrantsPerSlot)), DL bits \(f(meanDLBitsPerSlot, 0)), \
            UL grants \(f(meanULGrantsPerSlot)), UL bits \(f(meanULBitsPerSlot, 0)), retransmissions \(f(retransmissionsPerSlot)), \
            PUCCHs \(f(meanPUCCHPerSlot)), CCEs \(f(meanCCEsPerSlot)), DL layers \(f(meanDLLayers))
            heap allocations per slot: \(f(allocationsPerSlot, 3)) (\(allocationsTotal) in total\
            \(allocationCounterActive ? "" : "; counter inactive on this platform"))
            dropped transport blocks: \(droppedTransportBlocks)
            """
    }
}
