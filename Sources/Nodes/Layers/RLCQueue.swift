import Interfaces

/// An RLC transmit buffer (unacknowledged-mode-like): SDUs wait here and leave as segments
/// that fill transport blocks. Bounded in bytes; SDUs that do not fit are dropped and counted.
public struct RLCQueue: Sendable {
    /// RLC + MAC subheader bytes each segment costs in a transport block.
    public static let segmentOverheadBytes = 4

    struct SDU: Sendable {
        var sequence: UInt32
        var sizeBytes: UInt32
        var sentBytes: UInt32
        var createdNs: UInt64
        var wallCreatedNs: UInt64
    }

    private var sdus: [SDU] = []
    private var head = 0
    public let maxBytes: Int
    public private(set) var pendingBytes = 0
    public private(set) var droppedSDUs: UInt64 = 0
    public private(set) var droppedBytes: UInt64 = 0

    public init(maxBytes: Int) { self.maxBytes = maxBytes }

    public var isEmpty: Bool { head == sdus.count }

    /// SDUs waiting (whole or in part).
    public var pendingSDUs: Int { sdus.count - head }

    /// Creation time of the oldest waiting SDU (its head-of-line delay drives deadline scheduling).
    public var headOfLineCreatedNs: UInt64? { isEmpty ? nil : sdus[head].createdNs }

    /// Bytes a grant needs to empty the queue, overheads included.
    public var bytesToDrain: Int { pendingBytes + (sdus.count - head) * Self.segmentOverheadBytes }

    @discardableResult
    public mutating func enqueue(sequence: UInt32, sizeBytes: Int, createdNs: UInt64, wallCreatedNs: UInt64 = 0) -> Bool {
        guard pendingBytes + sizeBytes <= maxBytes else {
            droppedSDUs += 1; droppedBytes += UInt64(sizeBytes)
            return false
        }
        sdus.append(SDU(sequence: sequence, sizeBytes: UInt32(sizeBytes), sentBytes: 0, createdNs: createdNs,
                        wallCreatedNs: wallCreatedNs))
        pendingBytes += sizeBytes
        return true
    }

    /// RLC re-established (radio link failure): every waiting SDU is lost, and counted.
    public mutating func discardAll() {
        droppedSDUs += UInt64(sdus.count - head)
        droppedBytes += UInt64(pendingBytes)
        sdus.removeAll()
        head = 0
        pendingBytes = 0
    }

    /// Takes segments filling at most `capacityBytes` of a transport block.
    public mutating func dequeue(capacityBytes: Int) -> [RLCSegment] {
        var segments: [RLCSegment] = []
        var room = capacityBytes
        while head < sdus.count, room > Self.segmentOverheadBytes {
            let left = Int(sdus[head].sizeBytes - sdus[head].sentBytes)
            let take = min(left, room - Self.segmentOverheadBytes)
            let s = sdus[head]
            segments.append(RLCSegment(sequence: s.sequence, sduBytes: s.sizeBytes, offset: s.sentBytes,
                                       length: UInt32(take), createdNs: s.createdNs, wallCreatedNs: s.wallCreatedNs))
            sdus[head].sentBytes += UInt32(take)
            pendingBytes -= take
            room -= take + Self.segmentOverheadBytes
            if take == left { head += 1 }
        }
        if head > 1024, head * 2 > sdus.count {
            sdus.removeFirst(head); head = 0
        }
        return segments
    }
}

/// Reassembles SDUs from segments at the receiving RLC.
public struct RLCReassembly: Sendable {
    private var partial: [UInt32: UInt32] = [:]
    /// SDUs given up on because their other segments never came (a block lost after its last
    /// HARQ retransmission): the oldest go when more than `maxPartialSDUs` are incomplete.
    public private(set) var discardedSDUs: UInt64 = 0
    /// Incomplete SDUs kept at most, like the reassembly window of RLC UM (TS 38.322 7.3).
    public static let maxPartialSDUs = 1_024

    public init() {}

    /// Adds a segment; returns true when it completes its SDU.
    public mutating func receive(_ s: RLCSegment) -> Bool {
        if s.offset == 0, s.length >= s.sduBytes { return true }
        let got = partial[s.sequence, default: 0] + s.length
        if got >= s.sduBytes {
            partial[s.sequence] = nil
            return true
        }
        partial[s.sequence] = got
        if partial.count > Self.maxPartialSDUs {
            // Keep the newest half: the oldest SDUs will not complete any more.
            let keep = Set(partial.keys.sorted().suffix(Self.maxPartialSDUs / 2))
            discardedSDUs += UInt64(partial.count - keep.count)
            partial = partial.filter { keep.contains($0.key) }
        }
        return false
    }

    public var incompleteSDUs: Int { partial.count }

    /// RLC re-established (radio link failure): incomplete SDUs are given up.
    public mutating func reestablish() {
        discardedSDUs += UInt64(partial.count)
        partial.removeAll()
    }
}
