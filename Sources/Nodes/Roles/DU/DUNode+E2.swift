import Interfaces
import Scheduler

/// E2 towards the orchestrator: RC control actions applied at their slot (vDU cores and
/// migration, slice quotas, steering between this DU's cells, RU sleep and wake) and the
/// period's KPM report.
extension DUNode {
    /// Applies an RC control request at its slot; acknowledges it.
    func apply(_ request: RCControlRequest, _ io: NodeIO) {
        var refusal: String?
        switch request.action {
        case let .setCores(name, n) where name == io.nodeName:
            if vdu == nil { refusal = "du \(io.nodeName) is not a vDU (no server)" }
            else if n < 1 { refusal = "\(n) cores requested for vDU \(name)" }
            else { vdu?.cores = n }
        case let .setSliceQuota(cellName, slice, minShare, maxShare):
            guard let cell = cells.first(where: { $0.config.name == cellName }) else {
                refusal = "cell \(cellName) is not served by \(io.nodeName)"; break
            }
            guard let index = sliceNames.dropLast().firstIndex(of: slice) else { refusal = "unknown slice \(slice)"; break }
            do {
                try cell.scheduler.setSliceQuota(slice: SliceID(index), minPRBShare: minShare, maxPRBShare: maxShare)
            } catch {
                refusal = "\(error)"
            }
        case let .steerUEs(fromCell, toCell, count):
            guard let from = cells.firstIndex(where: { $0.config.name == fromCell }),
                  let to = cells.firstIndex(where: { $0.config.name == toCell }) else {
                refusal = "cells \(fromCell) and \(toCell) are not both served by \(io.nodeName)"; break
            }
            refusal = steer(from: from, to: to, count: count, io)
        case let .ruSleep(ru, _):
            // A copy of the RU's request: stop the cell, first moving UEs still in it to another cell.
            guard let c = cells.firstIndex(where: { $0.config.ru == ru }) else { refusal = "\(ru) is not an RU of \(io.nodeName)"; break }
            cells[c].ruAsleep = true
            // Terrestrial cells first; an NTN cell of this DU keeps the UEs covered otherwise.
            let awake = cells.indices.filter { $0 != c && !cells[$0].ruAsleep }
            if cells[c].activeUEs > 0,
               let other = awake.first(where: { cells[$0].config.ntn == nil }) ?? awake.first {
                refusal = steer(from: c, to: other, count: Int.max, io)
            }
        case let .ruWake(ru):
            guard let c = cells.firstIndex(where: { $0.config.ru == ru }) else { refusal = "\(ru) is not an RU of \(io.nodeName)"; break }
            cells[c].ruAsleep = false
        case let .migrate(name, toServer) where name == io.nodeName:
            if vdu == nil { refusal = "du \(io.nodeName) is not a vDU (no server)" }
            else { vdu?.startMigration(to: toServer, slot: io.slot, slotDurationUs: io.topology.numerology.slotDurationUs) }
        default:
            refusal = "\(io.nodeName) (du) does not apply \(request.action)"
        }
        if let refusal {
            io.logger.notice("control action refused", metadata: ["action.id": "\(request.actionId)", "reason": "\(refusal)"])
        }
        e2?.acknowledge(request, refusal: refusal, io)
    }

