import Interfaces
import Orchestrator
import Power
import Report
import Scheduler

/// A vDU's processing of its slots on the cores it has: the vendor's compute model (Amdahl
/// over the cores, slowed by its server's clock), late slots, the period's work for E2, and
/// migration to another server.
struct VDUCompute {
    let model: VRANComputeModel
    var cores: Int
    /// The server it runs on: its clock scales the processing.
    private(set) var server: String?
    /// A migration under way: the server it moves to and the slot it completes.
    private(set) var migration: (toServer: String, completeSlot: UInt64)?
    /// Processing time of each slot of the period, ns.
    private var processingNs = PercentileHistogram()
    private var periodWorkUs = 0.0
    private var periodLateSlots = 0
    /// Late slots of the whole run.
    private(set) var lateSlots: UInt64 = 0

    init(model: VRANComputeModel, cores: Int, server: String?) {
        self.model = model; self.cores = cores; self.server = server
    }

    /// Starts moving to another server; it runs on the new one from the completion slot on.
    mutating func startMigration(to server: String, slot: UInt64, slotDurationUs: Double) {
        let ms = ResourceModel.defaultMigrationTimeMs
        migration = (server, slot + UInt64((ms * 1000 / slotDurationUs).rounded(.up)))
    }

    /// Completes a migration due by `slot`.
    mutating func completeMigration(bySlot slot: UInt64) {
        if let m = migration, slot >= m.completeSlot { server = m.toServer; migration = nil }
    }

    /// Processes a slot (every cell's grants); true when it overruns the slot, so the slot's new
    /// transmissions miss their air time.
    mutating func processSlot(_ results: [SlotResult], _ topology: Topology) -> Bool {
        var prbs = 0, ues = 0, bits = 0.0, res = 0.0
        for r in results {
            for g in r.dlGrants { prbs += g.numPRBs; ues += 1; bits += Double(g.tbsBytes * 8); res += Double(g.numPRBs * 12 * max(1, g.symbols)) }
            for g in r.ulGrants { prbs += g.numPRBs; ues += 1; bits += Double(g.tbsBytes * 8); res += Double(g.numPRBs * 12 * max(1, g.symbols)) }
        }
        let load = VDUSlotLoad(prbs: prbs, layers: 1, bitsPerRE: res > 0 ? bits / res : 0, scheduledUEs: ues)
        let f = topology.frequencyScale(ofServer: server)
        let us = model.slotProcessingUs(load, cores: cores, frequencyScale: f)
        processingNs.record(UInt64((us * 1000).rounded()))
        periodWorkUs += model.singleCoreWorkUs(load) / f
        let late = us > topology.numerology.slotDurationUs
        if late { periodLateSlots += 1; lateSlots += 1 }
        return late
    }

    /// The period's measurement for the KPM report.
    func measurement(vdu: String, slotDurationUs: Double) -> E2VDUMeasurement {
        let capacity = Double(max(1, processingNs.count)) * slotDurationUs * Double(cores)
        return E2VDUMeasurement(vdu: vdu, coresAllocated: cores, utilisation: min(1, periodWorkUs / capacity),
                                processingP99Us: Double(processingNs.value(atPercentile: 99)) / 1000, lateSlots: periodLateSlots)
    }

    /// Starts the next period.
    mutating func resetPeriod() {
        processingNs.reset(); periodWorkUs = 0; periodLateSlots = 0
    }
}
