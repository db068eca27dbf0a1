import Foundation
import Transport
import XCTest

extension XCTestCase {
    /// A unique ipc endpoint in the temporary directory; its socket file is removed after the test.
    func temporaryIpcEndpoint(_ name: String) -> String {
        let directory = ProcessInfo.processInfo.environment["TMPDIR"] ?? "/tmp"
        let path = "\(directory)/b5g-test-\(getpid())-\(name)-\(UInt32.random(in: 0...UInt32.max))"
        addTeardownBlock { try? FileManager.default.removeItem(atPath: path) }
        return "ipc://\(path)"
    }
}

/// Waits (bounded) until `condition` holds; returns whether it did.
func eventually(withinMs limitMs: Int = 5_000, _ condition: () -> Bool) -> Bool {
    let deadline = Date().addingTimeInterval(Double(limitMs) / 1_000)
    while Date() < deadline {
        if condition() { return true }
        usleep(1_000)
    }
    return condition()
}

/// Deterministic payload of `count` bytes.
func patternBytes(_ count: Int, seed: UInt8 = 0) -> [UInt8] {
    (0..<count).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ Int(seed)) }
}
