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

    /// A socket where a policy would listen: bound on an ipc endpoint in `dir`, or with a CURVE
    /// secret key on a free loopback tcp port (as a policy on another host would be); the caller closes it.
    private func boundPolicySocket(_ kind: SocketKind, in dir: String, curveSecretKey: String? = nil)
        throws -> (MessagingContext, MessageSocket, String) {
        let context = try MessagingContext()
        let socket = try MessageSocket(context: context, kind: kind)
        if let curveSecretKey {
            try socket.makeCurveServer(secretKey: curveSecretKey)
            try socket.bind("tcp://127.0.0.1:0")
        } else {
            try socket.bind("ipc://\(dir)/policy.sock")
        }
        return (context, socket, socket.lastEndpoint)
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
        XCTAssertNil(summary.actions?.unreachablePeriods, "every node reported every period")
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

extension ExternalPolicyFailureTests {
    /// A policy that answers every request, in time, with bytes that are not a response ends
    /// the run as a silent one does: after `externalTimeoutLimit` periods, naming why.
    func testAPolicyAnsweringGarbageForeverStopsTheRunLikeASilentOne() throws {
        let dir = try temporaryFolder("garbage-policy")
        let (context, socket, endpoint) = try boundPolicySocket(.rep, in: dir)
        let policy = ReplyingPolicy(socket: socket) { _ in Array("OK, will do".utf8) }
        let served = DispatchSemaphore(value: 0)
        Thread { policy.serve(); served.signal() }.start()
        defer { policy.stop(); served.wait(); socket.close(); context.close() }

        let (status, summary, _) = try run(Self.yaml(endpoint: endpoint, fallback: nil), in: dir)
        XCTAssertEqual(status, RunExitCode.nodeFailed)
        let failure = try XCTUnwrap(summary.failure)
        XCTAssertEqual(failure.node, "smo")
        XCTAssertTrue(failure.reason.hasPrefix("external policy at \(endpoint) answered with a malformed response 2 periods in a row "
                                               + "(last: external policy response is not valid: the response is not JSON (11 bytes, starting `OK, will do`))"),
                      failure.reason)
        XCTAssertTrue(failure.reason.hasSuffix("no orchestrator.externalFallback is set, so the run stops"), failure.reason)
        XCTAssertEqual(summary.actions?.externalUnusable, 2)
        XCTAssertEqual(summary.actions?.externalTimeouts, 0, "every request was answered")
        XCTAssertEqual(policy.requests.count, 2)
        XCTAssertLessThan(summary.emulatedReachedMs, summary.emulatedDurationMs, "stopped early")
    }

    /// With a fallback, a garbage-answering policy is replaced as a silent one is.
    func testTheFallbackTakesOverFromAPolicyAnsweringGarbage() throws {
        let dir = try temporaryFolder("garbage-fallback")
        let (context, socket, endpoint) = try boundPolicySocket(.rep, in: dir)
        let policy = ReplyingPolicy(socket: socket) { _ in Array(#"{"version":2,"actions":[]}"#.utf8) }
        let served = DispatchSemaphore(value: 0)
        Thread { policy.serve(); served.signal() }.start()
        defer { policy.stop(); served.wait(); socket.close(); context.close() }

        let (status, summary, _) = try run(Self.yaml(endpoint: endpoint, fallback: "threshold"), in: dir)
        XCTAssertEqual(status, RunExitCode.ok)
        let fallback = try XCTUnwrap(summary.actions?.fallback)
        XCTAssertEqual(fallback.periodIndex, 2)
        XCTAssertEqual(fallback.reason, "external policy at \(endpoint) answered with a malformed response 2 periods in a row "
                                        + "(last: external policy answered version 2, expected 1): threshold takes over")
        XCTAssertEqual(policy.requests.count, 2, "no more requests once the fallback decides")
    }

    /// Writes a key file as `b5g keys` does: the key and a newline.
    private func keyFile(_ key: String, in dir: String) throws -> String {
        let path = "\(dir)/policy.pub"
        try (key + "\n").write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    private func curveYAML(endpoint: String, keyFile: String, timeout: String) -> String {
        Self.yaml(endpoint: endpoint, fallback: nil)
            .replacingOccurrences(of: "  externalTimeout: 20ms\n", with: "  externalTimeout: \(timeout)\n  externalServerKey: \(keyFile)\n")
    }

    /// With `externalServerKey`, the orchestrator reaches a CURVE policy (a REP socket serving
    /// with the matching secret key) and the run uses its answers.
    func testAPolicyServingCurveWithTheScenariosKeyIsHeard() throws {
        try XCTSkipUnless(MessagingContext.hasCurve(), "libzmq built without CURVE")
        let dir = try temporaryFolder("curve-policy")
        let keys = try MessageSocket.curveKeyPair()
        let (context, socket, endpoint) = try boundPolicySocket(.rep, in: dir, curveSecretKey: keys.secretKey)
        let policy = MisspellingPolicy(socket: socket)
        let served = DispatchSemaphore(value: 0)
        Thread { policy.serve(); served.signal() }.start()
        defer { policy.stop(); served.wait(); socket.close(); context.close() }

        // The key file is named relative to the scenario file.
        _ = try keyFile(keys.publicKey, in: dir)
        let (status, summary, folder) = try run(curveYAML(endpoint: endpoint, keyFile: "policy.pub", timeout: "5s"), in: dir)
        XCTAssertEqual(status, RunExitCode.ok, "\(String(describing: summary.failure))")
        XCTAssertEqual(summary.actions?.externalTimeouts, 0)
        XCTAssertGreaterThan(policy.requests.count, 2)
        let csv = try String(contentsOfFile: "\(folder)/actions.csv", encoding: .utf8)
        XCTAssertTrue(csv.contains(",setCores,") && csv.contains(",accepted"), csv)
    }

    /// A CURVE policy whose key is not the scenario's gets no request, and the run fails as
    /// with a silent policy.
    func testAPolicyWithoutTheScenariosKeyGetsNothing() throws {
        try XCTSkipUnless(MessagingContext.hasCurve(), "libzmq built without CURVE")
        let dir = try temporaryFolder("curve-wrong-key")
        let (context, socket, endpoint) = try boundPolicySocket(.rep, in: dir, curveSecretKey: try MessageSocket.curveKeyPair().secretKey)
        let policy = MisspellingPolicy(socket: socket)
        let served = DispatchSemaphore(value: 0)
        Thread { policy.serve(); served.signal() }.start()
        defer { policy.stop(); served.wait(); socket.close(); context.close() }

        let other = try keyFile(try MessageSocket.curveKeyPair().publicKey, in: dir)
        let (status, summary, _) = try run(curveYAML(endpoint: endpoint, keyFile: other, timeout: "50ms"), in: dir)
        XCTAssertEqual(status, RunExitCode.nodeFailed)
        XCTAssertTrue(summary.failure?.reason.hasPrefix("external policy at \(endpoint) did not answer 2 periods in a row") == true,
                      "\(String(describing: summary.failure))")
        XCTAssertEqual(policy.requests.count, 0, "the handshake fails: no request reaches the policy")
    }

    /// The link itself: a keyed exchange works; a wrong key, a plain policy, or a plain link to
    /// a CURVE policy gets no reply and times out as a silent policy does.
    func testTheLinkTalksOnlyToThePolicyWithItsKey() throws {
        try XCTSkipUnless(MessagingContext.hasCurve(), "libzmq built without CURVE")
        let dir = try temporaryFolder("curve-link")
        let keys = try MessageSocket.curveKeyPair()
        let (context, socket, endpoint) = try boundPolicySocket(.rep, in: dir, curveSecretKey: keys.secretKey)
        let policy = ReplyingPolicy(socket: socket) { request in Array("re: ".utf8) + request }
        let served = DispatchSemaphore(value: 0)
        Thread { policy.serve(); served.signal() }.start()
        defer { policy.stop(); served.wait(); socket.close(); context.close() }

        let keyed = try ExternalPolicyLink(endpoint: endpoint, timeoutMs: 10_000, serverPublicKey: keys.publicKey)
        defer { keyed.close() }
        XCTAssertEqual(String(decoding: try keyed.exchange(Array("period 0".utf8)), as: UTF8.self), "re: period 0")

        let wrong = try ExternalPolicyLink(endpoint: endpoint, timeoutMs: 200, serverPublicKey: try MessageSocket.curveKeyPair().publicKey)
        defer { wrong.close() }
        XCTAssertThrowsError(try wrong.exchange(Array("period 1".utf8))) { XCTAssertTrue($0 is ExternalPolicyLink.Timeout, "\($0)") }
        let plain = try ExternalPolicyLink(endpoint: endpoint, timeoutMs: 200)
        defer { plain.close() }
        XCTAssertThrowsError(try plain.exchange(Array("period 2".utf8))) { XCTAssertTrue($0 is ExternalPolicyLink.Timeout, "\($0)") }
        XCTAssertEqual(policy.requests.map { String(decoding: $0, as: UTF8.self) }, ["period 0"], "only the keyed request arrived")

        // A plain policy does not answer a keyed link either.
        let (plainContext, plainSocket, plainEndpoint) = try boundPolicySocket(.rep, in: dir)
        defer { plainSocket.close(); plainContext.close() }
        let keyedToPlain = try ExternalPolicyLink(endpoint: plainEndpoint, timeoutMs: 200, serverPublicKey: keys.publicKey)
        defer { keyedToPlain.close() }
        XCTAssertThrowsError(try keyedToPlain.exchange(Array("period 3".utf8))) { XCTAssertTrue($0 is ExternalPolicyLink.Timeout, "\($0)") }
        var buffer: [UInt8] = []
        XCTAssertFalse(try plainSocket.receive(into: &buffer, timeoutMs: 0), "nothing reached the plain policy")
    }
}

/// A policy on a REP socket that answers each request with what `reply` makes of it, and keeps
/// the requests it read.
final class ReplyingPolicy: @unchecked Sendable {
    private let socket: MessageSocket
    private let reply: @Sendable ([UInt8]) -> [UInt8]
    private let lock = NSLock()
    private var seen: [[UInt8]] = []
    private var stopped = false

    init(socket: MessageSocket, reply: @escaping @Sendable ([UInt8]) -> [UInt8]) { self.socket = socket; self.reply = reply }

    var requests: [[UInt8]] { lock.lock(); defer { lock.unlock() }; return seen }

    func stop() { lock.lock(); stopped = true; lock.unlock() }

    private var isStopped: Bool { lock.lock(); defer { lock.unlock() }; return stopped }

    func serve() {
        var buffer: [UInt8] = []
        while !isStopped {
            guard (try? socket.receive(into: &buffer, timeoutMs: 20)) == true else { continue }
            lock.lock(); seen.append(buffer); lock.unlock()
            try? socket.send(reply(buffer))
        }
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
