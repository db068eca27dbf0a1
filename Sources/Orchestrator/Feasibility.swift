import Interfaces

/// Why an action cannot be applied to a model: the action and the violated rule, in words.
public struct ActionRefusal: Error, Sendable, Equatable, CustomStringConvertible {
    public var action: RCAction
    public var reason: String
    public var description: String { "\(action.typeName) refused: \(reason)" }
}

extension ResourceModel {
    /// Checks an action against the model as it stands at the action's slot.
    /// - Parameter kind: the action.
    /// - Returns: the refusal reason, or nil when the action is feasible.
    public func refusal(for kind: RCAction) -> String? {
        switch kind {
        case let .setCores(vduID, cores):
            guard let v = vduIndex(vduID) else { return "unknown vDU \(vduID)" }
            guard cores >= 1 else { return "vDU \(vduID) needs at least 1 core, asked for \(cores)" }
            let vdu = vdus[v]
            if vdu.migratingToServerID != nil { return "vDU \(vduID) is migrating" }
            return coresRefusal(noun: "vDU", id: vduID, cores: cores, serverID: vdu.serverID)
        case let .setVCUCores(vcuID, cores):
            guard let v = vcuIndex(vcuID) else { return "unknown vCU \(vcuID)" }
            guard cores >= 1 else { return "vCU \(vcuID) needs at least 1 core, asked for \(cores)" }
            return coresRefusal(noun: "vCU", id: vcuID, cores: cores, serverID: vcus[v].serverID)
        case let .migrate(vduID, toServer):
            guard let v = vduIndex(vduID) else { return "unknown vDU \(vduID)" }
            guard let s = serverIndex(toServer) else { return "unknown server \(toServer)" }
            let vdu = vdus[v]
            if vdu.serverID == toServer { return "vDU \(vduID) is already on server \(toServer)" }
            if vdu.migratingToServerID != nil { return "vDU \(vduID) is already migrating" }
            let server = servers[s]
            guard server.state.canHostWork else { return "server \(toServer) is \(server.state.rawValue)" }
            let free = freeCores(on: toServer)
            if vdu.cores > free { return "vDU \(vduID) needs \(vdu.cores) cores, server \(toServer) has \(free) free of \(server.power.cores)" }
            return nil
        case let .ruSleep(ruID, _):
            guard let r = ruIndex(ruID) else { return "unknown RU \(ruID)" }
            let ru = rus[r]
            guard ru.state == .active else { return "RU \(ruID) is not active" }
            let ues = cellIndex(ru.cellID).map { cells[$0].activeUEs } ?? 0
            let neighbourActive = ru.neighbourRUIDs.contains { id in ruIndex(id).map { rus[$0].state == .active } ?? false }
            if ues > 0 && !neighbourActive && !ru.hasNTNAlternative {
                return "RU \(ruID) is the only RU serving \(ues) UEs in cell \(ru.cellID): no active neighbour RU and no NTN alternative"
            }
            return nil
        case let .ruWake(ruID):
            guard let r = ruIndex(ruID) else { return "unknown RU \(ruID)" }
            if rus[r].state == .active || rus[r].state == .wakingUp { return "RU \(ruID) is already awake" }
            return nil
        case let .setSliceQuota(cellID, sliceID, minShare, maxShare):
            guard let c = cellIndex(cellID) else { return "unknown cell \(cellID)" }
            guard cells[c].slices.contains(where: { $0.sliceID == sliceID }) else { return "unknown slice \(sliceID) in cell \(cellID)" }
            guard minShare >= 0, maxShare <= 1, minShare <= maxShare else {
                return "shares must satisfy 0 <= min <= max <= 1, got min \(minShare) max \(maxShare)"
            }
            let sum = cells[c].slices.reduce(0.0) { $0 + ($1.sliceID == sliceID ? minShare : $1.minShare) }
            if sum > 1 + 1e-9 {
                return "minimum shares in cell \(cellID) would sum to \(Int((sum * 100).rounded())) % (more than 100 %)"
            }
            return nil
        case let .steerUEs(fromCell, toCell, count):
            guard cellIndex(fromCell) != nil else { return "unknown cell \(fromCell)" }
            guard let to = cellIndex(toCell) else { return "unknown cell \(toCell)" }
            if fromCell == toCell { return "cannot steer UEs from cell \(fromCell) to itself" }
            if let f = cellIndex(fromCell), cells[f].duID != cells[to].duID, cells[f].cuID.isEmpty || cells[f].cuID != cells[to].cuID {
                return "cells \(fromCell) and \(toCell) are on DUs of different CUs (no inter-CU handover)"
            }
            if count < 0 { return "UE count must be >= 0, got \(count)" }
            if let ru = ru(ofCell: cells[to].id), ru.state != .active { return "target cell \(toCell) has its RU \(ru.id) not active" }
            return nil
        case let .serverPower(serverID, on):
            guard let s = serverIndex(serverID) else { return "unknown server \(serverID)" }
            let state = servers[s].state
            if on {
                if state == .on || state == .switchingOn { return "server \(serverID) is already \(state.rawValue)" }
                return nil
            }
            if state == .off { return "server \(serverID) is already off" }
            if !isEmpty(serverID: serverID) {
                let hosted = vdus.filter { $0.serverID == serverID || $0.migratingToServerID == serverID }.map(\.id)
                    + vcus.filter { $0.serverID == serverID }.map(\.id)
                return "server \(serverID) still hosts \(hosted.joined(separator: ", "))"
            }
            return nil
        }
    }

