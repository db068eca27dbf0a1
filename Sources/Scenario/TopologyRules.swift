// Scenario-wide checks: a network that validates field by field can still not work
// (two cores, a du without a cell, an ru shared by two cells). Each rule's `doc` is listed
// in the field reference. Vendor capabilities (prbs <= maxPRBs, versions) are NOT checked
// here: a mismatch is a setup failure (exit 3), found by the setup procedures at run time or
// by `b5g validate --strict`, both through CapabilityCheck.

enum TopologyRules {
    static let all: [ObjectRule] = [exactlyOne("core"), exactlyOne("channel"), atLeastOneUE, everyDUHasACell,
                                    ruBelongsToCellDU, oneCellPerRU, tcpPortsFit, tcpStaysLocalUnlessExposed, endpointsAreDistinct, sliceMinimumsFit, ntnPlatformsExist,
                                    atMostOneOrchestrator, orchestratorNodeAndSection, vduCoresFit, neighboursShareTheCU,
                                    warmupLeavesAWindow, faultsNameALink, restartsFitTheRun]

    static let warmupLeavesAWindow = ObjectRule(doc: "`warmup` is less than half of `duration`, so the measurement window (warm-up end to the sources' stop) is never empty.") { scenario in
        guard let warmup = scenario["warmupMs"]?.number, let duration = scenario["durationMs"]?.number,
              warmup >= duration / 2 else { return [] }
        return [RuleViolation(path: "warmup", message: "\(DurationText.format(microseconds: warmup * 1000)) leaves no measurement window in a run of \(DurationText.format(microseconds: duration * 1000))",
                              allowed: "less than half of duration")]
    }

    /// Elements of a top-level list with their index, skipping none so indices match paths.
    static func elements(_ scenario: [String: ScenarioValue], _ key: String)
        -> [(index: Int, object: [String: ScenarioValue])] {
        (scenario[key]?.list ?? []).enumerated().map { ($0.offset, $0.element.object ?? [:]) }
    }

    private static func nodes(_ scenario: [String: ScenarioValue], role: String)
        -> [(index: Int, object: [String: ScenarioValue])] {
        elements(scenario, "nodes").filter { $0.object["role"]?.string == role }
    }

    static let ntnPlatformsExist = ObjectRule(doc: "NTN cells and the backhaul name a platform of `ntn.platforms`; `tle` platforms name a `tleFile`; a walker's `satellites` is a multiple of `planes` and its `phasing` is less than `planes`.") { scenario in
        let platforms = (scenario["ntn"]?.object?["platforms"]?.list ?? []).compactMap { $0.object }
        let names = platforms.compactMap { $0["name"]?.string }
        var found: [RuleViolation] = []
        for (i, cell) in elements(scenario, "cells") {
            guard let platform = cell["ntn"]?.object?["platform"]?.string, !names.contains(platform) else { continue }
            found.append(RuleViolation(path: "cells[\(i)].ntn.platform",
                                       message: names.isEmpty ? "'\(platform)' but the scenario has no ntn.platforms"
                                                              : "there is no platform named '\(platform)'",
                                       allowed: names.isEmpty ? "an ntn section with platforms" : "platforms: \(names.joined(separator: ", "))"))
        }
        if let platform = scenario["ntn"]?.object?["backhaul"]?.object?["platform"]?.string, !names.contains(platform) {
            found.append(RuleViolation(path: "ntn.backhaul.platform", message: "there is no platform named '\(platform)'",
                                       allowed: "platforms: \(names.joined(separator: ", "))"))
        }
        for (i, p) in platforms.enumerated() where p["kind"]?.string == "tle" && p["tleFile"] == nil {
            found.append(RuleViolation(path: "ntn.platforms[\(i)].tleFile", message: "a tle platform needs its tleFile",
                                       allowed: "a path to a file of two-line elements"))
        }
        for (i, p) in platforms.enumerated() where p["kind"]?.string == "walker" {
            let t = p["satellites"]?.integer ?? 1, planes = p["planes"]?.integer ?? 1
            if t % max(1, planes) != 0 {
                found.append(RuleViolation(path: "ntn.platforms[\(i)].satellites", message: "\(t) satellites do not split evenly into \(planes) planes",
                                           allowed: "a multiple of planes"))
            }
            let phasing = p["phasing"]?.integer ?? 0
            if phasing >= planes {
                found.append(RuleViolation(path: "ntn.platforms[\(i)].phasing", message: "phasing \(phasing) with \(planes) planes",
                                           allowed: "0...\(max(0, planes - 1)) (less than planes)"))
            }
        }
        return found
    }

