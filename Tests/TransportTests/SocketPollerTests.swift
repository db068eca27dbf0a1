import Transport
import XCTest

final class SocketPollerTests: XCTestCase {
    func testPollReportsOnlyTheReadableSocket() throws {
        let context = try MessagingContext()
        let quiet = try MessageSocket(context: context, kind: .pull)
        try quiet.bind("inproc://quiet")
        let busy = try MessageSocket(context: context, kind: .pull)
        try busy.bind("inproc://busy")
        let push = try MessageSocket(context: context, kind: .push)
        try push.connect("inproc://busy")

        XCTAssertEqual(try pollReadable([quiet, busy], timeoutMs: 0), [])
        try push.send([42])
        XCTAssertEqual(try pollReadable([quiet, busy], timeoutMs: 2_000), [1])

        let poller = SocketPoller(capacity: 2)
        XCTAssertEqual(poller.add(quiet), 0)
        XCTAssertEqual(poller.add(busy), 1)
        XCTAssertEqual(try poller.poll(timeoutMs: 2_000), 1)
        XCTAssertFalse(poller.isReadable(0))
        XCTAssertTrue(poller.isReadable(1))
    }

    func testPollingAClosedSocketThrowsClosed() throws {
        let context = try MessagingContext()
        let socket = try MessageSocket(context: context, kind: .pull)
        let poller = SocketPoller(capacity: 1)
        poller.add(socket)
        socket.close()
        XCTAssertThrowsError(try poller.poll(timeoutMs: 0)) { error in
            XCTAssertEqual((error as? TransportError)?.kind, .closed)
        }
    }
}