    /// Whether `cores` for a vDU or vCU fit its server beside everything else the server holds.
    private func coresRefusal(noun: String, id: String, cores: Int, serverID: String) -> String? {
        guard let s = serverIndex(serverID) else { return "\(noun) \(id) is on unknown server \(serverID)" }
        let server = servers[s]
        guard server.state.canHostWork else { return "server \(server.id) is \(server.state.rawValue)" }
        let others = coresInUse(on: server.id, excluding: id)
        if cores + others > server.power.cores {
            return "\(cores) cores requested for \(noun) \(id) on server \(server.id), which has \(server.power.cores) cores (\(others) in use by others)"
        }
        return nil
    }

    /// The model after an action, or a refusal.
    /// - Parameters:
    ///   - action: the action; its slot times migrations and boots.
    /// - Returns: the new model.
    /// - Throws: ``ActionRefusal`` when ``refusal(for:)`` finds a rule violated.
    public func applying(_ action: OrchestratorAction) throws(ActionRefusal) -> ResourceModel {
        if let why = refusal(for: action.kind) { throw ActionRefusal(action: action.kind, reason: why) }
        var m = self
        switch action.kind {
        case let .setCores(vdu, cores):
            m.vdus[m.vduIndex(vdu)!].cores = cores
        case let .setVCUCores(vcu, cores):
            m.vcus[m.vcuIndex(vcu)!].cores = cores
        case let .migrate(vdu, to):
            let v = m.vduIndex(vdu)!
            m.vdus[v].migratingToServerID = to
            m.vdus[v].migrationCompleteSlot = action.applyAtSlot + migrationSlots
        case let .ruSleep(ru, depth):
            m.rus[m.ruIndex(ru)!].state = .sleep(depth)
        case let .ruWake(ru):
            m.rus[m.ruIndex(ru)!].state = .active
        case let .setSliceQuota(cell, slice, minShare, maxShare):
            let c = m.cellIndex(cell)!
            let q = m.cells[c].slices.firstIndex { $0.sliceID == slice }!
            m.cells[c].slices[q].minShare = minShare
            m.cells[c].slices[q].maxShare = maxShare
        case let .steerUEs(from, to, count):
            let f = m.cellIndex(from)!, t = m.cellIndex(to)!
            let moved = min(count, m.cells[f].activeUEs)
            m.cells[f].activeUEs -= moved
            m.cells[t].activeUEs += moved
        case let .serverPower(server, on):
            let s = m.serverIndex(server)!
            if on {
                let bootSlots = UInt64((m.servers[s].power.switchOnTimeS * 1e6 / slotDurationUs).rounded(.up))
                m.servers[s].state = bootSlots == 0 ? .on : .switchingOn
                m.servers[s].bootCompleteSlot = bootSlots == 0 ? nil : action.applyAtSlot + bootSlots
            } else {
                m.servers[s].state = .off
            }
        }
        return m
    }
}
