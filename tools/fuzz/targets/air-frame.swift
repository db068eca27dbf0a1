// Air frames (RU <-> channel <-> UE): transport blocks, grants, uplink control, measurements, RRC.
import Interfaces

func fuzzOne(_ bytes: [UInt8]) {
    var r = ByteReader(bytes)
    guard let frame = try? AirFrame.decode(from: &r) else { return }
    for container in frame.rrc { _ = try? RRCMessage.decode(container.body) }
}
