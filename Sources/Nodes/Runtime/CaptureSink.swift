import Interfaces

/// Frames what a node sends for capture.pcap and batches the records for the launcher.
/// Bounded: after `maxRecords` it only counts.
final class CaptureSink {
    private(set) var batch = ByteWriter(capacity: 16_384)
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
        let rec = CaptureFraming.frame(header: header, payload: bytes[r.offset..<end], unitBytes: bytes[offset..<end])
        CaptureBatch.append(rec, timestampNs: epochNs + timestampNs, to: &batch)
        recorded += 1
    }

    func takeBatch() -> [UInt8]? {
        guard batch.count > 0 else { return nil }
        defer { batch = ByteWriter(capacity: 16_384) }
        return batch.bytes
    }
}
