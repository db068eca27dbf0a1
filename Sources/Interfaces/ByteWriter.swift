/// Appends big-endian (network order) fields to a growable byte array.
///
/// Safe Swift only: encoders in this module never touch raw pointers.
public struct ByteWriter: Sendable {
    public private(set) var bytes: [UInt8]

    public init(capacity: Int = 256) {
        bytes = []
        bytes.reserveCapacity(capacity)
    }

    /// Reuses an existing buffer's capacity (cleared first).
    public init(reusing buffer: [UInt8]) {
        bytes = buffer
        bytes.removeAll(keepingCapacity: true)
    }

    public var count: Int { bytes.count }

    public mutating func u8(_ v: UInt8) { bytes.append(v) }
    public mutating func u16(_ v: UInt16) { bytes.append(UInt8(v >> 8)); bytes.append(UInt8(truncatingIfNeeded: v)) }
    public mutating func u24(_ v: UInt32) {
        bytes.append(UInt8(truncatingIfNeeded: v >> 16)); bytes.append(UInt8(truncatingIfNeeded: v >> 8))
        bytes.append(UInt8(truncatingIfNeeded: v))
    }
    public mutating func u32(_ v: UInt32) {
        bytes.append(UInt8(v >> 24)); bytes.append(UInt8(truncatingIfNeeded: v >> 16))
        bytes.append(UInt8(truncatingIfNeeded: v >> 8)); bytes.append(UInt8(truncatingIfNeeded: v))
    }
    public mutating func u64(_ v: UInt64) { u32(UInt32(v >> 32)); u32(UInt32(truncatingIfNeeded: v)) }
    public mutating func i16(_ v: Int16) { u16(UInt16(bitPattern: v)) }
    public mutating func append<S: Sequence>(contentsOf s: S) where S.Element == UInt8 { bytes.append(contentsOf: s) }
    public mutating func zeros(_ n: Int) { bytes.append(contentsOf: repeatElement(0, count: n)) }

    /// Overwrites a 16-bit field written earlier (lengths known only at the end).
    public mutating func patchU16(at offset: Int, _ v: UInt16) {
        bytes[offset] = UInt8(v >> 8); bytes[offset + 1] = UInt8(truncatingIfNeeded: v)
    }
    public mutating func patchU32(at offset: Int, _ v: UInt32) {
        bytes[offset] = UInt8(v >> 24); bytes[offset + 1] = UInt8(truncatingIfNeeded: v >> 16)
        bytes[offset + 2] = UInt8(truncatingIfNeeded: v >> 8); bytes[offset + 3] = UInt8(truncatingIfNeeded: v)
    }
}

/// Reads big-endian fields from a byte array; every read is bounds-checked and throws
/// `WireDecodeError.truncated` instead of trapping, so bad bytes from a peer never crash a node.
public struct ByteReader {
    /// The bytes read; offsets are indices into them (a slice keeps its parent's indices).
    public let bytes: ArraySlice<UInt8>
    public private(set) var offset: Int
    public let end: Int

    public init(_ bytes: [UInt8], offset: Int = 0, end: Int? = nil) {
        self.init(bytes[...], offset: offset, end: end)
    }

    /// Reads a slice in place (a received unit's payload), without copying it.
    public init(_ bytes: ArraySlice<UInt8>, offset: Int? = nil, end: Int? = nil) {
        self.bytes = bytes
        self.offset = max(offset ?? bytes.startIndex, bytes.startIndex)
        self.end = min(end ?? bytes.endIndex, bytes.endIndex)
    }

    public var remaining: Int { end - offset }

    @inline(__always) private mutating func need(_ n: Int, _ what: StaticString) throws(WireDecodeError) {
        if n < 0 || offset + n > end { throw .truncated(field: "\(what)", needed: n, available: max(0, end - offset)) }
    }
    public mutating func u8(_ what: StaticString = "u8") throws(WireDecodeError) -> UInt8 {
        try need(1, what); defer { offset += 1 }; return bytes[offset]
    }
    public mutating func u16(_ what: StaticString = "u16") throws(WireDecodeError) -> UInt16 {
        try need(2, what); defer { offset += 2 }
        return UInt16(bytes[offset]) << 8 | UInt16(bytes[offset + 1])
    }
    public mutating func u24(_ what: StaticString = "u24") throws(WireDecodeError) -> UInt32 {
        try need(3, what); defer { offset += 3 }
        return UInt32(bytes[offset]) << 16 | UInt32(bytes[offset + 1]) << 8 | UInt32(bytes[offset + 2])
    }
    public mutating func u32(_ what: StaticString = "u32") throws(WireDecodeError) -> UInt32 {
        try need(4, what); defer { offset += 4 }
        return UInt32(bytes[offset]) << 24 | UInt32(bytes[offset + 1]) << 16
            | UInt32(bytes[offset + 2]) << 8 | UInt32(bytes[offset + 3])
    }
    public mutating func u64(_ what: StaticString = "u64") throws(WireDecodeError) -> UInt64 {
        let hi = try u32(what); let lo = try u32(what)
        return UInt64(hi) << 32 | UInt64(lo)
    }
    public mutating func i16(_ what: StaticString = "i16") throws(WireDecodeError) -> Int16 {
        Int16(bitPattern: try u16(what))
    }
    public mutating func skip(_ n: Int, _ what: StaticString = "bytes") throws(WireDecodeError) {
        try need(n, what); offset += n
    }
    public mutating func take(_ n: Int, _ what: StaticString = "bytes") throws(WireDecodeError) -> ArraySlice<UInt8> {
        try need(n, what); defer { offset += n }; return bytes[offset..<(offset + n)]
    }
}
