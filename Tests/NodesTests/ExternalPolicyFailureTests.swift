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
        let endpoint = "ipc://\(dir)/silent.sock"
        // Bound, so requests are delivered, and never read: no reply ever comes.
        let context = try MessagingContext()
        let silent = try MessageSocket(context: context, kind: .router)
        try silent.bind(endpoint)
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
