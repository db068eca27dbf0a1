import Foundation

/// Lookups that nodes and the launcher need, and where each node's endpoint is.
extension Scenario {
    /// Position of a node in `nodes`; a tcp node listens on `transport.basePort` + this index.
    /// - Parameter name: Node name.
    /// - Returns: The index, or nil when no node has that name.
    public func nodeIndex(named name: String) -> Int? { nodes.firstIndex { $0.name == name } }

    /// The node called `name`, if any.
    /// - Parameter name: Node name.
    /// - Returns: Its configuration, or nil.
    public func node(named name: String) -> NodeConfig? { nodes.first { $0.name == name } }

    /// The role of the node called `name`, if any.
    /// - Parameter name: Node name.
    /// - Returns: Its role, or nil when no node has that name.
    public func role(ofNode name: String) -> NodeRole? { node(named: name)?.role }

    /// Nodes of one role, in file order.
    /// - Parameter role: The role wanted.
    /// - Returns: Every node with that role.
    public func nodes(withRole role: NodeRole) -> [NodeConfig] { nodes.filter { $0.role == role } }

    /// The vendor profile called `name`, if any.
    /// - Parameter name: Vendor name.
    /// - Returns: The profile, or nil.
    public func vendor(named name: String) -> VendorProfile? { vendors.first { $0.name == name } }

    /// The cell called `name`, if any.
    /// - Parameter name: Cell name.
    /// - Returns: The cell, or nil.
    public func cell(named name: String) -> CellConfig? { cells.first { $0.name == name } }

    /// Cells scheduled by one du, in file order.
    /// - Parameter du: Name of the du node.
    /// - Returns: The cells whose `du` is that node.
    public func cells(ofDU du: String) -> [CellConfig] { cells.filter { $0.du == du } }

    /// UE groups hosted by one ue node, in file order.
    /// - Parameter node: Name of the ue node.
    /// - Returns: The groups whose `node` is that node.
    public func ueGroups(onNode node: String) -> [UEGroupConfig] { ueGroups.filter { $0.node == node } }

    /// Number of UEs over all groups.
    public var totalUEs: Int { ueGroups.reduce(0) { $0 + $1.count } }

    /// The environment variable that overrides a node's endpoint: `B5G_ENDPOINT_` and the node
    /// name upper-cased, with every character other than A-Z and 0-9 replaced by `_` (`du-1` -> `B5G_ENDPOINT_DU_1`).
    /// - Parameter name: Node name.
    /// - Returns: The variable name.
    public static func endpointVariable(forNode name: String) -> String {
        let suffix = name.uppercased().unicodeScalars.map { scalar -> String in
            scalar.isASCII && (("A"..."Z").contains(scalar) || ("0"..."9").contains(scalar)) ? String(scalar) : "_"
        }.joined()
        return "B5G_ENDPOINT_" + suffix
    }

    /// Where a node listens, so that any node can be started on its own and find its peers.
    ///
    /// In order: the node's `endpoint` in the scenario; else the environment variable
    /// ``endpointVariable(forNode:)`` when set and not empty; else from `transport`:
    /// `ipc://<ipcDirectory>/<node>.sock`, or `tcp://<node.host ?? transport.host>:<basePort + index>`.
    /// - Parameters:
    ///   - name: Node name.
    ///   - environment: The process environment (passed in so that tests control it).
    ///   - ipcDirectory: Folder for ipc socket files (e.g. the run folder).
    /// - Returns: A ZeroMQ endpoint, `tcp://...` or `ipc://...`.
    /// - Throws: ``ScenarioLookupError`` for an unknown node or a malformed environment override.
    public func endpoint(forNode name: String, environment: [String: String], ipcDirectory: String)
        throws(ScenarioLookupError) -> String {
        guard let index = nodeIndex(named: name) else {
            let names = nodes.map(\.name)
            throw .unknownNode(name, suggestion: Suggestions.closest(to: name, in: names), known: names)
        }
        let node = nodes[index]
        if let endpoint = node.endpoint { return endpoint }
        let variable = Self.endpointVariable(forNode: name)
        if let value = environment[variable], !value.isEmpty {
            if let problem = StringRule.endpoint.problem(value) {
                throw .invalidEndpoint(variable: variable, value: value, problem: problem)
            }
            return value
        }
        switch transport.kind {
        case .ipc:
            let directory = ipcDirectory.hasSuffix("/") && ipcDirectory.count > 1
                ? String(ipcDirectory.dropLast()) : ipcDirectory
            return "ipc://\(directory)/\(name).sock"
        case .tcp:
            let host = node.host ?? transport.host
            // An IPv6 literal needs brackets before the port.
            let hostText = host.contains(":") && !host.hasPrefix("[") ? "[\(host)]" : host
            return "tcp://\(hostText):\(transport.basePort + index)"
        }
    }
}

/// A lookup in a validated scenario that cannot be answered.
public enum ScenarioLookupError: Error, Sendable, Equatable, CustomStringConvertible {
    /// No node has this name (e.g. a mistyped `--node`).
    case unknownNode(String, suggestion: String?, known: [String])
    /// An endpoint environment variable holds something that is not a ZeroMQ endpoint.
    case invalidEndpoint(variable: String, value: String, problem: String)

    public var description: String {
        switch self {
        case .unknownNode(let name, let suggestion, let known):
            let hint = suggestion.map { " (did you mean '\($0)'?)" } ?? ""
            return "no node named '\(name)' in the scenario\(hint); nodes: \(known.joined(separator: ", "))"
        case .invalidEndpoint(let variable, let value, let problem):
            return "\(variable)=\(value): \(problem); allowed \(StringRule.endpoint.allowed)"
        }
    }
}

extension Scenario {
    /// Whether a node's tcp endpoint takes connections from other machines (a host that is not
    /// loopback); only allowed with `transport.exposed: true`.
    public func bindsBeyondLoopback(node name: String) -> Bool {
        guard transport.kind == .tcp, let node = node(named: name) else { return false }
        return !TopologyRules.isLoopback(node.host ?? transport.host)
    }
}

extension Scenario {
    /// Things that run but deserve the user's attention, one sentence each (printed by
    /// `b5g validate` and `b5g run`, never an error): an external policy reached in the clear
    /// over tcp from another machine, where anyone on the path can read the KPIs or answer in
    /// its place.
    public var warnings: [String] {
        guard let o = orchestrator, o.policy == .external, o.externalServerKey == nil,
              let endpoint = o.externalEndpoint, let host = Self.tcpHost(endpoint), !TopologyRules.isLoopback(host) else { return [] }
        return ["orchestrator.externalEndpoint \(endpoint) is tcp beyond this machine without CURVE: requests and answers "
                + "travel in the clear and anyone who reaches it can act as the policy; set orchestrator.externalServerKey "
                + "to the policy's public key file"]
    }

    /// The host of a `tcp://HOST:PORT` endpoint (without IPv6 brackets), nil for another transport.
    static func tcpHost(_ endpoint: String) -> String? {
        guard endpoint.hasPrefix("tcp://") else { return nil }
        var rest = endpoint.dropFirst("tcp://".count)
        if let colon = rest.lastIndex(of: ":") { rest = rest[..<colon] }
        return String(rest).trimmingCharacters(in: CharacterSet(charactersIn: "[]"))
    }
}