    static let atMostOneOrchestrator = ObjectRule(doc: "At most one `orchestrator` node.") { scenario in
        let found = nodes(scenario, role: "orchestrator")
        guard let first = found.first else { return [] }
        let firstName = first.object["name"]?.string ?? "nodes[\(first.index)]"
        return found.dropFirst().map { extra in
            RuleViolation(path: "nodes[\(extra.index)].role",
                          message: "a second orchestrator node; '\(firstName)' (nodes[\(first.index)]) is already the orchestrator",
                          allowed: "at most one orchestrator node")
        }
    }

    static let orchestratorNodeAndSection = ObjectRule(doc: "An `orchestrator` section needs a node with role `orchestrator`.") { scenario in
        guard scenario["orchestrator"] != nil, nodes(scenario, role: "orchestrator").isEmpty else { return [] }
        guard let all = scenario["nodes"]?.list, all.allSatisfy({ $0.object?["role"] != nil }) else { return [] }
        return [RuleViolation(path: "orchestrator", message: "the orchestrator section has no node to run it",
                              allowed: "a node with role: orchestrator in nodes")]
    }

    static let vduCoresFit = ObjectRule(doc: "The dus and cus on a server take at most its `cores`.") { scenario in
        let servers = Dictionary(elements(scenario, "servers").compactMap { s in
            s.object["name"]?.string.map { ($0, s.object["cores"]?.integer ?? 32) } }, uniquingKeysWith: { a, _ in a })
        var used: [String: Int] = [:]
        var found: [RuleViolation] = []
        for du in (nodes(scenario, role: "du") + nodes(scenario, role: "cu")).sorted(by: { $0.index < $1.index }) {
            let name = du.object["name"]?.string ?? "nodes[\(du.index)]"
            let cores = du.object["cores"]?.integer
            // No server (or a broken reference, reported already): the cores have nothing to fit.
            guard let server = du.object["server"]?.string else { continue }
            guard let total = servers[server] else { continue }
            let mine = cores ?? 0
            if mine > total {
                found.append(RuleViolation(path: "nodes[\(du.index)].cores",
                                           message: "\(mine) cores for '\(name)' but server '\(server)' has \(total)",
                                           allowed: "at most \(total)"))
                continue
            }
            used[server, default: 0] += mine
            if used[server]! > total {
                found.append(RuleViolation(path: "nodes[\(du.index)].cores",
                                           message: "the vDUs and vCUs on server '\(server)' would take \(used[server]!) cores; it has \(total)",
                                           allowed: "at most \(total - used[server]! + mine) for '\(name)'"))
            }
        }
        return found
    }

    static let neighboursShareTheCU = ObjectRule(doc: "A cell's `neighbours` are other cells whose du has the same cu (inter-DU handover stays within one CU).") { scenario in
        let cuOfDU = Dictionary(nodes(scenario, role: "du").compactMap { du in
            du.object["name"]?.string.map { ($0, du.object["cu"]?.string ?? "") } }, uniquingKeysWith: { a, _ in a })
        let cells = elements(scenario, "cells")
        let duOfCell = Dictionary(cells.compactMap { c in c.object["name"]?.string.map { ($0, c.object["du"]?.string ?? "") } },
                                  uniquingKeysWith: { a, _ in a })
        var found: [RuleViolation] = []
        for cell in cells {
            guard let name = cell.object["name"]?.string, let list = cell.object["neighbours"]?.list, let du = duOfCell[name] else { continue }
            for (k, value) in list.enumerated() {
                // Unknown names are reported by the reference check.
                guard let other = value.string, let otherDU = duOfCell[other] else { continue }
                if other == name {
                    found.append(RuleViolation(path: "cells[\(cell.index)].neighbours[\(k)]", message: "cell '\(name)' lists itself",
                                               allowed: "another cell"))
                } else if cuOfDU[otherDU] != cuOfDU[du] {
                    found.append(RuleViolation(path: "cells[\(cell.index)].neighbours[\(k)]",
                                               message: "'\(other)' is on du '\(otherDU)' of cu '\(cuOfDU[otherDU] ?? "")', '\(name)' on du '\(du)' of cu '\(cuOfDU[du] ?? "")'",
                                               allowed: "cells of dus under cu '\(cuOfDU[du] ?? "")'"))
                }
            }
        }
        return found
    }

