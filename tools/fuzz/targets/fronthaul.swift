// eCPRI with O-RAN fronthaul headers: C-plane (section type 1) and U-plane (air frame inside).
import Interfaces

func fuzzOne(_ bytes: [UInt8]) {
    var c = ByteReader(bytes)
    _ = try? ControlPlaneMessage.decode(from: &c)
    var u = ByteReader(bytes)
    _ = try? UserPlaneMessage.decode(from: &u, carrierPRBs: 273)
}
