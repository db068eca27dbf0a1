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
