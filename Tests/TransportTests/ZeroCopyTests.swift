import Transport
import XCTest

final class ZeroCopyTests: XCTestCase {
    private func checkLargeMessage(endpoint: String) throws {
        let context = try MessagingContext()
        let pull = try MessageSocket(context: context, kind: .pull)
        try pull.bind(endpoint)
        let push = try MessageSocket(context: context, kind: .push)
        try push.connect(pull.lastEndpoint)

        let size = 4 * 1_048_576
        XCTAssertGreaterThanOrEqual(size, push.zeroCopyThresholdBytes)
        var payload = patternBytes(size, seed: 7)
        let expected = payload
        for _ in 0..<3 { try push.send(payload) }
        // Writing after the send must not change what is sent: the array copies on write.
        payload[0] ^= 0xFF
        XCTAssertEqual(push.zeroCopySendCount, 3)

        var buffer: [UInt8] = []
        for _ in 0..<3 {
            XCTAssertTrue(try pull.receive(into: &buffer, timeoutMs: 10_000))
            XCTAssertEqual(buffer.count, size)
            XCTAssertTrue(buffer == expected, "payload corrupted")
        }
        XCTAssertTrue(push.waitForZeroCopyReleases(3, timeoutMs: 30_000),
                      "released \(push.zeroCopyReleaseCount) of 3 zero-copy payloads")
    }

    func testLargeZeroCopyMessageArrivesIntactAndIsReleasedOverInproc() throws {
        try checkLargeMessage(endpoint: "inproc://zero-copy")
    }

    func testLargeZeroCopyMessageArrivesIntactAndIsReleasedOverTcp() throws {
        try checkLargeMessage(endpoint: "tcp://127.0.0.1:0")
    }

    func testSmallMessagesAreCopied() throws {
        let context = try MessagingContext()
        let pull = try MessageSocket(context: context, kind: .pull)
        try pull.bind("inproc://copy")
        let push = try MessageSocket(context: context, kind: .push)
        try push.connect("inproc://copy")
        try push.send(patternBytes(push.zeroCopyThresholdBytes - 1))
        XCTAssertEqual(push.zeroCopySendCount, 0)
    }

    func testUnsentZeroCopyMessageIsReleasedOnTimeout() throws {
        let context = try MessagingContext()
        let push = try MessageSocket(context: context, kind: .push)
        try push.setSendTimeoutMs(20)
        XCTAssertThrowsError(try push.send(patternBytes(push.zeroCopyThresholdBytes)))
        XCTAssertEqual(push.zeroCopySendCount, 1)
        XCTAssertEqual(push.zeroCopyReleaseCount, 1)
    }
}