    static let sliceMinimumsFit = ObjectRule(doc: "The slices' `minPRBShare` add up to at most 1.") { scenario in
        let total = elements(scenario, "slices").compactMap { $0.object["minPRBShare"]?.number }.reduce(0, +)
        guard total > 1 + 1e-9 else { return [] }
        return [RuleViolation(path: "slices", message: "minPRBShare adds up to \(NumberText.format(total))",
                              allowed: "a total of at most 1")]
    }

    static func exactlyOne(_ role: String) -> ObjectRule {
        ObjectRule(doc: "Exactly one `\(role)` node.") { scenario in
            let found = nodes(scenario, role: role)
            guard let first = found.first else {
                // Only say "none" when every node's role is known (a misspelt role is reported already).
                guard let all = scenario["nodes"]?.list, all.allSatisfy({ $0.object?["role"] != nil }) else { return [] }
                return [RuleViolation(path: "nodes", message: "no \(role) node",
                                      allowed: "exactly one node with role: \(role)")]
            }
            let firstName = first.object["name"]?.string ?? "nodes[\(first.index)]"
            return found.dropFirst().map { extra in
                RuleViolation(path: "nodes[\(extra.index)].role",
                              message: "a second \(role) node; '\(firstName)' (nodes[\(first.index)]) is already the \(role)",
                              allowed: "exactly one \(role) node")
            }
        }
    }

    static let atLeastOneUE = ObjectRule(doc: "At least one `ue` node.") { scenario in
        guard let all = scenario["nodes"]?.list, all.allSatisfy({ $0.object?["role"] != nil }) else { return [] }
        return nodes(scenario, role: "ue").isEmpty
            ? [RuleViolation(path: "nodes", message: "no ue node; UE groups need a ue node to run in",
                             allowed: "one or more nodes with role: ue")]
            : []
    }

    static let everyDUHasACell = ObjectRule(doc: "Every `du` node runs at least one cell.") { scenario in
        // Judge only with complete information: a cell whose du is missing or misspelt may be the one.
        let cells = elements(scenario, "cells")
        guard scenario["cells"] != nil, cells.allSatisfy({ $0.object["du"] != nil }) else { return [] }
        let served = Set(cells.compactMap { $0.object["du"]?.string })
        return nodes(scenario, role: "du").compactMap { du in
            guard let name = du.object["name"]?.string, !served.contains(name) else { return nil }
            return RuleViolation(path: "nodes[\(du.index)]", message: "du '\(name)' runs no cell",
                                 allowed: "a cell with du: \(name) in cells", anchor: "nodes[\(du.index)].name")
        }
    }

    static let ruBelongsToCellDU = ObjectRule(doc: "A cell's `ru` belongs to the cell's `du` (the ru's `du` is the cell's `du`).") { scenario in
        let rus = Dictionary(nodes(scenario, role: "ru").compactMap { ru in ru.object["name"]?.string.map { ($0, ru) } },
                             uniquingKeysWith: { first, _ in first })
        return elements(scenario, "cells").compactMap { cell in
            guard let du = cell.object["du"]?.string, let ruName = cell.object["ru"]?.string,
                  let ru = rus[ruName], let ruDU = ru.object["du"]?.string, ruDU != du else { return nil }
            return RuleViolation(path: "cells[\(cell.index)].ru",
                                 message: "ru '\(ruName)' belongs to du '\(ruDU)' (nodes[\(ru.index)].du), not to this cell's du '\(du)'",
                                 allowed: "an ru whose du is \(du)")
        }
    }

    static let oneCellPerRU = ObjectRule(doc: "An `ru` serves at most one cell.") { scenario in
        var owner: [String: (index: Int, name: String)] = [:]
        var violations: [RuleViolation] = []
        for cell in elements(scenario, "cells") {
            guard let ru = cell.object["ru"]?.string else { continue }
            let name = cell.object["name"]?.string ?? "cells[\(cell.index)]"
            if let first = owner[ru] {
                violations.append(RuleViolation(
                    path: "cells[\(cell.index)].ru",
                    message: "ru '\(ru)' already serves cell '\(first.name)' (cells[\(first.index)])",
                    allowed: "one cell per ru"))
            } else {
                owner[ru] = (cell.index, name)
            }
        }
        return violations
    }

