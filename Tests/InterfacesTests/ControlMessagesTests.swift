import XCTest
@testable import Interfaces

final class ControlMessagesTests: XCTestCase {
    private let failure = SetupFailure(procedure: "F1 Setup", initiator: "du1", initiatorVendor: "acme", responder: "cu1",
                                       responderVendor: "globex", field: "f1Versions", detail: "du1 offers [2], cu1 supports [1]")
    private let rrc = RRCMessage(kind: .reconfiguration, ueId: 4, ueIPv4: 0x0A2D_0006)

    private func roundTrip<M: ControlMessage>(_ m: M, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(try ControlCodec.decode(M.self, from: ControlCodec.encode(m)[...]), m, "\(M.self)", file: file, line: line)
    }

    func testRoundTripEveryMessage() {
        roundTrip(NGSetupRequest(ranNode: "cu1", vendor: "acme", versions: [1, 2]))
        roundTrip(NGSetupResponse(amfNode: "core", vendor: "globex", version: 2))
        roundTrip(NGSetupFailure(failure: failure))
        roundTrip(InitialUEMessage(ranUeId: 3, supi: "imsi-001010000000003", cell: "c1"))
        roundTrip(PDUSessionResourceSetupRequest(ranUeId: 3, amfUeId: 3, ueIPv4: 0x0A2D_0005, uplinkTEID: 0x1000_0003))
        roundTrip(PDUSessionResourceSetupResponse(ranUeId: 3, amfUeId: 3, downlinkTEID: 0x2000_0003))
        roundTrip(F1SetupRequest(duNode: "du1", vendor: "acme", versions: [1], servedCells: [ServedCell(name: "c1", prbs: 273, numerology: 1)],
                                 maxUEs: 64))
        roundTrip(F1SetupResponse(cuNode: "cu1", vendor: "globex", version: 1, activatedCells: ["c1"]))
        roundTrip(F1SetupFailure(failure: failure))
        roundTrip(InitialULRRCMessageTransfer(duUeId: 4, cell: "c1", rrc: RRCMessage(kind: .setupRequest, ueId: 4, supi: "imsi-001010000000004")))
        roundTrip(UEContextSetupRequest(duUeId: 4, cuUeId: 4, uplinkTEID: 0x3000_0004, rrc: rrc))
        roundTrip(UEContextSetupResponse(duUeId: 4, cuUeId: 4, downlinkTEID: 0x4000_0004))
        roundTrip(FronthaulSetupRequest(duNode: "du1", vendor: "acme", versions: [1], cell: "c1", prbs: 106, numerology: 0,
                                        compression: "none"))
        roundTrip(FronthaulSetupResponse(ruNode: "ru1", vendor: "initech", version: 1))
        roundTrip(FronthaulSetupFailure(failure: failure))
        roundTrip(AirSetupRequest(node: "ru1", role: "ru"))
        roundTrip(AirSetupResponse(channelNode: "channel"))
    }

    func testRRCMessageRoundTrip() throws {
        for m in [RRCMessage(kind: .setupRequest, ueId: 1, supi: "imsi-001010000000001"), rrc, RRCMessage(kind: .release, ueId: 0)] {
            XCTAssertEqual(try RRCMessage.decode(m.encoded()), m)
        }
        XCTAssertEqual(String(decoding: RRCMessage(kind: .release, ueId: 2).encoded(), as: UTF8.self), #"{"kind":"release","ueId":2}"#,
                       "absent optionals are omitted")
    }

