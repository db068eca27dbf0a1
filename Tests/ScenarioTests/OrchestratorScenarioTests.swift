import Foundation
import XCTest
@testable import Scenario

/// The orchestrator section, servers, vDU placement, vendor power/compute models and traffic profiles.
final class OrchestratorScenarioTests: XCTestCase {
    /// baseYAML with an orchestrator node, two servers and du1 placed on srv1.
    private func orchestrated(cores: String = "cores: 6", extra: String = "") -> String {
        baseYAML
            .replacingOnce("  - { name: du1, role: du, vendor: acme, cu: cu1 }",
                           with: "  - { name: du1, role: du, vendor: acme, cu: cu1, server: srv1, \(cores) }\n  - { name: smo, role: orchestrator }")
            .replacingOnce("duration: 1s", with: """
                duration: 1s
                orchestrator: { policy: latency-power }
                servers:
                  - { name: srv1, cores: 8 }
                  - { name: srv2, cores: 16, idleW: 90, fullLoadW: 250 }
                \(extra)
                """)
    }

    func testDefaultsAndPlacementLoad() throws {
        let s = try ScenarioLoader.load(yaml: orchestrated(), file: "t.yaml")
        XCTAssertEqual(s.orchestrator?.policy, .latencyPower)
        XCTAssertEqual(s.orchestrator?.periodMs, 100)
        XCTAssertEqual(s.links.e2Us, 5000)
        XCTAssertEqual(s.servers.map(\.cores), [8, 16])
        XCTAssertEqual(s.servers[0].idleW, 120)
        XCTAssertEqual(s.node(named: "du1")?.server, "srv1")
        XCTAssertEqual(s.node(named: "du1")?.cores, 6)
        XCTAssertEqual(s.vendors[0].ruType, .macro)
        XCTAssertEqual(s.vendors[0].computeModel, .softwareLDPC)
        XCTAssertEqual(s.ueGroups[0].downlink.profile, .constant)
        XCTAssertEqual(s.ueGroups[0].downlink.dayLengthMs, 24_000)
    }

    func testUnknownServerIsNamed() {
        let found = issues(orchestrated().replacingOnce("server: srv1", with: "server: srv9"))
        XCTAssertEqual(found.count, 1)
        XCTAssertEqual(found.first?.path, "nodes[2].server")
        XCTAssertTrue(found.first?.description.contains("srv9") == true, found.first?.description ?? "")
    }

    func testMoreCoresThanTheServerHasIsRefused() throws {
        let issue = try XCTUnwrap(singleIssue(orchestrated(cores: "cores: 12")))
        XCTAssertEqual(issue.description, "nodes[2].cores: 12 cores for 'du1' but server 'srv1' has 8; allowed at most 8")
    }

    func testOrchestratorSectionNeedsItsNode() throws {
        let yaml = orchestrated().replacingOnce("\n  - { name: smo, role: orchestrator }", with: "")
        let issue = try XCTUnwrap(singleIssue(yaml))
        XCTAssertEqual(issue.description,
                       "orchestrator: the orchestrator section has no node to run it; allowed a node with role: orchestrator in nodes")
    }

    func testAtMostOneOrchestrator() throws {
        let yaml = orchestrated().replacingOnce("  - { name: smo, role: orchestrator }",
                                                with: "  - { name: smo, role: orchestrator }\n  - { name: smo2, role: orchestrator }")
        let issue = try XCTUnwrap(singleIssue(yaml))
        XCTAssertTrue(issue.description.contains("a second orchestrator node"), issue.description)
    }

    func testExternalPolicyNeedsAnEndpoint() throws {
        let yaml = orchestrated().replacingOnce("policy: latency-power", with: "policy: external")
        let issue = try XCTUnwrap(singleIssue(yaml))
        XCTAssertEqual(issue.path, "orchestrator.externalEndpoint")
    }

    func testExternalFallbackAndTimeoutLimitLoadWithDefaults() throws {
        let external = orchestrated().replacingOnce("policy: latency-power", with: "policy: external, externalEndpoint: \"tcp://127.0.0.1:5599\"")
        let plain = try ScenarioLoader.load(yaml: external, file: "t.yaml")
        XCTAssertEqual(plain.orchestrator?.externalTimeoutLimit, 3)
        XCTAssertNil(plain.orchestrator?.externalFallback)
        let s = try ScenarioLoader.load(yaml: external.replacingOnce("policy: external,", with: "policy: external, externalFallback: latency-power, externalTimeoutLimit: 5,"),
                                        file: "t.yaml")
        XCTAssertEqual(s.orchestrator?.externalFallback, .latencyPower)
        XCTAssertEqual(s.orchestrator?.externalTimeoutLimit, 5)
    }

