// E2 (nodes <-> orchestrator): setup, KPM indications, RC control requests and acks.
import Interfaces

private func decode<M: ControlMessage>(_ type: M.Type) -> (UInt8, (ArraySlice<UInt8>) -> Void) {
    (M.messageType, { _ = try? ControlCodec.decode(M.self, from: $0) })
}

private let decoders = [
    decode(E2SetupRequest.self), decode(E2SetupResponse.self), decode(E2SetupFailure.self),
    decode(KPMIndication.self), decode(RCControlRequest.self), decode(RCControlAck.self),
]

func fuzzOne(_ bytes: [UInt8]) {
    for unit in decodeUnits(bytes).units where unit.header.interface == .e2 {
        for (type, body) in decoders where type == unit.header.messageType {
            body(unit.payload)
        }
    }
}
