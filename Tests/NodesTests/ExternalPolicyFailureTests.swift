import Foundation
import Logging
import Report
import Scenario
import Transport
import XCTest
@testable import Nodes

/// An external policy that does not answer ends the run naming it, or hands over to the
/// scenario's fallback policy, which the results then report. Runs in process; the policy's
/// silence is bounded by `externalTimeout` and `externalTimeoutLimit`, never by a test's sleep.
final class ExternalPolicyFailureTests: XCTestCase {
    static func yaml(endpoint: String, fallback: String?) -> String {
        """
        name: silent-policy
        duration: 600ms
        numerology: 1
        links: { ng: 500us, f1: 250us, fronthaul: 50us, air: 1us, e2: 5ms }
        capture: { enabled: false }
        transport: { security: none }
        vendors:
          - { name: acme, ruType: micro }
        orchestrator:
          policy: external
          period: 100ms
          externalEndpoint: "\(endpoint)"
          externalTimeout: 20ms
          externalTimeoutLimit: 2
        \(fallback.map { "  externalFallback: \($0)" } ?? "")
        servers:
          - { name: srv1, cores: 8, idleW: 100, fullLoadW: 300 }
        nodes:
          - { name: core1, role: core, vendor: acme }
          - { name: cu1,   role: cu,   vendor: acme, core: core1 }
          - { name: du1,   role: du,   vendor: acme, cu: cu1, server: srv1, cores: 4 }
          - { name: ru1,   role: ru,   vendor: acme, du: du1 }
          - { name: air,   role: channel }
          - { name: ues,   role: ue }
          - { name: smo,   role: orchestrator }
        cells:
          - { name: cell1, du: du1, ru: ru1, prbs: 52, duplex: fdd, carrierGHz: 2.6 }
        ueGroups:
          - { name: phones, count: 2, cell: cell1, downlink: { kind: cbr, rateMbps: 1 } }

        """
    }

