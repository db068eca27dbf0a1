/// How busy the cores given to a vDU look to the server's power model.
public enum CoreLoadAccounting: String, Sendable, Codable, CaseIterable {
    /// Only the work done: a vDU's busy core time per slot is W_1 / f (work conserving), capped
    /// at its cores.
    case workOnly
    /// Allocated cores poll continuously (DPDK-style, as vRAN stacks usually run) and count as
    /// fully busy whatever the load.
    case pinnedPolling
}

/// Predicts the power and deadline outcome of a candidate allocation before it is applied: what
/// the orchestrator's latency-power policy compares.
public enum PowerPrediction {
    /// A radio unit in the candidate.
    public struct RU: Sendable, Equatable {
        public var id: String
        public var model: RUPowerModel
        public var state: RUPowerState
        /// Expected PRB utilisation.
        public var expectedLoad: Double

        public init(id: String, model: RUPowerModel, state: RUPowerState, expectedLoad: Double) {
            self.id = id
            self.model = model
            self.state = state
            self.expectedLoad = expectedLoad
        }
    }

    /// A vDU placed on a server.
    public struct VDU: Sendable, Equatable {
        public var id: String
        public var compute: VRANComputeModel
        /// Cores allocated, >= 1.
        public var cores: Int
        /// Expected load per slot.
        public var expectedLoad: VDUSlotLoad
        /// Slot duration, the deadline, us.
        public var slotDurationUs: Double
        /// Headroom used when reporting the cores needed.
        public var marginFraction: Double

        public init(id: String, compute: VRANComputeModel, cores: Int, expectedLoad: VDUSlotLoad, slotDurationUs: Double, marginFraction: Double = 0) {
            precondition(cores >= 1 && slotDurationUs > 0 && marginFraction >= 0, "vDU allocation out of range")
            self.id = id
            self.compute = compute
            self.cores = cores
            self.expectedLoad = expectedLoad
            self.slotDurationUs = slotDurationUs
            self.marginFraction = marginFraction
        }
    }

    /// A vCU placed on a server: its cores and expected single-core work per slot.
    public struct VCU: Sendable, Equatable {
        public var id: String
        public var cores: Int
        /// Expected single-core work per slot at nominal clock, us.
        public var workPerSlotUs: Double
        public var slotDurationUs: Double

        public init(id: String, cores: Int, workPerSlotUs: Double, slotDurationUs: Double) {
            precondition(cores >= 1 && workPerSlotUs >= 0 && slotDurationUs > 0, "vCU allocation out of range")
            self.id = id
            self.cores = cores
            self.workPerSlotUs = workPerSlotUs
            self.slotDurationUs = slotDurationUs
        }
    }

    /// A server with its state, clock and hosted vDUs and vCUs.
    public struct Server: Sendable, Equatable {
        public var id: String
        public var model: ServerPowerModel
        public var state: ServerPowerState
        /// DVFS scale f.
        public var frequencyScale: Double
        public var vdus: [VDU]
        public var vcus: [VCU]
        public var accounting: CoreLoadAccounting

        public init(id: String, model: ServerPowerModel, state: ServerPowerState, frequencyScale: Double = 1, vdus: [VDU] = [],
                    vcus: [VCU] = [], accounting: CoreLoadAccounting = .workOnly) {
            self.id = id
            self.model = model
            self.state = state
            self.frequencyScale = frequencyScale
            self.vdus = vdus
            self.vcus = vcus
            self.accounting = accounting
        }
    }

    /// A fronthaul or transport link.
    public struct Link: Sendable, Equatable {
        public var id: String
        public var model: FronthaulPowerModel
        public var throughputGbps: Double

        public init(id: String, model: FronthaulPowerModel, throughputGbps: Double) {
            self.id = id
            self.model = model
            self.throughputGbps = throughputGbps
        }
    }

    /// An NTN payload.
    public struct Payload: Sendable, Equatable {
        public var id: String
        public var model: NTNPayloadPowerModel
        public var expectedLoad: Double

        public init(id: String, model: NTNPayloadPowerModel, expectedLoad: Double) {
            self.id = id
            self.model = model
            self.expectedLoad = expectedLoad
        }
    }

    /// A candidate allocation.
    public struct Candidate: Sendable, Equatable {
        public var rus: [RU]
        public var servers: [Server]
        public var links: [Link]
        public var payloads: [Payload]

        public init(rus: [RU] = [], servers: [Server] = [], links: [Link] = [], payloads: [Payload] = []) {
            self.rus = rus
            self.servers = servers
            self.links = links
            self.payloads = payloads
        }
    }

