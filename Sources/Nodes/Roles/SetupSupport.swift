import Interfaces
import Scenario

/// The highest protocol version both ends support.
func negotiateVersion(offered: [Int], supported: [Int]) -> Int? {
    Set(offered).intersection(supported).max()
}

/// Decodes a control body or logs and returns nil (a malformed peer message is dropped).
func decodeControl<M: ControlMessage>(_ type: M.Type, _ unit: WireUnit, _ io: NodeIO) -> M? {
    do {
        return try ControlCodec.decode(type, from: unit.payload)
    } catch {
        io.counters.decodeErrors += 1
        io.warn(cause: "malformed", "dropped malformed control message", metadata: ["type": "\(M.self)", "error": "\(error)"])
        return nil
    }
}

extension NodeIO {
    /// This node's vendor profile (core, cu, du and ru have one).
    var vendor: VendorProfile {
        topology.vendor(of: nodeName) ?? VendorProfile(name: "unknown")
    }
}
