import ArgumentParser
import Foundation
import Radio
import Scheduler

/// `b5g bench scheduler`: time the cell scheduler's slot on a synthetic workload. The default
/// (`--workload equal`) does the work srsRAN's scheduler_multi_ue_benchmark times in its
/// `slot_indication`: one cell of 273 PRBs at 30 kHz, TDD DDDDDDDSUU with 8 DL symbols in the
/// special slot, 4 layers, CQI 15 on the 64QAM table, proportional fair, at most 16 PDSCH and
/// 32 PUSCH per slot, 31 PUCCHs per UL slot, 16 HARQ processes; every UE's DL buffer set to
/// 1,000,000 bytes every slot, each HARQ-ACK fed back 2 slots after its PUCCH slot; buffer
/// intake, feedback and scheduling all inside the timed call.
public struct BenchSchedulerCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "scheduler",
        abstract: "Measure the MAC scheduler's time and heap allocations per slot.",
        discussion: """
            With --workload equal (default) each timed call takes the slot's HARQ feedback and \
            every UE's buffer state, then runs the slot; with --workload runslot only \
            CellScheduler.runSlot is timed and buffers are refilled every 1,000 slots, untimed. \
            Monotonic clock, per call, after a warm-up. Heap allocations are counted inside \
            the timed call by the process's malloc counter. \
            With --cells N, N independent schedulers run one after the other each slot and \
            every call is one sample; --ues is per cell.
            """)

    /// What each timed call does.
    public enum Workload: String, CaseIterable, ExpressibleByArgument, Sendable {
        /// Feedback, buffer intake and the slot, as srsRAN's slot_indication.
        case equal
        /// `runSlot` alone.
        case runslot
    }

    /// The ranking policy to benchmark.
    public enum Policy: String, CaseIterable, ExpressibleByArgument, Sendable {
        case rr, pf, maxrate, slice
    }

    @Option(help: "UEs per cell.")
    public var ues: Int = 1_024

    @Option(help: "Scheduling policy (\(Policy.allCases.map(\.rawValue).joined(separator: ", "))).")
    public var policy: Policy = .pf

    @Option(help: "PRBs of the cell (273 = 100 MHz at 30 kHz).")
    public var prbs: Int = 273

    @Option(help: "Slots measured after the warm-up.")
    public var slots: Int = 20_000

    @Option(help: "Warm-up slots, not measured.")
    public var warmupSlots: Int = 2_000

    @Option(help: "TDD pattern (letters D, S, U) or FDD.")
    public var tdd: String = "DDDDDDDSUU"

    @Option(help: "At most this many DL grants per slot.")
    public var maxDLGrants: Int = 16

    @Option(help: "At most this many UL grants per slot.")
    public var maxULGrants: Int = 32

    @Option(help: "What each timed call does: equal (feedback, buffers and the slot) or runslot.")
    public var workload: Workload = .equal

    @Option(help: "DL layers (the rank every UE reports).")
    public var layers: Int = 4

    @Option(help: "UEs that can send HARQ-ACK in one UL slot (PUCCH room); 0: no limit.")
    public var pucchPerSlot: Int = 31

    @Option(help: "MCS table: qam64 or qam256.")
    public var mcsTable: String = "qam64"

    @Option(help: "Cells, each an independent scheduler.")
    public var cells: Int = 1

    @Flag(help: "Add full-buffer UL traffic.")
    public var uplink = false

    @Option(help: "Probability that a transport block is NACKed (seeded), causing retransmissions.")
    public var bler: Double = 0

    @Option(help: "Seed of the random NACKs.")
    public var seed: UInt64 = 1

    @Flag(help: "Print one JSON object (sorted keys) instead of text.")
    public var json = false

    public init() {}

    public func validate() throws {
        guard ues >= 1 && ues <= 1 << 20 else { throw ValidationError("--ues must be in 1...1048576") }
        guard (1...275).contains(prbs) else { throw ValidationError("--prbs must be in 1...275") }
        guard slots >= 1 else { throw ValidationError("--slots must be >= 1") }
        guard warmupSlots >= 0 else { throw ValidationError("--warmup-slots must be >= 0") }
        guard (1...256).contains(maxDLGrants) else { throw ValidationError("--max-dl-grants must be in 1...256") }
        guard (1...256).contains(maxULGrants) else { throw ValidationError("--max-ul-grants must be in 1...256") }
        guard (1...64).contains(cells) else { throw ValidationError("--cells must be in 1...64") }
        guard bler >= 0 && bler < 1 else { throw ValidationError("--bler must be in [0, 1)") }
        do { _ = try TDDPattern(tdd) } catch { throw ValidationError("--tdd: \(error)") }
        guard (1...8).contains(layers) else { throw ValidationError("--layers must be in 1...8") }
        guard pucchPerSlot >= 0 else { throw ValidationError("--pucch-per-slot must be >= 0") }
        guard ["qam64", "qam256"].contains(mcsTable) else { throw ValidationError("--mcs-table must be qam64 or qam256") }
    }

    /// The TDD pattern, with srsRAN's special slot (8 DL, 2 guard, 4 UL symbols).
    var tddPattern: TDDPattern {
        get throws { try TDDPattern(tdd, specialDownlinkSymbols: 8, specialGuardSymbols: 2, specialUplinkSymbols: 4) }
    }

    public func run() throws {
        let config: CellSchedulerConfig
        do {
            config = try BenchSchedulerWorkload.cellConfig(
                policy: policy, ues: ues, prbs: prbs, tdd: tddPattern, maxDLGrants: maxDLGrants,
                maxULGrants: maxULGrants, layers: layers, pucchPerSlot: pucchPerSlot,
                mcsTable: mcsTable == "qam64" ? .qam64 : .qam256)
        } catch {
            throw ValidationError("\(error)")
        }
        var workload = try BenchSchedulerWorkload(config: config, policy: policy, ues: ues, cells: cells,
                                                  uplink: uplink, bler: bler, seed: seed, timedIntake: workload == .equal)
        let measurement = workload.run(warmupSlots: warmupSlots, measuredSlots: slots)
        let report = BenchSchedulerReport(command: self, measurement: measurement)
        if json {
            print(try report.jsonString())
        } else {
            print(report.text())
        }
    }
}
