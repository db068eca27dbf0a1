import Transport
import XCTest

final class CurveTests: XCTestCase {
    private func deliver(serverPublicKeyForClient: (String) throws -> String) throws -> Bool {
        let context = try MessagingContext()
        let server = try MessageSocket.curveKeyPair()
        let client = try MessageSocket.curveKeyPair()
        XCTAssertEqual(server.publicKey.utf8.count, 40)

        let pull = try MessageSocket(context: context, kind: .pull)
        try pull.makeCurveServer(secretKey: server.secretKey)
        try pull.bind("tcp://127.0.0.1:0")
        let push = try MessageSocket(context: context, kind: .push)
        try push.setLingerMs(0)
        try push.makeCurveClient(serverPublicKey: try serverPublicKeyForClient(server.publicKey),
                                 publicKey: client.publicKey, secretKey: client.secretKey)
        try push.connect(pull.lastEndpoint)
        try push.send(Array("secret slot report".utf8))
        var buffer: [UInt8] = []
        let arrived = try pull.receive(into: &buffer, timeoutMs: 1_500)
        if arrived { XCTAssertEqual(String(decoding: buffer, as: UTF8.self), "secret slot report") }
        return arrived
    }

    func testClientWithServerKeyTalks() throws {
        try XCTSkipUnless(MessagingContext.hasCurve(), "libzmq built without CURVE")
        XCTAssertTrue(try deliver { $0 })
    }

    func testClientWithWrongServerKeyIsNotHeard() throws {
        try XCTSkipUnless(MessagingContext.hasCurve(), "libzmq built without CURVE")
        XCTAssertFalse(try deliver { _ in try MessageSocket.curveKeyPair().publicKey })
    }

    func testMalformedKeyIsRejected() throws {
        let context = try MessagingContext()
        let socket = try MessageSocket(context: context, kind: .pull)
        XCTAssertThrowsError(try socket.makeCurveServer(secretKey: "short"))
    }
}
