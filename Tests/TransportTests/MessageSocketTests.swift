import Foundation
import Transport
import XCTest

final class MessageSocketTests: XCTestCase {
    private func roundTrip(bind endpoint: String, context: MessagingContext) throws {
        let pull = try MessageSocket(context: context, kind: .pull)
        try pull.bind(endpoint)
        let bound = pull.lastEndpoint
        XCTAssertFalse(bound.isEmpty)
        if endpoint.hasPrefix("tcp://") {
            XCTAssertFalse(bound.hasSuffix(":0"), "port 0 must resolve to the chosen port: \(bound)")
        }
        let push = try MessageSocket(context: context, kind: .push)
        try push.connect(bound)

        let messages = [patternBytes(1), patternBytes(64, seed: 1), patternBytes(1_500, seed: 2), []]
        for message in messages { try push.send(message) }
        var buffer: [UInt8] = []
        for message in messages {
            XCTAssertTrue(try pull.receive(into: &buffer, timeoutMs: 5_000), "no message over \(bound)")
            XCTAssertEqual(buffer, message)
            XCTAssertFalse(pull.hasMore)
        }
        push.close()
        pull.close()
    }

    func testPushPullRoundTripOverInproc() throws {
        let context = try MessagingContext()
        try roundTrip(bind: "inproc://round-trip", context: context)
    }

    func testPushPullRoundTripOverIpc() throws {
        let context = try MessagingContext()
        try roundTrip(bind: temporaryIpcEndpoint("round-trip"), context: context)
    }

    func testPushPullRoundTripOverTcpPortZero() throws {
        let context = try MessagingContext()
        try roundTrip(bind: "tcp://127.0.0.1:0", context: context)
    }

    func testMultipartFramesReportHasMore() throws {
        let context = try MessagingContext()
        let pull = try MessageSocket(context: context, kind: .pull)
        try pull.bind("inproc://multipart")
        let push = try MessageSocket(context: context, kind: .push)
        try push.connect("inproc://multipart")
        try push.send([1], more: true)
        try push.send([2, 3][...])
        var buffer: [UInt8] = []
        XCTAssertTrue(try pull.receive(into: &buffer, timeoutMs: 2_000))
        XCTAssertEqual(buffer, [1])
        XCTAssertTrue(pull.hasMore)
        XCTAssertTrue(try pull.receive(into: &buffer, timeoutMs: 2_000))
        XCTAssertEqual(buffer, [2, 3])
        XCTAssertFalse(pull.hasMore)
    }

    func testReceiveTimeoutReturnsFalseAndKeepsBuffer() throws {
        let context = try MessagingContext()
        let pull = try MessageSocket(context: context, kind: .pull)
        try pull.bind("inproc://silent")
        var buffer: [UInt8] = [9, 9]
        XCTAssertFalse(try pull.receive(into: &buffer, timeoutMs: 50))
        XCTAssertFalse(try pull.receive(into: &buffer, timeoutMs: 0))
        XCTAssertEqual(buffer, [9, 9])
    }

    func testSendTimesOutWithTypedErrorWhenPeerIsAbsent() throws {
        let context = try MessagingContext()
        // A push socket with no peer has nowhere to queue: the send must time out, not hang.
        let push = try MessageSocket(context: context, kind: .push)
        try push.setSendTimeoutMs(50)
        XCTAssertThrowsError(try push.send([1, 2, 3])) { error in
            XCTAssertEqual((error as? TransportError)?.kind, .timeout)
        }
    }

    func testBadEndpointThrowsErrorNamingTheEndpoint() throws {
        let context = try MessagingContext()
        let socket = try MessageSocket(context: context, kind: .pull)
        for endpoint in ["bogus://nowhere", "tcp://127.0.0.1:notaport"] {
            XCTAssertThrowsError(try socket.bind(endpoint)) { error in
                guard let error = error as? TransportError else { return XCTFail("not a TransportError: \(error)") }
                XCTAssertEqual(error.kind, .failed)
                XCTAssertNotEqual(error.code, 0)
                XCTAssertTrue(error.description.contains(endpoint), error.description)
            }
        }
        XCTAssertThrowsError(try socket.connect("ipc://")) { error in
            XCTAssertTrue(String(describing: error).contains("ipc://"))
        }
    }

    func testClosedSocketThrowsClosedAndCloseIsIdempotent() throws {
        let context = try MessagingContext()
        let socket = try MessageSocket(context: context, kind: .push)
        socket.close()
        socket.close()
        XCTAssertTrue(socket.isClosed)
        XCTAssertEqual(socket.lastEndpoint, "")
        XCTAssertThrowsError(try socket.send([1])) { error in
            XCTAssertEqual((error as? TransportError)?.kind, .closed)
        }
    }

    func testDefaultLingerIsBounded() throws {
        let context = try MessagingContext()
        let socket = try MessageSocket(context: context, kind: .push)
        XCTAssertEqual(socket.lingerMs, MessageSocket.defaultLingerMs)
        XCTAssertGreaterThanOrEqual(socket.lingerMs, 0)
        try socket.setLingerMs(0)
        XCTAssertEqual(socket.lingerMs, 0)
        try socket.setSendHighWaterMark(10)
        try socket.setReceiveHighWaterMark(10)
        try socket.setImmediate(true)
    }

    func testOpenCloseCyclesLeakNoDescriptors() throws {
        func openDescriptors() throws -> Int {
            try FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd").count
        }
        guard FileManager.default.fileExists(atPath: "/proc/self/fd") else {
            throw XCTSkip("/proc/self/fd is not available")
        }
        // One warm-up cycle, so lazily opened process-wide descriptors are not counted.
        try cycle(index: -1)
        let before = try openDescriptors()
        for index in 0..<100 { try cycle(index: index) }
        let after = try openDescriptors()
        XCTAssertEqual(after, before, "descriptors leaked over 100 open/close cycles")
    }

    /// Context, tcp pair and an unsent message on a short linger: all closed again.
    private func cycle(index: Int) throws {
        let context = try MessagingContext()
        let pull = try MessageSocket(context: context, kind: .pull)
        try pull.bind("tcp://127.0.0.1:0")
        let push = try MessageSocket(context: context, kind: .push)
        try push.setLingerMs(10)
        try push.connect(pull.lastEndpoint)
        try push.send([UInt8(truncatingIfNeeded: index)])
        var buffer: [UInt8] = []
        XCTAssertTrue(try pull.receive(into: &buffer, timeoutMs: 5_000))
        try push.send([1])  // left unread: linger must not keep the context from closing
        push.close()
        pull.close()
        context.close()
    }
}
