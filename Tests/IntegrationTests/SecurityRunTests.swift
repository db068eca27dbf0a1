import Foundation
import Interfaces
import XCTest

/// A rogue local process sends a forged end-of-window marker (slot 10^12) to the DU's ipc socket
/// while a run goes on. With CURVE (the default) nothing reaches the node; without it the unit
/// arrives and is refused as beyond the window horizon; either way the run ends ok.
final class SecurityRunTests: XCTestCase {
    /// Sends `bytes` to `endpoint` from another process (pyzmq), as an intruder would.
    static func inject(_ bytes: [UInt8], into endpoint: String) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        let script = "import sys, zmq\nc = zmq.Context()\ns = c.socket(zmq.PUSH)\ns.setsockopt(zmq.LINGER, 2000)\n"
            + "s.connect(sys.argv[1])\ns.send(bytes.fromhex(sys.argv[2]))\ns.close()\nc.term()\n"
        p.arguments = ["python3", "-c", script, endpoint, bytes.map { String(format: "%02x", $0) }.joined()]
        try? p.run()
        p.waitUntilExit()
    }

    static var hasPyZMQ: Bool {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["python3", "-c", "import zmq"]
        p.standardError = FileHandle.nullDevice
        guard (try? p.run()) != nil else { return false }
        p.waitUntilExit()
        return p.terminationStatus == 0
    }

    /// A forged marker from "cu1" (index 1) to "du1" (index 2) for slot 10^12.
    static let forgedMarker: [UInt8] = {
        var w = ByteWriter()
        appendUnit(to: &w, interface: .sync, messageType: SyncMessageType.endOfWindow, source: 1, destination: 2,
                   slot: 1_000_000_000_000, sequence: 0) { _ in }
        return w.bytes
    }()

    func run(security: String) throws -> [String: Any] {
        try XCTSkipUnless(Self.hasPyZMQ, "pyzmq is not installed")
        let dir = B5G.temporaryDirectory("security-\(security)")
        // Long enough that the DU is surely still running when the intruder's bytes land: they
        // are sent once a progress line says 0.1 s, and a run of 5 emulated seconds lasts
        // seconds of wall time even on a fast machine. (Real time would last exactly as long,
        // but its nodes' real-time threads starve the launcher's progress lines.)
        let scenario = try B5G.scenario("quickstart.yaml", in: dir,
                                        replacing: ["duration": "5s", "transport": "{ kind: ipc, security: \(security) }"])
        let (r, acted) = try B5G.run(["run", scenario, "--out", "\(dir)/run"], when: { $0.emulatedS >= 0.1 && $0.nodesReporting == $0.nodes }) { launcher in
            // The run's private folder is named after the launcher's pid.
            let folders = (try? FileManager.default.contentsOfDirectory(atPath: "/tmp")) ?? []
            guard let folder = folders.first(where: { $0.hasPrefix("b5g-\(launcher.processIdentifier)-") }) else {
                XCTFail("no run folder of launcher \(launcher.processIdentifier) in /tmp")
                return
            }
            Self.inject(Self.forgedMarker, into: "ipc:///tmp/\(folder)/du1.sock")
        }
        XCTAssertTrue(acted, "the intruder ran while the nodes ran")
        XCTAssertEqual(r.status, 0, r.stderr)
        let s = try B5G.summary("\(dir)/run")
        XCTAssertEqual(s["status"] as? String, "ok")
        let du = try XCTUnwrap((s["processes"] as? [[String: Any]])?.first { $0["node"] as? String == "du1" })
        XCTAssertEqual(du["complete"] as? Bool, true)
        return du
    }

    func testWithCurveAnIntruderDeliversNothing() throws {
        let du = try run(security: "curve")
        XCTAssertNil(du["refusedUnits"], "nothing from the intruder reached the node")
    }

    func testWithoutCurveTheForgedMarkerArrivesAndIsRefused() throws {
        let du = try run(security: "none")
        let refused = try XCTUnwrap(du["refusedUnits"] as? [String: Any])
        XCTAssertEqual(refused["outOfWindow"] as? Int, 1)
    }
}