    /// Moves up to `count` UEs between two cells of this DU: scheduler context and RLC queue move,
    /// blocks in HARQ are lost, and the UE is told its new cell in an RRC reconfiguration sent on
    /// the old cell (the channel routes its uplink from then on). UEs whose home is the target go first.
    func steer(from: Int, to: Int, count: Int, _ io: NodeIO) -> String? {
        guard from != to else { return "cannot steer cell \(cells[from].config.name) to itself" }
        let source = cells[from], target = cells[to]
        let home = { (i: Int) in io.topology.ues[Int(source.ueIds[i])].cell == target.index ? 0 : 1 }
        let candidates = source.ueIds.indices.filter { source.scheduler.isActive(UEIndex($0)) }
            .sorted { (home($0), $0) < (home($1), $1) }
        for i in candidates.prefix(max(0, count)) {
            let id = source.ueIds[i]
            let slice = CellCapacity.sliceID(of: io.topology.ues[Int(id)], io.topology)
            guard let index = try? target.scheduler.addUE(rnti: RNTI(truncatingIfNeeded: 0x4601 + id), slice: slice) else {
                return "cell \(target.config.name) cannot take more UEs"
            }
            source.scheduler.removeUE(UEIndex(i))
            let j = index.value
            target.grow(to: j, queueBytes: queueBytesPerUE)
            target.ueIds[j] = id
            target.clearUE(at: j, queueBytes: queueBytesPerUE)
            target.downlinkQueues[j] = source.downlinkQueues[i]
            target.uplinkReassembly[j] = source.uplinkReassembly[i]
            source.clearUE(at: i, queueBytes: queueBytesPerUE)
            ueLocation[id] = (to, j)
            let rrc = RRCMessage(kind: .reconfiguration, ueId: id, cell: UInt16(target.index))
            source.pendingRRC.append(RRCContainer(ueId: id, body: rrc.encoded()))
            if let link = io.link(to: cuName) { io.send(link: link, UEContextModificationRequired(duUeId: id, cell: target.config.name)) }
        }
        return nil
    }

    /// The period's KPM report: per cell PRB use, throughput, buffer, UEs and slices; the vDU's processing.
    func reportPeriod(_ e2: E2Agent, _ io: NodeIO) {
        let slotUs = io.topology.numerology.slotDurationUs
        var measurements: [E2CellMeasurement] = []
        for cell in cells {
            let now = cell.report, start = cell.period.start
            let slots = Double(now.slots - start.slots)
            let seconds = slots * slotUs / 1e6
            func ratio(_ a: UInt64, _ b: UInt64) -> Double { b == 0 ? 0 : Double(a) / Double(b) }
            let dlAvail = now.dlPRBsAvailable - start.dlPRBsAvailable
            let dlUsed = now.dlPRBsUsed - start.dlPRBsUsed
            let dlBits = Double(now.dlBits - start.dlBits), ulBits = Double(now.ulBits - start.ulBits)
            let res = Double(dlUsed) * 12 * 12
            let slices = sliceNames.indices.compactMap { k -> E2SliceMeasurement? in
                guard k < cell.period.sliceLatencyNs.count else { return nil }
                let latency = cell.period.sliceLatencyNs[k]
                if k == sliceNames.count - 1 && latency.isEmpty && cell.period.slicePRBs[k] == 0 { return nil }
                return E2SliceMeasurement(slice: sliceNames[k], prbUse: ratio(UInt64(cell.period.slicePRBs[k]), dlAvail),
                                          latencyP50Ms: Double(latency.value(atPercentile: 50)) / 1e6,
                                          latencyP99Ms: Double(latency.value(atPercentile: 99)) / 1e6,
                                          throughputMbps: seconds > 0 ? cell.period.sliceBits[k] / seconds / 1e6 : 0)
            }
            measurements.append(E2CellMeasurement(
                cell: cell.config.name, prbUseDL: ratio(dlUsed, dlAvail),
                prbUseUL: ratio(now.ulPRBsUsed - start.ulPRBsUsed, now.ulPRBsAvailable - start.ulPRBsAvailable),
                throughputDLMbps: seconds > 0 ? dlBits / seconds / 1e6 : 0, throughputULMbps: seconds > 0 ? ulBits / seconds / 1e6 : 0,
                activeUEs: cell.activeUEs, bufferBytes: cell.queuedBytes,
                meanBitsPerRE: res > 0 ? dlBits / res : 0, scheduledUEsPerSlot: slots > 0 ? Double(cell.period.grants) / slots : 0,
                slices: slices))
            cell.period.startNext(at: now)
        }
        let vdus = vdu.map { [$0.measurement(vdu: io.nodeName, slotDurationUs: slotUs)] } ?? []
        vdu?.resetPeriod()
        e2.send(io, KPMIndication(node: io.nodeName, periodIndex: e2.periodIndex(io.slot), slot: io.slot,
                                  periodSlots: Int(e2.periodSlots), cells: measurements, vdus: vdus))
    }
}
