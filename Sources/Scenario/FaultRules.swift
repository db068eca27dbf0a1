// The rule for `faults:` entries: an impaired link must be one the network has.

extension TopologyRules {
    static let faultsNameALink = ObjectRule(doc: "`faults[].link` names two nodes that share a link (core-cu, cu-du, du-ru, ru-channel, channel-ue, orchestrator-cu/du/ru).") { scenario in
        let nodes = elements(scenario, "nodes").map(\.object)
        func node(_ name: String) -> [String: ScenarioValue]? { nodes.first { $0["name"]?.string == name } }
        func linked(_ a: [String: ScenarioValue], _ b: [String: ScenarioValue]) -> Bool {
            let roleA = a["role"]?.string ?? "", roleB = b["role"]?.string ?? ""
            let nameA = a["name"]?.string ?? "", nameB = b["name"]?.string ?? ""
            switch (roleA, roleB) {
            case ("cu", "core"): return a["core"]?.string == nameB
            case ("du", "cu"): return a["cu"]?.string == nameB
            case ("ru", "du"): return a["du"]?.string == nameB
            case ("ru", "channel"), ("ue", "channel"): return true
            case ("orchestrator", "cu"), ("orchestrator", "du"), ("orchestrator", "ru"): return true
            default: return false
            }
        }
        var found: [RuleViolation] = []
        for (i, fault) in elements(scenario, "faults") {
            let names = (fault["link"]?.list ?? []).compactMap(\.string)
            guard names.count == 2, let a = node(names[0]), let b = node(names[1]) else { continue }
            guard !(linked(a, b) || linked(b, a)) else { continue }
            found.append(RuleViolation(path: "faults[\(i)].link", message: "\(names[0]) and \(names[1]) share no link",
                                       allowed: "two nodes with a link between them: core-cu, cu-du, du-ru, ru-channel, channel-ue, orchestrator-cu/du/ru"))
        }
        return found
    }
}

extension TopologyRules {
    static let restartsFitTheRun = ObjectRule(doc: "A `restart` fault is on a `du` or an `ru`, lasts at least 100 ms (its UEs declare the cell lost after 50 ms) and ends before the run does; restarts of one node do not overlap.") { scenario in
        let nodes = elements(scenario, "nodes").map(\.object)
        let runMs = scenario["durationMs"]?.number ?? .infinity
        var found: [RuleViolation] = []
        var spans: [String: [(Double, Double)]] = [:]
        for (i, fault) in elements(scenario, "faults") where fault["action"]?.string == "restart" {
            guard let name = fault["node"]?.string, let at = fault["atMs"]?.number, let duration = fault["durationMs"]?.number else { continue }
            let role = nodes.first { $0["name"]?.string == name }?["role"]?.string
            if let role, role != "du", role != "ru" {
                found.append(RuleViolation(path: "faults[\(i)].node", message: "\(name) is a \(role); only a du or an ru is restarted",
                                           allowed: "a du or ru node"))
            }
            if duration < 100 {
                found.append(RuleViolation(path: "faults[\(i)].duration", message: "\(DurationText.format(microseconds: duration * 1000)) is shorter than a restart can be",
                                           allowed: "100ms or more (a UE declares its cell lost after 50 ms)"))
            }
            if at + duration >= runMs {
                found.append(RuleViolation(path: "faults[\(i)].duration", message: "the node would come back at or after the end of the run",
                                           allowed: "at + duration before duration of the run"))
            }
            if at <= 0 {
                found.append(RuleViolation(path: "faults[\(i)].at", message: "a node is restarted after it started", allowed: "above 0"))
            }
            if spans[name, default: []].contains(where: { at < $0.1 && $0.0 < at + duration }) {
                found.append(RuleViolation(path: "faults[\(i)].at", message: "overlaps another restart of \(name)", allowed: "one restart of a node at a time"))
            }
            spans[name, default: []].append((at, at + duration))
        }
        return found
    }
}
