/// Appends big-endian (network order) fields to a growable byte array.
///
/// Safe Swift only: encoders in this module never touch raw pointers.
public struct ByteWriter: Sendable {
    /// The bytes written so far. Stored under its own name so that the per-field writers can
    /// be inlined into the encoders of other modules (every unit on every hop goes through them).
    @usableFromInline var storage: [UInt8]
    public var bytes: [UInt8] { storage }

    public init(capacity: Int = 256) {
        storage = []
        storage.reserveCapacity(capacity)
    }

    /// Reuses an existing buffer's capacity (cleared first).
    public init(reusing buffer: [UInt8]) {
        storage = buffer
        storage.removeAll(keepingCapacity: true)
    }

    @inlinable public var count: Int { storage.count }

    @inlinable @inline(__always) public mutating func u8(_ v: UInt8) { storage.append(v) }
    @inlinable @inline(__always) public mutating func u16(_ v: UInt16) { storage.append(UInt8(v >> 8)); storage.append(UInt8(truncatingIfNeeded: v)) }
    @inlinable public mutating func u24(_ v: UInt32) {
        storage.append(UInt8(truncatingIfNeeded: v >> 16)); storage.append(UInt8(truncatingIfNeeded: v >> 8))
        storage.append(UInt8(truncatingIfNeeded: v))
    }
    @inlinable @inline(__always) public mutating func u32(_ v: UInt32) {
        storage.append(UInt8(v >> 24)); storage.append(UInt8(truncatingIfNeeded: v >> 16))
        storage.append(UInt8(truncatingIfNeeded: v >> 8)); storage.append(UInt8(truncatingIfNeeded: v))
    }
    @inlinable public mutating func u64(_ v: UInt64) { u32(UInt32(v >> 32)); u32(UInt32(truncatingIfNeeded: v)) }
    @inlinable public mutating func i16(_ v: Int16) { u16(UInt16(bitPattern: v)) }
    @inlinable public mutating func append<S: Sequence>(contentsOf s: S) where S.Element == UInt8 { storage.append(contentsOf: s) }
    public mutating func zeros(_ n: Int) { storage.append(contentsOf: repeatElement(0, count: n)) }

    /// Inverts every bit of a byte written earlier (an impaired link corrupting a payload).
    public mutating func invert(at offset: Int) { storage[offset] = ~storage[offset] }

    /// Overwrites a 16-bit field written earlier (lengths known only at the end).
    public mutating func patchU16(at offset: Int, _ v: UInt16) {
        storage[offset] = UInt8(v >> 8); storage[offset + 1] = UInt8(truncatingIfNeeded: v)
    }
    public mutating func patchU32(at offset: Int, _ v: UInt32) {
        storage[offset] = UInt8(v >> 24); storage[offset + 1] = UInt8(truncatingIfNeeded: v >> 16)
        storage[offset + 2] = UInt8(truncatingIfNeeded: v >> 8); storage[offset + 3] = UInt8(truncatingIfNeeded: v)
    }
}

/// Reads big-endian fields from a byte array; every read is bounds-checked and throws
/// `WireDecodeError.truncated` instead of trapping, so bad bytes from a peer never crash a node.
public struct ByteReader {
    /// The bytes read; offsets are indices into them (a slice keeps its parent's indices).
    public let bytes: ArraySlice<UInt8>
    /// The read position, stored under its own name so the field readers can be inlined into
    /// the decoders of other modules.
    @usableFromInline var position: Int
    public var offset: Int { position }
    public let end: Int

    public init(_ bytes: [UInt8], offset: Int = 0, end: Int? = nil) {
        self.init(bytes[...], offset: offset, end: end)
    }

    /// Reads a slice in place (a received unit's payload), without copying it.
    public init(_ bytes: ArraySlice<UInt8>, offset: Int? = nil, end: Int? = nil) {
        self.bytes = bytes
        position = max(offset ?? bytes.startIndex, bytes.startIndex)
        self.end = min(end ?? bytes.endIndex, bytes.endIndex)
    }

    @inlinable public var remaining: Int { end - position }

    @usableFromInline @inline(__always) func need(_ n: Int, _ what: StaticString) throws(WireDecodeError) {
        if n < 0 || position + n > end { throw .truncated(field: "\(what)", needed: n, available: max(0, end - position)) }
    }
    @inlinable @inline(__always) public mutating func u8(_ what: StaticString = "u8") throws(WireDecodeError) -> UInt8 {
        try need(1, what); defer { position += 1 }; return bytes[position]
    }
    @inlinable @inline(__always) public mutating func u16(_ what: StaticString = "u16") throws(WireDecodeError) -> UInt16 {
        try need(2, what); defer { position += 2 }
        return UInt16(bytes[position]) << 8 | UInt16(bytes[position + 1])
    }
    @inlinable public mutating func u24(_ what: StaticString = "u24") throws(WireDecodeError) -> UInt32 {
        try need(3, what); defer { position += 3 }
        return UInt32(bytes[position]) << 16 | UInt32(bytes[position + 1]) << 8 | UInt32(bytes[position + 2])
    }
    @inlinable @inline(__always) public mutating func u32(_ what: StaticString = "u32") throws(WireDecodeError) -> UInt32 {
        try need(4, what); defer { position += 4 }
        return UInt32(bytes[position]) << 24 | UInt32(bytes[position + 1]) << 16
            | UInt32(bytes[position + 2]) << 8 | UInt32(bytes[position + 3])
    }
    @inlinable public mutating func u64(_ what: StaticString = "u64") throws(WireDecodeError) -> UInt64 {
        let hi = try u32(what); let lo = try u32(what)
        return UInt64(hi) << 32 | UInt64(lo)
    }
    @inlinable public mutating func i16(_ what: StaticString = "i16") throws(WireDecodeError) -> Int16 {
        Int16(bitPattern: try u16(what))
    }
    @inlinable public mutating func skip(_ n: Int, _ what: StaticString = "bytes") throws(WireDecodeError) {
        try need(n, what); position += n
    }
    @inlinable public mutating func take(_ n: Int, _ what: StaticString = "bytes") throws(WireDecodeError) -> ArraySlice<UInt8> {
        try need(n, what); defer { position += n }; return bytes[position..<(position + n)]
    }
}
