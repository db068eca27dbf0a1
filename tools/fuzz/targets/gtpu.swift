// GTP-U (NG-U, F1-U with the PDCP PDU number extension) and the inner IPv4/UDP headers.
import Interfaces

func fuzzOne(_ bytes: [UInt8]) {
    var r = ByteReader(bytes)
    _ = try? GTPUPacket.decode(from: &r)
    var inner = ByteReader(bytes)
    _ = try? UserPacket.decodeHeaders(from: &inner)
}
