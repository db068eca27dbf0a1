import Foundation

/// Real-time runs ask the OS to run the pacing thread before ordinary work (SCHED_FIFO), as a
/// gNB's slot thread does: a timer-woken thread otherwise starts a slot whenever the scheduler
/// gets to it, and on a loaded machine that can be milliseconds late. Without the privilege
/// (not root, no CAP_SYS_NICE, a container that forbids it) the run goes on at normal priority.
enum RealTimePriority {
    /// FIFO priority 1-99; low, so the kernel's own real-time threads still come first.
    static let priority: Int32 = 10

    /// Set to 1 by the launcher for its node processes when a virtual-time run asks for
    /// real-time priority (`b5g run --realtime-priority`).
    static let virtualTimeVariable = "B5G_VIRTUAL_TIME_REALTIME_PRIORITY"

    /// Not switched off with `B5G_NO_REALTIME_PRIORITY`.
    static var isAllowed: Bool { ProcessInfo.processInfo.environment["B5G_NO_REALTIME_PRIORITY"] == nil }

    /// Raises the calling thread; returns whether the OS allowed it.
    @discardableResult
    static func raiseCallingThread() -> Bool {
        guard isAllowed else { return false }
        var param = sched_param()
        param.sched_priority = priority
        return sched_setscheduler(0, SCHED_FIFO, &param) == 0
    }
}
