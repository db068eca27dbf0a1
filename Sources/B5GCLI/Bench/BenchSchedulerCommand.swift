import ArgumentParser
import Foundation
import Radio
import Scheduler

/// `b5g bench scheduler`: time the cell scheduler's slot entry point on a synthetic
/// workload. The default reproduces srsRAN's scheduler_multi_ue_benchmark: one cell of 273
/// PRBs at 30 kHz, TDD DDDDDDDSUU, full-buffer DL, proportional fair, at most 16 DL grants
/// per slot, CQI 15, every HARQ process ACKed K1 slots after its transmission.
public struct BenchSchedulerCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "scheduler",
        abstract: "Measure the MAC scheduler's time and heap allocations per slot.",
        discussion: """
            Only CellScheduler.runSlot is timed (monotonic clock, per call, after a warm-up). \
            Heap allocations are counted inside runSlot by the process's malloc counter. \
            With --cells N, N independent schedulers run one after the other each slot and \
            every call is one sample; --ues is per cell.
            """)

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
    public var maxULGrants: Int = 16

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
    }

    public func run() throws {
        let config: CellSchedulerConfig
        do {
            config = try BenchSchedulerWorkload.cellConfig(
                policy: policy, ues: ues, prbs: prbs, tdd: TDDPattern(tdd), maxDLGrants: maxDLGrants,
                maxULGrants: maxULGrants)
        } catch {
            throw ValidationError("\(error)")
        }
        var workload = try BenchSchedulerWorkload(config: config, policy: policy, ues: ues, cells: cells,
                                                  uplink: uplink, bler: bler, seed: seed)
        let measurement = workload.run(warmupSlots: warmupSlots, measuredSlots: slots)
        let report = BenchSchedulerReport(command: self, measurement: measurement)
        if json {
            print(try report.jsonString())
        } else {
            print(report.text())
        }
    }
}
