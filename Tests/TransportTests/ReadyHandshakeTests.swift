import Foundation
import Transport
import XCTest

final class ReadyHandshakeTests: XCTestCase {
    func testSenderStreamsOnlyAfterReceiverAnswered() throws {
        let context = try MessagingContext()
        let data = temporaryIpcEndpoint("data")
        let control = temporaryIpcEndpoint("control")
        let count = 1_000

        // Sender first: it connects before anything is bound and must wait for the answer.
        let connected = DispatchSemaphore(value: 0)
        let sender = Thread {
            do {
                let dealer = try MessageSocket(context: context, kind: .dealer)
                let push = try MessageSocket(context: context, kind: .push)
                try dealer.connect(control)
                try push.connect(data)
                connected.signal()
                guard try ReadyHandshake.request(on: dealer, timeoutMs: 10_000) else { return }
                for index in 0..<count { try push.send([UInt8(truncatingIfNeeded: index)]) }
            } catch {
                XCTFail("sender: \(error)")
            }
        }
        sender.start()
        XCTAssertEqual(connected.wait(timeout: .now() + 10), .success, "the sender connected before the receiver binds")

        let pull = try MessageSocket(context: context, kind: .pull)
        try pull.bind(data)
        let router = try MessageSocket(context: context, kind: .router)
        try router.bind(control)
        XCTAssertNotNil(try ReadyHandshake.answer(on: router, timeoutMs: 10_000))
        var buffer: [UInt8] = []
        for index in 0..<count {
            XCTAssertTrue(try pull.receive(into: &buffer, timeoutMs: 5_000), "message \(index) lost")
            XCTAssertEqual(buffer, [UInt8(truncatingIfNeeded: index)])
        }
    }

    func testRequestTimesOutWithoutReceiver() throws {
        let context = try MessagingContext()
        let dealer = try MessageSocket(context: context, kind: .dealer)
        try dealer.setLingerMs(0)
        try dealer.connect(temporaryIpcEndpoint("nobody"))
        XCTAssertFalse(try ReadyHandshake.request(on: dealer, timeoutMs: 100))
    }

    func testAnswerTimesOutWithoutSender() throws {
        let context = try MessagingContext()
        let router = try MessageSocket(context: context, kind: .router)
        try router.bind("inproc://lonely")
        XCTAssertNil(try ReadyHandshake.answer(on: router, timeoutMs: 100))
    }
}