    func testAMisspeltOrExternalFallbackIsNamedWithItsPlaceAndTheChoices() throws {
        let external = orchestrated().replacingOnce("policy: latency-power", with: "policy: external, externalEndpoint: \"tcp://127.0.0.1:5599\", externalFallback: treshold")
        let issue = try XCTUnwrap(singleIssue(external))
        XCTAssertEqual(issue.path, "orchestrator.externalFallback")
        XCTAssertEqual(issue.suggestion, "threshold")
        XCTAssertEqual(issue.line, 3)
        XCTAssertGreaterThan(issue.column, 1)
        XCTAssertEqual(issue.description, "orchestrator.externalFallback: 'treshold' is not allowed (did you mean 'threshold'?); "
                       + "allowed static, threshold, latency-power")
        XCTAssertTrue(issue.rendered(file: "t.yaml").hasPrefix("t.yaml:3:\(issue.column)"), issue.rendered(file: "t.yaml"))
        let itself = try XCTUnwrap(singleIssue(external.replacingOnce("externalFallback: treshold", with: "externalFallback: external")))
        XCTAssertEqual(itself.path, "orchestrator.externalFallback")
        XCTAssertTrue(itself.description.hasSuffix("allowed static, threshold, latency-power"), itself.description)
    }

    /// `externalServerKey` names a key file beside the scenario; validation reads it and says
    /// what is wrong with it, naming the file.
    func testExternalServerKeyIsReadAndCheckedAtValidation() throws {
        let dir = NSTemporaryDirectory() + "b5g-server-key-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        func load(_ keyText: String?, field: String = "policy.pub") throws -> Scenario {
            if let keyText { try keyText.write(toFile: "\(dir)/policy.pub", atomically: true, encoding: .utf8) }
            let yaml = orchestrated().replacingOnce("policy: latency-power", with:
                "policy: external, externalEndpoint: \"tcp://10.0.0.5:5599\", externalServerKey: \(field)")
            try yaml.write(toFile: "\(dir)/s.yaml", atomically: true, encoding: .utf8)
            return try ScenarioLoader.load(path: "\(dir)/s.yaml")
        }
        func issue(_ keyText: String?, field: String = "policy.pub") -> String {
            do { _ = try load(keyText, field: field); return "loaded" } catch let error as ScenarioValidationError {
                XCTAssertEqual(error.issues.map(\.path), ["orchestrator.externalServerKey"])
                return error.issues.first?.message ?? ""
            } catch {
                return "\(error)"
            }
        }
        let key = "rq:rM>}U?@Lns47E1%kR.o@n%FcmmsL/@{H8]yf7"
        let s = try load(key + "\n")
        XCTAssertEqual(s.orchestrator?.externalServerKey, "policy.pub")
        XCTAssertEqual(s.warnings, [], "a keyed policy beyond this machine is fine")
        XCTAssertEqual(issue(nil, field: "missing.pub"), "\(dir)/missing.pub: no such file")
        XCTAssertEqual(issue("rq:rM>}U?@Lns47E"), "\(dir)/policy.pub: holds 16 characters, not a 40-character Z85 key")
        XCTAssertEqual(issue(String(key.dropLast()) + "~"), "\(dir)/policy.pub: holds '~', which is not a Z85 character")
        XCTAssertEqual(issue(key, field: "\(dir)/policy.pub"), "loaded", "an absolute path")
    }

    func testExternalServerKeyIsOnlyForAnExternalPolicy() throws {
        let issue = try XCTUnwrap(singleIssue(orchestrated().replacingOnce("policy: latency-power", with: "policy: threshold, externalServerKey: policy.pub")))
        XCTAssertEqual(issue.description,
                       "orchestrator.externalServerKey: 'externalServerKey' is only allowed when policy is external, and policy is threshold here")
    }

    /// A plain external policy reached over tcp beyond loopback warns; on loopback or ipc it does not.
    func testAPlainExternalPolicyBeyondThisMachineWarns() throws {
        func warnings(_ endpoint: String) throws -> [String] {
            try ScenarioLoader.load(yaml: orchestrated().replacingOnce(
                "policy: latency-power", with: "policy: external, externalEndpoint: \"\(endpoint)\""), file: "t.yaml").warnings
        }
        let remote = try warnings("tcp://10.0.0.5:5599")
        XCTAssertEqual(remote.count, 1)
        XCTAssertTrue(remote.first?.hasPrefix("orchestrator.externalEndpoint tcp://10.0.0.5:5599 is tcp beyond this machine without CURVE") == true,
                      "\(remote)")
        XCTAssertTrue(remote.first?.contains("set orchestrator.externalServerKey") == true, "\(remote)")
        XCTAssertEqual(try warnings("tcp://policy.example.org:5599").count, 1)
        XCTAssertEqual(try warnings("tcp://127.0.0.1:5599"), [])
        XCTAssertEqual(try warnings("tcp://localhost:5599"), [])
        XCTAssertEqual(try warnings("ipc:///tmp/policy.sock"), [])
        XCTAssertEqual(try ScenarioLoader.load(yaml: orchestrated(), file: "t.yaml").warnings, [], "a built-in policy")
    }

    func testFallbackAndLimitAreOnlyForAnExternalPolicy() throws {
        let issue = try XCTUnwrap(singleIssue(orchestrated().replacingOnce("policy: latency-power", with: "policy: threshold, externalFallback: static")))
        XCTAssertEqual(issue.description,
                       "orchestrator.externalFallback: 'externalFallback' is only allowed when policy is external, and policy is threshold here")
        let limit = try XCTUnwrap(singleIssue(orchestrated().replacingOnce(
            "policy: latency-power", with: "policy: external, externalEndpoint: \"tcp://127.0.0.1:5599\", externalTimeoutLimit: 0")))
        XCTAssertEqual(limit.path, "orchestrator.externalTimeoutLimit")
        XCTAssertTrue(limit.description.contains("1...1000") || limit.description.contains("1 to 1000") || limit.description.contains("at least 1"),
                      limit.description)
    }

    func testACUOnAServerIsAVCUAndSharesTheServersCores() throws {
        let vcu = orchestrated(cores: "cores: 6").replacingOnce("  - { name: cu1, role: cu, vendor: acme, core: core1 }",
                                                                 with: "  - { name: cu1, role: cu, vendor: acme, core: core1, server: srv1, cores: 2 }")
        let s = try ScenarioLoader.load(yaml: vcu, file: "t.yaml")
        XCTAssertEqual(s.node(named: "cu1")?.server, "srv1")
        XCTAssertEqual(s.node(named: "cu1")?.cores, 2)
        XCTAssertEqual(s.vendors[0].computeScale, 1)
        let crowded = vcu.replacingOnce("server: srv1, cores: 2 }", with: "server: srv1, cores: 3 }")
        let issue = try XCTUnwrap(singleIssue(crowded))
        XCTAssertEqual(issue.description,
                       "nodes[2].cores: the vDUs and vCUs on server 'srv1' would take 9 cores; it has 8; allowed at most 5 for 'du1'")
    }

    func testCoresOnlyOnDUsAndCUs() {
        let found = issues(orchestrated().replacingOnce("{ name: ru1, role: ru, vendor: acme, du: du1 }",
                                                        with: "{ name: ru1, role: ru, vendor: acme, du: du1, cores: 2 }"))
        XCTAssertEqual(found.map(\.path), ["nodes[4].cores"])
    }

    /// Two cus, each with a du and a cell: a neighbour must share the cell's cu, and not be the cell.
    func testNeighboursStayUnderOneCU() throws {
        let twoCUs = baseYAML
            .replacingOnce("  - { name: ru1, role: ru, vendor: acme, du: du1 }", with: """
                  - { name: ru1, role: ru, vendor: acme, du: du1 }
                  - { name: cu2, role: cu, vendor: acme, core: core1 }
                  - { name: du2, role: du, vendor: acme, cu: cu2 }
                  - { name: du3, role: du, vendor: acme, cu: cu1 }
                  - { name: ru2, role: ru, vendor: acme, du: du2 }
                  - { name: ru3, role: ru, vendor: acme, du: du3 }
                """)
            .replacingOnce("    ru: ru1\n", with: """
                    ru: ru1
                    neighbours: [cell3]
                  - { name: cell2, du: du2, ru: ru2 }
                  - { name: cell3, du: du3, ru: ru3, neighbours: [cell1] }

                """)
        let s = try ScenarioLoader.load(yaml: twoCUs, file: "t.yaml")
        XCTAssertEqual(s.cells[0].neighbours, ["cell3"])
        XCTAssertNil(s.cells[1].neighbours)
        let other = try XCTUnwrap(singleIssue(twoCUs.replacingOnce("neighbours: [cell3]", with: "neighbours: [cell2]")))
        XCTAssertEqual(other.description,
                       "cells[0].neighbours[0]: 'cell2' is on du 'du2' of cu 'cu2', 'cell1' on du 'du1' of cu 'cu1'; allowed cells of dus under cu 'cu1'")
        let itself = try XCTUnwrap(singleIssue(twoCUs.replacingOnce("neighbours: [cell3]", with: "neighbours: [cell1]")))
        XCTAssertEqual(itself.path, "cells[0].neighbours[0]")
        let unknown = try XCTUnwrap(singleIssue(twoCUs.replacingOnce("neighbours: [cell3]", with: "neighbours: [cell9]")))
        XCTAssertTrue(unknown.description.contains("no cell named 'cell9'"), unknown.description)
    }

    func testVendorPowerAndComputeOverridesLoadAndAreChecked() throws {
        let yaml = orchestrated().replacingOnce("  - name: acme\n", with: """
              - name: acme
                ruPower: { transceivers: 4, noLoadW: 40 }
                compute: { perPRBLayerBitUs: 0.1, serialFraction: 0.1 }

            """)
        let s = try ScenarioLoader.load(yaml: yaml, file: "t.yaml")
        XCTAssertEqual(s.vendors[0].ruPower, RUPowerOverrides(transceivers: 4, noLoadW: 40))
        XCTAssertEqual(s.vendors[0].compute?.serialFraction, 0.1)
        let issue = try XCTUnwrap(singleIssue(yaml.replacingOnce("serialFraction: 0.1", with: "serialFraction: 1.5")))
        XCTAssertEqual(issue.path, "vendors[0].compute.serialFraction")
    }
}
