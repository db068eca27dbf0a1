// Control messages (NG-C, F1-C, FH-M, air setup): wire units whose JSON body is decoded by the
// (interface, message type) of their header, as the nodes do.
import Interfaces

private func decode<M: ControlMessage>(_ type: M.Type) -> (InterfaceID, UInt8, (ArraySlice<UInt8>) -> Void) {
    (M.interface, M.messageType, { _ = try? ControlCodec.decode(M.self, from: $0) })
}

private let decoders = [
    decode(NGSetupRequest.self), decode(NGSetupResponse.self), decode(NGSetupFailure.self), decode(InitialUEMessage.self),
    decode(PDUSessionResourceSetupRequest.self), decode(PDUSessionResourceSetupResponse.self),
    decode(F1SetupRequest.self), decode(F1SetupResponse.self), decode(F1SetupFailure.self),
    decode(InitialULRRCMessageTransfer.self), decode(UEContextSetupRequest.self), decode(UEContextSetupResponse.self),
    decode(UEContextModificationRequest.self), decode(UEContextModificationRequired.self),
    decode(FronthaulSetupRequest.self), decode(FronthaulSetupResponse.self), decode(FronthaulSetupFailure.self),
    decode(AirSetupRequest.self), decode(AirSetupResponse.self), decode(CaptureNodeTable.self),
]

func fuzzOne(_ bytes: [UInt8]) {
    for unit in decodeUnits(bytes).units {
        for (interface, type, body) in decoders where interface == unit.header.interface && type == unit.header.messageType {
            body(unit.payload)
        }
    }
}
