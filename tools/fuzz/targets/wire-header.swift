// The common wire header: a transport message split into header + payload units.
import Interfaces

func fuzzOne(_ bytes: [UInt8]) {
    var r = ByteReader(bytes)
    _ = try? WireHeader.decode(from: &r)
    _ = decodeUnits(bytes)
}
