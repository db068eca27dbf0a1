import Foundation
import Scenario

/// A source of wall time, injectable so real-time pacing is testable without sleeping.
public protocol WallClock: AnyObject {
    /// Nanoseconds on a monotonic clock.
    func nowNs() -> UInt64
    func sleep(untilNs: UInt64)
}

/// The machine's monotonic clock.
public final class SystemWallClock: WallClock {
    public func nowNs() -> UInt64 { monotonicNs() }
    /// How long before the instant to stop sleeping and poll the clock instead: a timer wakes a
    /// thread tens to hundreds of µs late, a sizeable part of a 125-500 µs slot.
    public let spinNs: UInt64

    /// - Parameter spinNs: the last stretch before each instant spent polling (0: sleep only).
    public init(spinNs: UInt64 = 0) { self.spinNs = spinNs }

    /// Sleeps to an absolute instant (no drift from computing a relative delay), at most 1 s.
    public func sleep(untilNs: UInt64) {
        let now = nowNs()
        guard untilNs > now else { return }
        let target = min(untilNs, now + 1_000_000_000)
        if target > now + spinNs {
            let wake = target - spinNs
            var ts = timespec(tv_sec: Int(wake / 1_000_000_000), tv_nsec: Int(wake % 1_000_000_000))
            while clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, nil) == EINTR {}
        }
        while nowNs() < target {}
    }
}

/// Monotonic time, ns (vDSO: no system call).
func monotonicNs() -> UInt64 {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return UInt64(ts.tv_sec) * 1_000_000_000 + UInt64(ts.tv_nsec)
}

/// A clock that only moves when told to (tests).
public final class ManualWallClock: WallClock {
    public var now: UInt64
    public init(startNs: UInt64 = 0) { now = startNs }
    public func nowNs() -> UInt64 { now }
    public func sleep(untilNs: UInt64) { if untilNs > now { now = untilNs } }
    public func advance(byNs: UInt64) { now += byNs }
}

/// Decides when a slot may start. In virtual time it never waits: the lock-step protocol
/// alone orders slots. In real time a slot starts no earlier than its wall-clock instant, and
/// a slot that finishes after its end is counted late (never hidden).
public struct SlotPacer {
    public let mode: ClockMode
    public let slotDurationNs: UInt64
    public private(set) var epochNs: UInt64
    public private(set) var lateSlots: UInt64 = 0
    private let clock: WallClock

    public init(mode: ClockMode, slotDurationNs: UInt64, clock: WallClock, epochNs: UInt64? = nil) {
        self.mode = mode; self.slotDurationNs = slotDurationNs; self.clock = clock
        self.epochNs = epochNs ?? clock.nowNs()
    }

    /// The pacer's clock now, ns.
    public func clockNowNs() -> UInt64 { clock.nowNs() }

    /// Re-anchors slot 0 (real time starts when setup is done, or at a launcher-given instant).
    public mutating func start(atNs epoch: UInt64) { epochNs = epoch }

    /// Blocks until `slot` may start (real time only).
    public func waitForStart(of slot: UInt64) {
        guard mode == .realtime else { return }
        clock.sleep(untilNs: epochNs + slot * slotDurationNs)
    }

    /// Records that `slot` finished now; returns true when it overran its end.
    @discardableResult
    public mutating func finished(_ slot: UInt64) -> Bool {
        guard mode == .realtime else { return false }
        let late = clock.nowNs() > epochNs + (slot + 1) * slotDurationNs
        if late { lateSlots += 1 }
        return late
    }

    /// Whether slots are sent one at a time (real time) or in windows (virtual time).
    public var flushesEverySlot: Bool { mode == .realtime }
}
