import Scenario

/// Builds the behaviour of a node from its role in the scenario.
public enum NodeFactory {
    public static func makeBehavior(topology: Topology, nodeName: String) throws -> NodeBehavior {
        guard let node = topology.scenario.node(named: nodeName) else {
            throw ScenarioLookupError.unknownNode(nodeName, suggestion: nil, known: topology.scenario.nodes.map(\.name))
        }
        switch node.role {
        case .core: return CoreNode(topology: topology, nodeName: nodeName)
        case .cu: return CUNode(topology: topology, nodeName: nodeName)
        case .du: return try DUNode(topology: topology, nodeName: nodeName)
        case .ru: return RUNode(topology: topology, nodeName: nodeName)
        case .channel: return ChannelNode(topology: topology, nodeName: nodeName)
        case .ue: return UENode(topology: topology, nodeName: nodeName)
        case .orchestrator: return OrchestratorNode(topology: topology, nodeName: nodeName)
        }
    }
}