    /// (interface, message type) pairs are on the wire: each is unique and setup uses 1, 2, 3.
    func testRRCReconfigurationCarriesTheNewCell() throws {
        let moved = RRCMessage(kind: .reconfiguration, ueId: 7, cell: 3)
        XCTAssertEqual(try RRCMessage.decode(moved.encoded()), moved)
        XCTAssertEqual(String(decoding: moved.encoded(), as: UTF8.self), #"{"cell":3,"kind":"reconfiguration","ueId":7}"#)
        XCTAssertNil(try RRCMessage.decode(rrc.encoded()).cell, "absent unless the UE moves")
    }

    func testMessageTypeTable() {
        let table: [(any ControlMessage.Type, InterfaceID, UInt8)] = [
            (NGSetupRequest.self, .ngControl, 1), (NGSetupResponse.self, .ngControl, 2), (NGSetupFailure.self, .ngControl, 3),
            (InitialUEMessage.self, .ngControl, 4), (PDUSessionResourceSetupRequest.self, .ngControl, 5),
            (PDUSessionResourceSetupResponse.self, .ngControl, 6),
            (F1SetupRequest.self, .f1Control, 1), (F1SetupResponse.self, .f1Control, 2), (F1SetupFailure.self, .f1Control, 3),
            (InitialULRRCMessageTransfer.self, .f1Control, 4), (UEContextSetupRequest.self, .f1Control, 5),
            (UEContextSetupResponse.self, .f1Control, 6),
            (FronthaulSetupRequest.self, .fronthaulManagement, 1), (FronthaulSetupResponse.self, .fronthaulManagement, 2),
            (FronthaulSetupFailure.self, .fronthaulManagement, 3),
            (AirSetupRequest.self, .air, 1), (AirSetupResponse.self, .air, 2),
        ]
        var seen = Set<[UInt8]>()
        for (type, interface, messageType) in table {
            XCTAssertEqual(type.interface, interface, "\(type)")
            XCTAssertEqual(type.messageType, messageType, "\(type)")
            XCTAssertTrue(seen.insert([interface.rawValue, messageType]).inserted, "\(type)")
        }
        XCTAssertFalse(seen.contains([InterfaceID.air.rawValue, AirMessageType.downlinkFrame]))
        XCTAssertFalse(seen.contains([InterfaceID.air.rawValue, AirMessageType.uplinkFrame]))
    }

    /// Keys sorted, compact, numbers as JSON numbers: what another language must produce and accept.
    func testJSONShape() {
        let body = ControlCodec.encode(NGSetupRequest(ranNode: "cu1", vendor: "acme", versions: [1, 2]))
        XCTAssertEqual(String(decoding: body, as: UTF8.self), #"{"ranNode":"cu1","vendor":"acme","versions":[1,2]}"#)
        let rrcBody = RRCMessage(kind: .setupRequest, ueId: 3, supi: "imsi-1").encoded()
        XCTAssertEqual(String(decoding: rrcBody, as: UTF8.self), #"{"kind":"setupRequest","supi":"imsi-1","ueId":3}"#)
    }

    func testDecodingIgnoresUnknownKeys() throws {
        let body = Array(#"{"amfNode":"core","vendor":"v","version":1,"extra":{"a":[1]}}"#.utf8)
        XCTAssertEqual(try ControlCodec.decode(NGSetupResponse.self, from: body[...]),
                       NGSetupResponse(amfNode: "core", vendor: "v", version: 1))
    }

    func testMalformedBodiesThrowTyped() {
        let bodies = ["", "{", "[]", "null", #"{"amfNode":"core"}"#, #"{"amfNode":1,"vendor":"v","version":1}"#,
                      #"{"amfNode":"core","vendor":"v","version":"1"}"#]
        for text in bodies {
            XCTAssertThrowsError(try ControlCodec.decode(NGSetupResponse.self, from: Array(text.utf8)[...]), text) {
                guard case .badControlBody? = $0 as? WireDecodeError else { return XCTFail("\($0)") }
            }
        }
        XCTAssertThrowsError(try RRCMessage.decode(Array(#"{"kind":"handover","ueId":1}"#.utf8)))
        // A UInt32 field out of range is refused, not wrapped.
        XCTAssertThrowsError(try ControlCodec.decode(UEContextSetupResponse.self,
                                                     from: Array(#"{"cuUeId":1,"downlinkTEID":4294967296,"duUeId":1}"#.utf8)[...]))
    }

    func testControlBodyTruncationAtEveryPrefix() {
        let body = ControlCodec.encode(F1SetupRequest(duNode: "du1", vendor: "acme", versions: [1], servedCells: [ServedCell(name: "c1", prbs: 273, numerology: 1)], maxUEs: 64))
        for n in 0..<body.count {
            XCTAssertThrowsError(try ControlCodec.decode(F1SetupRequest.self, from: body[0..<n]), "prefix \(n)")
        }
    }

    func testSetupFailureNamesBothEndsAndTheField() {
        XCTAssertEqual(failure.description,
                       "F1 Setup failed between du1 (vendor acme) and cu1 (vendor globex): f1Versions: du1 offers [2], cu1 supports [1]")
    }

    func testFuzzNeverTraps() {
        let seed: UInt64 = 0xC0DE
        var rng = SeededBytes(seed: seed)
        let good = ControlCodec.encode(UEContextSetupRequest(duUeId: 4, cuUeId: 4, uplinkTEID: 9, rrc: rrc))
        for i in 0..<10_000 {
            var b = good
            if i.isMultiple(of: 2) {
                b[Int.random(in: 0..<b.count, using: &rng)] = UInt8.random(in: 0...255, using: &rng)
            } else {
                b = rng.bytes(Int.random(in: 0...64, using: &rng))
            }
            do { _ = try ControlCodec.decode(UEContextSetupRequest.self, from: b[...]) } catch {
                XCTAssertFalse(error.description.isEmpty, "seed \(seed) iteration \(i)")
            }
        }
    }
}
