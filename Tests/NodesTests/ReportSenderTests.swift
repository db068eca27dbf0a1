import Transport
import XCTest
@testable import Nodes

/// A node's reports leave from their own thread in the order they were handed over, and
/// `finish` sends every one still queued before the socket closes (the final report of a node
/// that is about to exit).
final class ReportSenderTests: XCTestCase {
    func testReportsArriveInOrderAndFinishSendsWhatIsQueued() throws {
        let context = try MessagingContext()
        defer { context.close() }
        let inbox = try MessageSocket(context: context, kind: .pull)
        defer { inbox.close() }
        try inbox.bind("inproc://reports")
        let out = try MessageSocket(context: context, kind: .push)
        try out.connect("inproc://reports")
        let sender = ReportSender(socket: out)
        for i in 0..<500 { sender.send { [UInt8(i % 256), UInt8(i / 256)] } }
        sender.send { nil }   // a report that could not be encoded is skipped
        sender.finish()
        var received: [Int] = []
        var buffer: [UInt8] = []
        while try inbox.receive(into: &buffer, timeoutMs: received.count < 500 ? 5_000 : 0) {
            received.append(Int(buffer[0]) + 256 * Int(buffer[1]))
        }
        XCTAssertEqual(received, Array(0..<500))
    }
}
