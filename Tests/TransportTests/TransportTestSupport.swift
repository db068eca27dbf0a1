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

/// Deterministic payload of `count` bytes.
func patternBytes(_ count: Int, seed: UInt8 = 0) -> [UInt8] {
    (0..<count).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ Int(seed)) }
}
