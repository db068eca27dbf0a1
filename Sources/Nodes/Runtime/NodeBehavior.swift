import Interfaces
import Report

/// A setup procedure that failed: both ends and the field are in `failure`.
public struct SetupProcedureError: Error, CustomStringConvertible {
    public var failure: SetupFailure
    public init(_ failure: SetupFailure) { self.failure = failure }
    public var description: String { failure.description }
}

/// What a node role (core, CU, DU, RU, channel, UE population) does. The runtime owns
/// sockets, time and the virtual-time protocol; a role only reacts to messages and slots.
public protocol NodeBehavior: AnyObject {
    /// Sends (or re-sends, on retry) the setup requests this node initiates. Throws, sending
    /// nothing, when the node's own vendor cannot do what a request would ask.
    func sendSetupRequests(_ io: NodeIO) throws(SetupProcedureError)
    /// Handles a setup request, response or failure as soon as it arrives.
    func handleSetup(_ unit: WireUnit, _ io: NodeIO) throws(SetupProcedureError)
    /// True when every setup this node takes part in has completed.
    var isSetUp: Bool { get }
    /// A message delivered in the current slot (`io.slot`), in (source, sequence) order.
    func handle(_ unit: WireUnit, _ io: NodeIO)
    /// The slot's own work, after its messages were handled.
    func runSlot(_ io: NodeIO)
    /// Adds what the role measured to the node's report.
    func fillReport(_ report: inout NodeReport)
    /// Cell KPIs for the time series (DU only).
    func progressSamples(_ io: NodeIO) -> [CellSample]
    /// NTN link KPIs for the time series (channel only).
    func ntnSamples(_ io: NodeIO) -> [NTNSample]
    /// What the node received as a traffic sink since its last progress report (UE nodes, core).
    func trafficProgress(_ io: NodeIO) -> TrafficProgress?
    /// The orchestrator's power and actions so far, for live metrics (orchestrator only).
    func orchestrationProgress() -> OrchestrationProgress?
    /// Whether the role wants the messages stamped after the last slot (the orchestrator: the
    /// E2 reports of the final period arrive one E2 delay after it).
    var collectsAfterEnd: Bool { get }
    /// Called once after the last slot with those messages, in (slot, source, sequence) order.
    func finishRun(lateUnits: [WireUnit], _ io: NodeIO)
    /// Set when the role cannot go on and the run must stop, saying why (exit status 1).
    var failure: String? { get }
    /// What dies with the role when a restart fault kills it (e.g. the DU's queued SDUs and
    /// unacknowledged HARQ blocks), by name.
    var lostOnKill: [String: UInt64] { get }
}

extension NodeBehavior {
    public func progressSamples(_ io: NodeIO) -> [CellSample] { [] }
    public func ntnSamples(_ io: NodeIO) -> [NTNSample] { [] }
    public func trafficProgress(_ io: NodeIO) -> TrafficProgress? { nil }
    public func orchestrationProgress() -> OrchestrationProgress? { nil }
    public var collectsAfterEnd: Bool { false }
    public func finishRun(lateUnits: [WireUnit], _ io: NodeIO) {}
    public var failure: String? { nil }
    public var lostOnKill: [String: UInt64] { [:] }
}

/// True for setup-phase messages, which are handled on arrival rather than at a slot.
func isSetupMessage(interface: InterfaceID, messageType: UInt8) -> Bool {
    switch interface {
    case .ngControl, .f1Control, .fronthaulManagement, .air: messageType <= SetupMessageType.failure
    default: false
    }
}

func isSetupMessage(_ h: WireHeader) -> Bool { isSetupMessage(interface: h.interface, messageType: h.messageType) }
