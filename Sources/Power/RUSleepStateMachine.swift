/// What one slot cost a radio unit.
public struct RUSlotEnergy: Sendable, Equatable {
    /// The slot accounted.
    public var slot: Int
    /// Energy drawn over the slot, J.
    public var energyJ: Double
    /// Mean input power over the slot, W.
    public var averagePowerW: Double
    /// Fraction of the slot during which the RU was active.
    public var activeFraction: Double
    /// Whether the RU could transmit for the whole slot.
    public var canTransmit: Bool
    /// State at the end of the slot.
    public var stateAtSlotEnd: RUPowerState
}

/// Slot-by-slot sleep control of one radio unit.
///
/// A policy asks for sleep at a slot and for wake-up at a later slot; ``advance(load:)`` then
/// accounts each slot in emulated time. Rules (after the ASM model of Salem et al. 2017):
/// - a sleep request takes effect at the start of its slot if the RU is active then, and is
///   dropped otherwise; the RU first spends the deactivation time, then sleeps;
/// - a wake request takes effect at the start of its slot if the RU is asleep or entering sleep,
///   and is dropped otherwise; the wake-up starts no earlier than the end of the deactivation
///   and than `sleepStart + minimumDuration - activation`, so every sleep lasts at least its
///   minimum duration;
/// - the RU cannot transmit while deactivating, asleep or waking up; a slot can transmit only
///   if the RU is active for all of it.
///
/// Deterministic: time advances only through ``advance(load:)``.
public struct RUSleepStateMachine: Sendable {
    /// Power model of the RU.
    public let model: RUPowerModel
    /// Slot duration, us (1000 / 2^mu, TS 38.211 clause 4.3.2).
    public let slotDurationUs: Double
    /// The next slot ``advance(load:)`` will account.
    public private(set) var nextSlot: Int
    /// Current state.
    public private(set) var state: RUPowerState

    private var phaseEndUs = 0.0
    private var sleepStartUs = 0.0
    private var wakeStartUs: Double?
    private var pendingSleep: (depth: RUSleepDepth, slot: Int)?
    private var pendingWakeSlot: Int?

    /// Creates a state machine with the RU active.
    /// - Parameters:
    ///   - model: RU power model.
    ///   - slotDurationUs: slot duration, > 0.
    ///   - startSlot: first slot to account.
    public init(model: RUPowerModel, slotDurationUs: Double, startSlot: Int = 0) {
        precondition(slotDurationUs > 0, "slot duration must be > 0")
        self.model = model
        self.slotDurationUs = slotDurationUs
        self.nextSlot = startSlot
        self.state = .active
    }

    /// Asks for sleep in a mode from the start of a slot (a later request replaces an earlier one).
    /// - Parameters:
    ///   - depth: the sleep mode.
    ///   - slot: first slot of the sleep; a past slot means the next one.
    public mutating func requestSleep(_ depth: RUSleepDepth, atSlot slot: Int) {
        pendingSleep = (depth, max(slot, nextSlot))
    }

    /// Asks for wake-up from the start of a slot (a later request replaces an earlier one).
    /// - Parameter slot: slot at which the wake-up may start; a past slot means the next one.
    public mutating func requestWake(atSlot slot: Int) {
        pendingWakeSlot = max(slot, nextSlot)
    }

    /// Accounts the next slot.
    /// - Parameter load: PRB utilisation in [0, 1] while active in this slot.
    /// - Returns: the slot's energy and transmit capability.
    public mutating func advance(load: Double) -> RUSlotEnergy {
        let slot = nextSlot
        let t0 = Double(slot) * slotDurationUs
        let t1 = t0 + slotDurationUs
        applyRequests(slot: slot, atUs: t0)

        var t = t0
        var energyWus = 0.0
        var activeUs = 0.0
        while t < t1 {
            var end = t1
            switch state {
            case .active:
                energyWus += model.inputPowerW(load: load, state: .active) * (end - t)
                activeUs += end - t
            case .enteringSleep(let depth):
                end = min(phaseEndUs, t1)
                energyWus += model.inputPowerW(load: 0, state: state) * (end - t)
                if end == phaseEndUs { state = .sleep(depth) }
            case .sleep(let depth):
                if let wake = wakeStartUs { end = min(max(wake, t), t1) }
                energyWus += model.sleepPowerW(depth) * (end - t)
                if let wake = wakeStartUs, end >= wake {
                    state = .wakingUp
                    phaseEndUs = wake + model.sleepModes[depth].activationUs
                    wakeStartUs = nil
                }
            case .wakingUp:
                end = min(phaseEndUs, t1)
                energyWus += model.inputPowerW(load: 0, state: state) * (end - t)
                if end == phaseEndUs { state = .active }
            }
            t = end
        }
        nextSlot += 1
        let energyJ = energyWus * 1e-6
        return RUSlotEnergy(slot: slot, energyJ: energyJ, averagePowerW: energyWus / slotDurationUs,
                            activeFraction: activeUs / slotDurationUs, canTransmit: activeUs >= slotDurationUs,
                            stateAtSlotEnd: state)
    }

    /// Whether the RU can transmit for the whole of the next slot if no new request arrives.
    public var canTransmitNextSlot: Bool {
        guard state == .active else { return false }
        if let pending = pendingSleep, pending.slot <= nextSlot { return false }
        return true
    }

    private mutating func applyRequests(slot: Int, atUs t0: Double) {
        if let pending = pendingSleep, pending.slot <= slot {
            pendingSleep = nil
            if state == .active {
                state = .enteringSleep(pending.depth)
                sleepStartUs = t0
                phaseEndUs = t0 + model.sleepModes[pending.depth].deactivationUs
                wakeStartUs = nil
            }
        }
        if let wakeSlot = pendingWakeSlot, wakeSlot <= slot {
            pendingWakeSlot = nil
            let depth: RUSleepDepth?
            switch state {
            case .enteringSleep(let d), .sleep(let d): depth = d
            case .active, .wakingUp: depth = nil
            }
            if let depth {
                let mode = model.sleepModes[depth]
                wakeStartUs = max(t0, sleepStartUs + mode.deactivationUs, sleepStartUs + mode.minimumDurationUs - mode.activationUs)
            }
        }
    }
}
