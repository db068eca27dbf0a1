import Foundation
import Interfaces
import Report

/// Encodes the messages a node sends to its launcher (REPORT interface): the same bytes
/// whether they travel over a socket or are handed over in one process.
enum ReportEncoding {
    /// One report unit with a JSON body.
    static func unit<T: Encodable>(_ type: UInt8, _ value: T, source: UInt16, slot: UInt64) -> [UInt8]? {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        guard let body = try? encoder.encode(value) else { return nil }
        return unit(type, body: Array(body), source: source, slot: slot)
    }

    /// One report unit with a raw body (capture batches).
    static func unit(_ type: UInt8, body: [UInt8], source: UInt16, slot: UInt64) -> [UInt8] {
        var w = ByteWriter(capacity: WireHeader.size + body.count)
        appendUnit(to: &w, interface: .report, messageType: type, source: source, destination: 0xFFFF,
                   slot: slot, sequence: 0) { $0.append(contentsOf: body) }
        return w.bytes
    }
}