    /// Predicted outcome for one vDU.
    public struct VDUOutcome: Sendable, Equatable {
        public var id: String
        public var serverID: String
        /// Predicted processing time per slot, us (infinite when the server cannot host work).
        public var slotProcessingUs: Double
        public var deadlineUs: Double
        public var meetsDeadline: Bool
        /// Fewest cores meeting the deadline with the vDU's margin at the server's clock; nil if none.
        public var coresNeeded: Int?
    }

    /// Predicted outcome of a candidate.
    public struct Result: Sendable, Equatable {
        /// Sum of all node powers, W.
        public var totalPowerW: Double
        /// Power per node identifier, W.
        public var powerByNodeW: [String: Double]
        /// Server utilisation at its clock, per server identifier.
        public var serverUtilisation: [String: Double]
        /// Per-vDU outcomes, in candidate order.
        public var vdus: [VDUOutcome]
        /// Problems that make the candidate infeasible as given, e.g. more cores allocated than a
        /// server has, or vDUs on a server that is not on. Sorted.
        public var violations: [String]

        /// Whether every vDU meets its deadline and nothing is violated.
        public var feasible: Bool { violations.isEmpty && vdus.allSatisfy(\.meetsDeadline) }
    }

    /// Predicts total power and deadlines.
    /// - Parameter candidate: the allocation and expected loads.
    /// - Returns: the prediction.
    public static func predict(_ candidate: Candidate) -> Result {
        var power: [String: Double] = [:]
        var utilisation: [String: Double] = [:]
        var outcomes: [VDUOutcome] = []
        var violations: [String] = []

        for ru in candidate.rus {
            power[ru.id, default: 0] += ru.model.inputPowerW(load: ru.expectedLoad, state: ru.state)
        }
        for server in candidate.servers {
            let f = server.model.clampedFrequencyScale(server.frequencyScale)
            let allocated = server.vdus.reduce(0) { $0 + $1.cores } + server.vcus.reduce(0) { $0 + $1.cores }
            if allocated > server.model.cores {
                violations.append("server \(server.id): \(allocated) cores allocated, \(server.model.cores) available")
            }
            if !server.state.canHostWork && !(server.vdus.isEmpty && server.vcus.isEmpty) {
                violations.append("server \(server.id): hosts vDUs or vCUs but is \(server.state.rawValue)")
            }
            var busyCores = 0.0
            for vdu in server.vdus {
                let hosted = server.state.canHostWork
                let t = hosted ? vdu.compute.slotProcessingUs(vdu.expectedLoad, cores: vdu.cores, frequencyScale: f) : .infinity
                let needed = vdu.compute.coresNeeded(for: vdu.expectedLoad, deadlineUs: vdu.slotDurationUs,
                                                     marginFraction: vdu.marginFraction, maxCores: server.model.cores, frequencyScale: f)
                outcomes.append(VDUOutcome(id: vdu.id, serverID: server.id, slotProcessingUs: t, deadlineUs: vdu.slotDurationUs,
                                           meetsDeadline: t <= vdu.slotDurationUs, coresNeeded: needed))
                switch server.accounting {
                case .pinnedPolling:
                    busyCores += Double(vdu.cores)
                case .workOnly:
                    let workUs = vdu.compute.singleCoreWorkUs(vdu.expectedLoad) / f
                    busyCores += min(Double(vdu.cores), workUs / vdu.slotDurationUs)
                }
            }
            for vcu in server.vcus {
                switch server.accounting {
                case .pinnedPolling: busyCores += Double(vcu.cores)
                case .workOnly: busyCores += min(Double(vcu.cores), vcu.workPerSlotUs / f / vcu.slotDurationUs)
                }
            }
            let u = server.state.canHostWork ? min(busyCores / Double(server.model.cores), 1) : 0
            utilisation[server.id] = u
            power[server.id, default: 0] += server.model.powerW(utilisation: u, frequencyScale: f, state: server.state)
        }
        for link in candidate.links {
            power[link.id, default: 0] += link.model.powerW(throughputGbps: link.throughputGbps)
        }
        for payload in candidate.payloads {
            power[payload.id, default: 0] += payload.model.powerW(load: payload.expectedLoad)
        }
        // Sum in sorted order so the total does not depend on dictionary order.
        let total = power.sorted { $0.key < $1.key }.reduce(0.0) { $0 + $1.value }
        return Result(totalPowerW: total, powerByNodeW: power, serverUtilisation: utilisation, vdus: outcomes,
                      violations: violations.sorted())
    }
}
