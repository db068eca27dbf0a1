/// Why bytes from a peer could not be decoded. Receivers count and drop such messages.
public enum WireDecodeError: Error, Equatable, Sendable, CustomStringConvertible {
    case truncated(field: String, needed: Int, available: Int)
    case badMagic(UInt16)
    case unsupportedVersion(UInt8)
    case unknownInterface(UInt8)
    case unknownMessageType(interface: String, type: UInt8)
    case lengthMismatch(declared: Int, available: Int)
    case invalidField(field: String, value: String)
    case badControlBody(String)

    public var description: String {
        switch self {
        case let .truncated(field, needed, available): "truncated at \(field): needed \(needed) bytes, \(available) left"
        case let .badMagic(m): "bad magic 0x\(String(m, radix: 16)) (expected 0x4235)"
        case let .unsupportedVersion(v): "unsupported header version \(v)"
        case let .unknownInterface(i): "unknown interface \(i)"
        case let .unknownMessageType(i, t): "unknown message type \(t) on \(i)"
        case let .lengthMismatch(d, a): "payload length \(d) but \(a) bytes present"
        case let .invalidField(f, v): "invalid \(f): \(v)"
        case let .badControlBody(why): "bad control body: \(why)"
        }
    }
}
