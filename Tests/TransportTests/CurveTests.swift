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

    /// With an authenticator, knowing the server's public key is not enough: only the keys of
    /// configured peers get through; a plain (non-CURVE) client gets nothing either.
    func testOnlyConfiguredPeersAreLetIn() throws {
        try XCTSkipUnless(MessagingContext.hasCurve(), "libzmq built without CURVE")
        let context = try MessagingContext()
        let server = try MessageSocket.curveKeyPair(), peer = try MessageSocket.curveKeyPair()
        let stranger = try MessageSocket.curveKeyPair()
        let authenticator = try CurveAuthenticator(context: context, allowedPublicKeys: [peer.publicKey])
        defer { authenticator.stop() }
        let pull = try MessageSocket(context: context, kind: .pull)
        try pull.makeCurveServer(secretKey: server.secretKey)
        let endpoint = temporaryIpcEndpoint("auth")
        try pull.bind(endpoint)
        func client(_ keys: (publicKey: String, secretKey: String)?, says text: String) throws -> MessageSocket {
            let push = try MessageSocket(context: context, kind: .push)
            try push.setLingerMs(0)
            if let keys { try push.makeCurveClient(serverPublicKey: server.publicKey, publicKey: keys.publicKey, secretKey: keys.secretKey) }
            try push.connect(endpoint)
            try push.send(Array(text.utf8))
            return push
        }
        let strangerSocket = try client(stranger, says: "forged end of window")
        let plainSocket = try client(nil, says: "plain")
        XCTAssertTrue(authenticator.waitForRefusals(1, timeoutMs: 30_000), "the stranger's handshake was refused")
        let peerSocket = try client(peer, says: "slot 7")
        var buffer: [UInt8] = []
        XCTAssertTrue(try pull.receive(into: &buffer, timeoutMs: 5_000))
        XCTAssertEqual(String(decoding: buffer, as: UTF8.self), "slot 7", "the first message through is the peer's")
        XCTAssertFalse(try pull.receive(into: &buffer, timeoutMs: 0))
        for s in [strangerSocket, plainSocket, peerSocket] { s.close() }
        pull.close()
    }

    /// A named peer's frames carry its name as the ZAP user id: a receiver knows who sent each
    /// message whatever the message says (frames from an authenticator without names carry none).
    func testFramesCarryTheAuthenticatedPeersName() throws {
        try XCTSkipUnless(MessagingContext.hasCurve(), "libzmq built without CURVE")
        let context = try MessagingContext()
        let server = try MessageSocket.curveKeyPair(), du = try MessageSocket.curveKeyPair()
        let authenticator = try CurveAuthenticator(context: context, peers: ["du1": du.publicKey])
        defer { authenticator.stop() }
        let pull = try MessageSocket(context: context, kind: .pull)
        try pull.makeCurveServer(secretKey: server.secretKey)
        let endpoint = temporaryIpcEndpoint("user-id")
        try pull.bind(endpoint)
        let push = try MessageSocket(context: context, kind: .push)
        try push.setLingerMs(0)
        try push.makeCurveClient(serverPublicKey: server.publicKey, publicKey: du.publicKey, secretKey: du.secretKey)
        try push.connect(endpoint)
        try push.send(Array("from du1".utf8))
        var buffer: [UInt8] = []
        XCTAssertTrue(try pull.receive(into: &buffer, timeoutMs: 5_000))
        XCTAssertEqual(pull.lastUserId, "du1")
        push.close()
        pull.close()
    }
}
