import Interfaces

/// Keeps what a node sends for capture.pcap, bounded: after `maxRecords` it only counts.
///
/// Recording happens in the slot, for every unit sent, so it only copies the unit as it is
/// (with its timestamp); framing it as a packet of its interface (Ethernet/eCPRI, UDP/GTP-U...)
/// is left to whoever takes the records: the report thread of a real-time node, the launcher's
/// thread in one process. Framed inline, a dense run's capture made its first slots late.
final class CaptureSink {
    /// Unframed records: [timestamp ns u64][unit length u32][the unit], one after the other.
    private(set) var raw = ByteWriter(capacity: 16_384)
    private(set) var recorded = 0
    private(set) var skipped = 0
    let maxRecords: Int
    let epochNs: UInt64

    init(maxRecords: Int, epochNs: UInt64) { self.maxRecords = maxRecords; self.epochNs = epochNs }

    /// Records the unit that starts at `offset` in a batch being built (the batch is not copied).
    func record(unitIn bytes: [UInt8], at offset: Int, timestampNs: UInt64) {
        var r = ByteReader(bytes, offset: offset)
        guard let header = try? WireHeader.decode(from: &r), header.interface != .sync else { return }
        guard recorded < maxRecords else { skipped += 1; return }
        let end = r.offset + Int(header.payloadLength)
        raw.u64(epochNs + timestampNs)
        raw.u32(UInt32(end - offset))
        raw.append(contentsOf: bytes[offset..<end])
        recorded += 1
    }

    /// The records kept since the last call, unframed (nil when none): hand them to ``framed(_:)``.
    func takeRaw() -> [UInt8]? {
        guard raw.count > 0 else { return nil }
        defer { raw = ByteWriter(capacity: 16_384) }
        return raw.bytes
    }

    /// Unframed records as a capture batch (`CaptureBatch`): each unit framed as a packet of its
    /// interface.
    static func framed(_ raw: [UInt8]) -> [UInt8] {
        var batch = ByteWriter(capacity: raw.count + raw.count / 4)
        for (ts, record) in records(raw[...]) { CaptureBatch.append(record, timestampNs: ts, to: &batch) }
        return batch.bytes
    }

    /// Unframed records, each unit framed as a packet of its interface. Records that do not
    /// parse (they cannot: ``record(unitIn:at:timestampNs:)`` wrote them) end the list.
    static func records(_ raw: ArraySlice<UInt8>) -> [(timestampNs: UInt64, record: CaptureFraming.Record)] {
        var r = ByteReader(raw)
        var out: [(timestampNs: UInt64, record: CaptureFraming.Record)] = []
        while r.remaining > 0 {
            guard let ts = try? r.u64("capture.ts"), let length = try? r.u32("capture.unit"),
                  let unit = try? r.take(Int(length), "capture.unit") else { break }
            var u = ByteReader(raw, offset: unit.startIndex, end: unit.endIndex)
            guard let header = try? WireHeader.decode(from: &u) else { break }
            let end = u.offset + Int(header.payloadLength)
            guard end <= unit.endIndex else { break }
            out.append((ts, CaptureFraming.frame(header: header, payload: raw[u.offset..<end], unitBytes: unit)))
        }
        return out
    }
}