    private func temporaryFolder(_ name: String) throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("b5g-\(name)-\(UUID().uuidString.prefix(8))").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(atPath: dir) }
        return dir
    }

    /// A socket where a policy would listen: bound on an ipc endpoint in `dir`; the caller closes it.
    private func boundPolicySocket(_ kind: SocketKind, in dir: String) throws -> (MessagingContext, MessageSocket, String) {
        let endpoint = "ipc://\(dir)/policy.sock"
        let context = try MessagingContext()
        let socket = try MessageSocket(context: context, kind: kind)
        try socket.bind(endpoint)
        return (context, socket, endpoint)
    }

    /// Runs the scenario in process; returns the exit status, the summary and the run folder.
    private func run(_ yaml: String, in dir: String) throws -> (status: Int32, summary: RunSummary, folder: String) {
        let path = "\(dir)/s.yaml"
        try yaml.write(toFile: path, atomically: true, encoding: .utf8)
        var options = Launcher.Options(scenarioPath: path, scenario: try ScenarioLoader.load(path: path), outDirectory: "\(dir)/run",
                                       seedOverride: nil, clockOverride: nil, quiet: true, executable: "")
        options.inProcess = true
        options.printsSummary = false
        let launcher = Launcher(options: options, logger: Logger(label: "test") { _ in SwiftLogNoOpLogHandler() })
        let status = try launcher.run()
        return (status, try XCTUnwrap(launcher.summary), "\(dir)/run")
    }

    /// A policy that answers every request with one misspelt action and one good one: the good
    /// one is used, the other is logged as refused in words and told back to the policy.
    func testAMisspeltActionIsRefusedAloneAndToldBackToThePolicy() throws {
        let dir = try temporaryFolder("misspelt-policy")
        let (context, socket, endpoint) = try boundPolicySocket(.rep, in: dir)
        let policy = MisspellingPolicy(socket: socket)
        let served = DispatchSemaphore(value: 0)
        Thread { policy.serve(); served.signal() }.start()
        // The socket closes only once its thread has left it.
        defer { policy.stop(); served.wait(); socket.close(); context.close() }

        let (status, summary, folder) = try run(Self.yaml(endpoint: endpoint, fallback: nil), in: dir)
        policy.stop()
        XCTAssertEqual(status, RunExitCode.ok)
        XCTAssertEqual(summary.actions?.externalTimeouts, 0)
        XCTAssertEqual(summary.actions?.externalUnusable, 0)
        let requests = policy.requests
        XCTAssertGreaterThan(requests.count, 2)
        let refused = try XCTUnwrap((requests[1]["refused"] as? [[String: Any]])?.first, "\(requests[1])")
        XCTAssertEqual(refused["index"] as? Int, 0)
        XCTAssertEqual(refused["refusedBy"] as? String, "orchestrator")
        XCTAssertTrue((refused["reason"] as? String ?? "").hasPrefix("field `actions[0].action.type`: unknown RC action type setCore;"),
                      "\(refused)")
        let csv = try String(contentsOfFile: "\(folder)/actions.csv", encoding: .utf8).split(separator: "\n").dropFirst()
        let unreadable = csv.filter { $0.contains(",unreadable,") }
        XCTAssertEqual(unreadable.count, requests.count, "one per answer")
        XCTAssertTrue(unreadable.allSatisfy { $0.hasPrefix(",") && $0.hasSuffix(",refused") && $0.contains("unknown RC action type setCore") },
                      "\(unreadable)")
        XCTAssertTrue(csv.contains { $0.contains(",setCores,") && $0.hasSuffix(",accepted") }, "\(csv)")
    }

    func testAPolicyThatIsNotRunningStopsTheRunNamingIt() throws {
        let dir = try temporaryFolder("no-policy")
        let endpoint = "ipc://\(dir)/nobody.sock"
        let (status, summary, _) = try run(Self.yaml(endpoint: endpoint, fallback: nil), in: dir)
        XCTAssertEqual(status, RunExitCode.nodeFailed)
        XCTAssertEqual(summary.status, .nodeFailed)
        let failure = try XCTUnwrap(summary.failure)
        XCTAssertEqual(failure.node, "smo")
        XCTAssertTrue(failure.reason.hasPrefix("external policy at \(endpoint) did not answer 2 periods in a row ("), failure.reason)
        XCTAssertTrue(failure.reason.contains("no orchestrator.externalFallback is set"), failure.reason)
        XCTAssertEqual(summary.actions?.externalTimeouts, 2)
        XCTAssertLessThan(summary.emulatedReachedMs, summary.emulatedDurationMs, "stopped early")
    }

    func testTheFallbackTakesOverFromAPolicyThatNeverAnswers() throws {
        let dir = try temporaryFolder("silent-policy")
        // Bound, so requests are delivered, and never read: no reply ever comes.
        let (context, silent, endpoint) = try boundPolicySocket(.router, in: dir)
        defer { silent.close(); context.close() }

        let (status, summary, folder) = try run(Self.yaml(endpoint: endpoint, fallback: "threshold"), in: dir)
        XCTAssertEqual(status, RunExitCode.ok)
        let fallback = try XCTUnwrap(summary.actions?.fallback)
        XCTAssertEqual(fallback.to, "threshold")
        XCTAssertEqual(fallback.periodIndex, 2)
        XCTAssertTrue(fallback.reason.hasPrefix("external policy at \(endpoint) did not answer 2 periods in a row"), fallback.reason)
        XCTAssertEqual(summary.actions?.externalTimeouts, 2, "no more requests once the fallback decides")
        let csv = try String(contentsOfFile: "\(folder)/actions.csv", encoding: .utf8).split(separator: "\n")
        XCTAssertTrue(csv[0].hasSuffix(",status"))
        let row = try XCTUnwrap(csv.first { $0.hasSuffix(",fallback") }, "\(csv)")
        XCTAssertTrue(row.hasPrefix(",2,"), String(row))
        XCTAssertTrue(row.contains("threshold takes over"), String(row))
        // The threshold policy acts after the hand-over: it gives back the idle vDU's cores.
        let acted = csv.dropFirst().filter { $0.hasSuffix(",accepted") }
        XCTAssertFalse(acted.isEmpty, "\(csv)")
        XCTAssertTrue(acted.allSatisfy { $0.split(separator: ",")[1] != "0" && $0.split(separator: ",")[1] != "1" }, "\(acted)")
    }
}

/// A policy on a REP socket that answers each request with a misspelt action (`setCore`) and a
/// good one (du1 to 3 cores, at the slot after the report), and keeps the requests it read.
private final class MisspellingPolicy: @unchecked Sendable {
    private let socket: MessageSocket
    private let lock = NSLock()
    private var seen: [[String: Any]] = []
    private var stopped = false

    init(socket: MessageSocket) { self.socket = socket }

    var requests: [[String: Any]] { lock.lock(); defer { lock.unlock() }; return seen }

    func stop() { lock.lock(); stopped = true; lock.unlock() }

    private var isStopped: Bool { lock.lock(); defer { lock.unlock() }; return stopped }

    func serve() {
        var buffer: [UInt8] = []
        while !isStopped {
            guard (try? socket.receive(into: &buffer, timeoutMs: 20)) == true,
                  let request = try? JSONSerialization.jsonObject(with: Data(buffer)) as? [String: Any],
                  let slot = (request["snapshot"] as? [String: Any])?["slot"] as? Int else { continue }
            lock.lock(); seen.append(request); lock.unlock()
            let reply = """
                {"version":1,"actions":[
                  {"action":{"type":"setCore","vdu":"du1","cores":3},"applyAtSlot":\(slot + 1),"reason":"typo"},
                  {"action":{"type":"setCores","vdu":"du1","cores":3},"applyAtSlot":\(slot + 1),"reason":"shrink"}]}
                """
            try? socket.send(Array(reply.utf8))
        }
    }
}
