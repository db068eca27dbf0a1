import Radio
import XCTest
@testable import Scheduler

/// Runs a scheduler slot by slot, checks every result with the invariant checker and feeds
/// HARQ feedback back (ACK unless `nack` says otherwise) K1 slots later for DL and the slot
/// after the PUSCH for UL.
final class SchedulerTestHarness {
    let scheduler: CellScheduler
    var checker: SlotResultInvariantChecker
    var slot = 0
    private var feedback: [Int: [(ue: UEIndex, process: Int, uplink: Bool)]] = [:]
    /// Every grant so far: (slot the grant is for, direction, grant).
    var history: [(slot: Int, direction: LinkDirection, grant: Grant)] = []
    var nack: (Grant, LinkDirection) -> Bool = { _, _ in false }
    private var nackDecisions: [String: Bool] = [:]

    init(_ config: CellSchedulerConfig, file: StaticString = #filePath, line: UInt = #line) throws {
        scheduler = try CellScheduler(config: config)
        checker = SlotResultInvariantChecker(config: config)
    }

    /// Runs one slot; fails the test on any invariant violation. Returns copies of the grants.
    @discardableResult
    func step(file: StaticString = #filePath, line: UInt = #line) -> (dl: [Grant], ul: [Grant]) {
        for item in feedback.removeValue(forKey: slot) ?? [] where scheduler.isActive(item.ue) {
            let key = "\(item.uplink)-\(item.ue.rawValue)-\(item.process)"
            let ack = !(nackDecisions.removeValue(forKey: key) ?? false)
            if item.uplink {
                scheduler.handleULDecodeResult(ue: item.ue, harqProcess: item.process, ok: ack)
            } else {
                scheduler.handleDLHARQFeedback(ue: item.ue, harqProcess: item.process, ack: ack)
            }
        }
        let before = scheduler.snapshot()
        let result = scheduler.runSlot(slot)
        let violations = checker.check(result, before: before)
        XCTAssertEqual(violations, [], "slot \(slot)", file: file, line: line)
        let dl = Array(result.dlGrants)
        let ul = Array(result.ulGrants)
        for grant in dl {
            history.append((result.slot, .downlink, grant))
            nackDecisions["false-\(grant.ue.rawValue)-\(grant.harqProcess)"] = nack(grant, .downlink)
            feedback[result.slot + grant.k1, default: []].append((grant.ue, grant.harqProcess, false))
        }
        for grant in ul {
            history.append((result.ulSlot, .uplink, grant))
            nackDecisions["true-\(grant.ue.rawValue)-\(grant.harqProcess)"] = nack(grant, .uplink)
            feedback[result.ulSlot + 1, default: []].append((grant.ue, grant.harqProcess, true))
        }
        slot += 1
        return (dl, ul)
    }

    func run(slots: Int, file: StaticString = #filePath, line: UInt = #line) {
        for _ in 0..<slots { step(file: file, line: line) }
    }

    /// Removes a UE and tells the checker.
    func remove(_ ue: UEIndex) {
        scheduler.removeUE(ue)
        checker.forget(ue: ue)
    }
}

/// A configuration small enough for fast tests.
func testConfig(policy: SchedulingPolicy, prbs: Int = 52, tdd: String = "DDDSU", maxUEs: Int = 64) -> CellSchedulerConfig {
    var config = CellSchedulerConfig(prbs: prbs, tdd: try! TDDPattern(tdd), mcsTable: .qam256, policy: policy,
                                     maxUEs: maxUEs)
    config.maxDLGrantsPerSlot = 8
    config.maxULGrantsPerSlot = 4
    config.k1 = 2
    config.ulGrantOffsetSlots = 2
    return config
}

/// Jain's fairness index of non-negative values: (sum x)^2 / (n sum x^2).
func jainIndex(_ values: [Double]) -> Double {
    let sum = values.reduce(0, +)
    let squares = values.reduce(0) { $0 + $1 * $1 }
    return squares == 0 ? 1 : sum * sum / (Double(values.count) * squares)
}
