// REPORT messages (node -> launcher), decoded as the launcher's `ingest` does: the unit, its
// JSON body by message type, and the capture records of a capture batch.
import Interfaces
import Report

func fuzzOne(_ bytes: [UInt8]) {
    for unit in decodeUnits(bytes).units where unit.header.interface == .report {
        guard let message = try? ReportMessage.decode(messageType: unit.header.messageType, body: unit.payload) else { continue }
        if case .capture(let body) = message { _ = try? CaptureBatch.decode(body) }
    }
}
