/// The index of a UE inside one ``CellScheduler``: a dense slot in its structure-of-arrays
/// state, reused after ``CellScheduler/removeUE(_:)``.
public struct UEIndex: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The array position, 0..<maxUEs.
    public let rawValue: Int32

    /// Creates an index from an array position.
    public init(_ value: Int) { rawValue = Int32(truncatingIfNeeded: value) }

    /// The index as an `Int`, for subscripting.
    @inlinable public var value: Int { Int(rawValue) }

    public static func < (lhs: UEIndex, rhs: UEIndex) -> Bool { lhs.rawValue < rhs.rawValue }

    public var description: String { "ue\(rawValue)" }
}

/// A cell radio network temporary identifier (TS 38.321 clause 7.1), 1...0xFFEF for C-RNTIs.
public typealias RNTI = UInt16

/// A network slice identifier (the slice/service type plus differentiator reduced to one
/// number for the emulator).
public struct SliceID: Hashable, Comparable, Sendable, ExpressibleByIntegerLiteral, CustomStringConvertible {
    /// The identifier.
    public let rawValue: Int

    /// Creates a slice identifier.
    public init(_ value: Int) { rawValue = value }

    public init(integerLiteral value: Int) { rawValue = value }

    public static func < (lhs: SliceID, rhs: SliceID) -> Bool { lhs.rawValue < rhs.rawValue }

    public var description: String { "slice\(rawValue)" }
}

/// The direction of a grant.
public enum LinkDirection: Int, Sendable, Hashable, CaseIterable {
    /// PDSCH.
    case downlink = 0
    /// PUSCH.
    case uplink = 1
}
