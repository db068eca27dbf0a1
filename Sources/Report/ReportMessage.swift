import Foundation

/// One REPORT message body (node -> launcher) as the launcher reads it. Decoding never traps:
/// a body that is not what its message type says throws, and the launcher counts it as refused.
public enum ReportMessage: Sendable {
    /// The node is set up (``ReportMessageType/ready``).
    case ready(NodeReady)
    /// A periodic sample, or a heartbeat naming the peers it waits for.
    case progress(NodeProgress)
    /// The node's results when it stops.
    case final(NodeReport)
    /// Capture records, still framed (`CaptureBatch` in the Interfaces module decodes them).
    case capture(ArraySlice<UInt8>)
    /// The units a node sent, as its capture kept them, not yet framed: handed over in one
    /// process only (never on the wire, so ``decode(messageType:body:)`` never makes one), so
    /// that the launcher's thread frames them instead of the slot threads.
    case unframedCapture(ArraySlice<UInt8>)
    /// A setup procedure failed at the node.
    case setupFailed(NodeSetupFailed)
    /// A restart fault kills the node now: what it measured until then.
    case restarting(NodeReport)

    /// Why a REPORT body was refused.
    public enum DecodeError: Error, Equatable {
        /// No REPORT message has this type.
        case unknownType(UInt8)
        /// The body is not its type's JSON (the decoder's reason).
        case badBody(type: UInt8, why: String)
    }

    /// Decodes a REPORT body by its message type (``ReportMessageType``).
    /// - Throws: ``DecodeError`` for an unknown type or a body that is not its type's JSON.
    public static func decode(messageType: UInt8, body: ArraySlice<UInt8>) throws(DecodeError) -> ReportMessage {
        func json<T: Decodable>(_ type: T.Type) throws(DecodeError) -> T {
            do { return try JSONDecoder().decode(T.self, from: Data(body)) } catch {
                throw .badBody(type: messageType, why: "\(error)")
            }
        }
        switch messageType {
        case ReportMessageType.ready: return .ready(try json(NodeReady.self))
        case ReportMessageType.progress: return .progress(try json(NodeProgress.self))
        case ReportMessageType.final: return .final(try json(NodeReport.self))
        case ReportMessageType.capture: return .capture(body)
        case ReportMessageType.setupFailed: return .setupFailed(try json(NodeSetupFailed.self))
        case ReportMessageType.restarting: return .restarting(try json(NodeReport.self))
        default: throw .unknownType(messageType)
        }
    }
}
