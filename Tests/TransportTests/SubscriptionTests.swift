import Transport
import XCTest

final class SubscriptionTests: XCTestCase {
    func testSubscriberOnlyReceivesItsTopic() throws {
        let context = try MessagingContext()
        let publisher = try MessageSocket(context: context, kind: .pub)
        try publisher.bind("inproc://kpm")
        let subscriber = try MessageSocket(context: context, kind: .sub)
        try subscriber.subscribe("kpm.du1")
        try subscriber.connect("inproc://kpm")

        // Subscriptions reach the publisher asynchronously: publish until one arrives (bounded).
        var buffer: [UInt8] = []
        var received: [String] = []
        for _ in 0..<200 where received.count < 5 {
            try publisher.send(Array("kpm.du2 other".utf8))
            try publisher.send(Array("kpm.du1 mine".utf8))
            while try subscriber.receive(into: &buffer, timeoutMs: 10) {
                received.append(String(decoding: buffer, as: UTF8.self))
            }
        }
        XCTAssertFalse(received.isEmpty, "subscription never took effect")
        XCTAssertEqual(Set(received), ["kpm.du1 mine"])

        try subscriber.unsubscribe(Array("kpm.du1".utf8))
    }
}
