import Radio
import Interfaces
import Scheduler

/// The uplink from each cell's RU: RRC setup requests (towards the CU), UCI (CQI, buffer
/// status, HARQ-ACK) and PUSCH blocks (measured for UL link adaptation, reassembled, on to the CU).
extension DUNode {
    func handleUplink(_ frame: AirFrame, fromLink: Int?, _ io: NodeIO) {
        for rrc in frame.rrc {
            guard let m = try? RRCMessage.decode(rrc.body), m.kind == .setupRequest,
                  Int(rrc.ueId) < io.topology.ues.count, let link = io.link(to: cuName) else { continue }
            // A UE this DU serves asks again: it has lost the cell (its RU restarted) and attaches again.
            if ueLocation[rrc.ueId] != nil { dropContextOfReattachingUE(rrc.ueId, io) }
            let home = io.topology.ues[Int(rrc.ueId)].cell
            let c = cells.firstIndex { $0.ruLink == fromLink } ?? cells.firstIndex { $0.index == home }
            if let c { attachCell[rrc.ueId] = c }
            let name = c.map { cells[$0].config.name } ?? io.scenario.cells[home].name
            io.send(link: link, InitialULRRCMessageTransfer(duUeId: rrc.ueId, cell: name, rrc: m))
        }
        for uci in frame.uplinkControl {
            guard let at = ueLocation[uci.ueId] else { continue }
            let cell = cells[at.cell]
            let ue = UEIndex(at.index)
            // Any report from the UE in this DU's cell means it has arrived (after a handover).
            if !awaitingArrival.isEmpty { awaitingArrival.remove(uci.ueId) }
            if let cqi = uci.reportedCQI, let rank = uci.reportedRank {
                cell.scheduler.handleRankIndicator(ue: ue, rank: rank)
                cell.scheduler.handleCQIReport(ue: ue, cqi: cqi)
            }
            if uci.bufferBytes != .max { cell.scheduler.handleULBufferStatusReport(ue: ue, pendingBytes: Int(uci.bufferBytes)) }
            for ack in uci.harqAcks {
                cell.scheduler.handleDLHARQFeedback(ue: ue, harqProcess: Int(ack.harqProcess), ack: ack.ack)
                if ack.ack {
                    let process = Int(ack.harqProcess) % HARQBlockStore<TransportBlock>.processesPerUE
                    recordDeliveredLatency(cell, ue: at.index, process: process)
                    cell.downlinkHARQ.acknowledge(ue: at.index, process: process)
                }
            }
        }
        for tb in frame.transportBlocks where tb.isUplink {
            guard let at = ueLocation[tb.ueId] else { continue }
            let cell = cells[at.cell]
            cell.scheduler.handleULDecodeResult(ue: UEIndex(at.index), harqProcess: Int(tb.harqProcess), ok: tb.isDecoded)
            // DMRS gives a measurement whether or not the block decodes (UL rank and CQI follow it).
            cell.scheduler.handlePUSCHMeasurement(ue: UEIndex(at.index), sinrDb: Double(tb.sinrCentiDb) / 100, prbs: Int(tb.numPRBs))
            cell.report.ulTransmissions += 1
            if tb.transmission > 1 { cell.report.ulRetransmissions += 1 }
            if Int(tb.ueId) < ueRadio.count {
                ueRadio[Int(tb.ueId)].uplinkSINRSumDb += Double(tb.sinrCentiDb) / 100
                ueRadio[Int(tb.ueId)].uplinkSINRSamples += 1
                if !tb.isDecoded, Int(tb.transmission) >= cell.config.maxHARQTransmissions {
                    ueRadio[Int(tb.ueId)].uplinkHARQFailures += 1
                }
            }
            guard tb.isDecoded else { continue }
            cell.report.ulBits += UInt64(tb.tbsBytes) * 8
            guard let link = io.link(to: cuName), let teid = cuUplinkTEID[tb.ueId] else { continue }
            let ue = io.topology.ues[Int(tb.ueId)]
            for s in tb.segments where cell.uplinkReassembly[at.index].receive(s) {
                let packet = UserPacket(ueId: tb.ueId, sequence: s.sequence, createdNs: s.createdNs, sizeBytes: Int(s.sduBytes),
                                        sourceIP: ue.ipv4, destinationIP: TrafficPlan.dataNetworkIPv4,
                                        wallCreatedNs: s.wallCreatedNs)
                let gtp = GTPUPacket(teid: teid, pdcpNumber: UInt16(truncatingIfNeeded: s.sequence), packet: packet)
                io.send(link: link, interface: .f1User, messageType: UserPlaneMessageType.gpdu,
                        flags: WireHeader.flagSyntheticPayload) { gtp.encode(into: &$0) }
            }
        }
    }
}