    static let tcpPortsFit = ObjectRule(doc: "With `transport.kind: tcp`, `transport.basePort` + the number of nodes is at most 65535.") { scenario in
        guard let transport = scenario["transport"]?.object, transport["kind"]?.string == "tcp",
              let basePort = transport["basePort"]?.integer else { return [] }
        let count = scenario["nodes"]?.list?.count ?? 0
        guard basePort + count > 65_535 else { return [] }
        return [RuleViolation(path: "transport.basePort",
                              message: "\(basePort) + \(count) nodes runs past port 65535",
                              allowed: "at most \(65_535 - count) with \(count) nodes")]
    }

    /// Loopback addresses: a tcp endpoint there cannot be reached from another machine.
    static func isLoopback(_ host: String) -> Bool {
        host == "localhost" || host == "::1" || host.hasPrefix("127.")
    }

    static let endpointsAreDistinct = ObjectRule(doc: "No two nodes listen on the same endpoint (an explicit `endpoint`, or with `transport.kind: tcp` the node's `host` and port basePort + i), nor on the launcher's report port (basePort + the number of nodes). `localhost` is `127.0.0.1`; `0.0.0.0` takes its port on every host.") { scenario in
        let transport = scenario["transport"]?.object ?? [:]
        let tcp = transport["kind"]?.string == "tcp"
        let defaultHost = transport["host"]?.string ?? "127.0.0.1"
        let basePort = transport["basePort"]?.integer ?? 47_000
        /// (host, port) of a tcp endpoint, or the whole text of another (ipc://PATH).
        func key(_ endpoint: String) -> (host: String, port: Int?, text: String) {
            guard endpoint.hasPrefix("tcp://"), let colon = endpoint.lastIndex(of: ":"),
                  let port = Int(endpoint[endpoint.index(after: colon)...]) else { return ("", nil, endpoint) }
            let host = String(endpoint[endpoint.index(endpoint.startIndex, offsetBy: 6)..<colon])
            return (host == "localhost" ? "127.0.0.1" : host, port, endpoint)
        }
        func collide(_ a: (host: String, port: Int?, text: String), _ b: (host: String, port: Int?, text: String)) -> Bool {
            guard let pa = a.port, let pb = b.port else { return a.port == nil && b.port == nil && a.text == b.text }
            return pa == pb && (a.host == b.host || a.host == "0.0.0.0" || b.host == "0.0.0.0" || a.host == "*" || b.host == "*")
        }
        var taken: [(key: (host: String, port: Int?, text: String), owner: String)] = []
        if tcp {
            let count = scenario["nodes"]?.list?.count ?? 0
            taken.append((key("tcp://\(defaultHost):\(basePort + count)"), "the launcher's report endpoint"))
        }
        var found: [RuleViolation] = []
        for (i, node) in elements(scenario, "nodes") {
            let explicit = node["endpoint"]?.string
            guard explicit != nil || tcp else { continue }
            let endpoint = explicit ?? "tcp://\(node["host"]?.string ?? defaultHost):\(basePort + i)"
            let name = node["name"]?.string ?? "nodes[\(i)]"
            let k = key(endpoint)
            if let other = taken.first(where: { collide($0.key, k) }) {
                found.append(RuleViolation(path: explicit != nil ? "nodes[\(i)].endpoint" : node["host"] != nil ? "nodes[\(i)].host" : "nodes[\(i)]",
                                           message: "'\(name)' would listen on \(endpoint), already \(other.owner)",
                                           allowed: "an endpoint no other node uses"))
            } else {
                taken.append((k, "the endpoint of '\(name)' (nodes[\(i)])"))
            }
        }
        return found
    }

    static let tcpStaysLocalUnlessExposed = ObjectRule(doc: "With `transport.kind: tcp`, a host that is not loopback (`0.0.0.0`, an interface address, a host name) needs `transport.exposed: true`.") { scenario in
        guard let transport = scenario["transport"]?.object, transport["kind"]?.string == "tcp",
              transport["exposed"]?.boolean != true else { return [] }
        var found: [RuleViolation] = []
        if let host = transport["host"]?.string, !isLoopback(host) {
            found.append(RuleViolation(path: "transport.host", message: "\(host) would take connections from other machines",
                                       allowed: "a loopback host (127.0.0.1), or transport.exposed: true to allow it"))
        }
        for (i, node) in elements(scenario, "nodes") {
            guard let host = node["host"]?.string, !isLoopback(host) else { continue }
            found.append(RuleViolation(path: "nodes[\(i)].host", message: "\(host) would take connections from other machines",
                                       allowed: "a loopback host (127.0.0.1), or transport.exposed: true to allow it"))
        }
        return found
    }
}
