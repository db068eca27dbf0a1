import XCTest
@testable import Scenario

/// Each kind of problem, with its exact path, line and column. Positions refer to `baseYAML`
/// (TestSupport.swift), whose cell keys are appended at line 18.
final class ScenarioValidationTests: XCTestCase {
    func testOutOfRangeValueRendersCompilerStyle() throws {
        let issue = try XCTUnwrap(singleIssue(baseYAML + "    prbs: 300\n"))
        XCTAssertEqual(issue, ScenarioIssue(path: "cells[0].prbs", line: 18, column: 11,
                                            message: "300 is out of range", allowed: "1...275"))
        XCTAssertEqual(issue.rendered(file: "t.yaml"), "t.yaml:18:11: error: cells[0].prbs: 300 is out of range; allowed 1...275")
    }

    func testWarmupDefaultsToZeroAndIsReadAsADuration() throws {
        XCTAssertEqual(try ScenarioLoader.load(yaml: baseYAML, file: "t.yaml").warmupMs, 0)
        let s = try ScenarioLoader.load(yaml: baseYAML.replacingOnce("duration: 1s", with: "duration: 1s\nwarmup: 200ms"), file: "t.yaml")
        XCTAssertEqual(s.warmupMs, 200)
    }

    func testWarmupMustLeaveAMeasurementWindow() throws {
        let issue = try XCTUnwrap(singleIssue(baseYAML.replacingOnce("duration: 1s", with: "duration: 1s\nwarmup: 500ms")))
        XCTAssertEqual(issue.path, "warmup")
        XCTAssertEqual(issue.allowed, "less than half of duration")
        let unit = try XCTUnwrap(singleIssue(baseYAML.replacingOnce("duration: 1s", with: "duration: 1s\nwarmup: 200")))
        XCTAssertEqual(unit.path, "warmup", "a bare number is refused like any duration")
    }

    func testRealNumberRangesWithAnOpenEnd() throws {
        let issue = try XCTUnwrap(singleIssue(baseYAML.replacingOnce("count: 4,", with: "count: 4, downlink: { rateMbps: 0 },")))
        XCTAssertEqual(issue.path, "ueGroups[0].downlink.rateMbps")
        XCTAssertEqual([issue.line, issue.column], [13, 53])
        XCTAssertEqual(issue.description, "ueGroups[0].downlink.rateMbps: 0 is out of range; allowed more than 0, up to 100000")
    }

    func testMisspeltKeySuggestsTheClosestAndListsAllowedKeys() throws {
        let issue = try XCTUnwrap(singleIssue(baseYAML + "    prb: 100\n"))
        XCTAssertEqual(issue.path, "cells[0].prb")
        XCTAssertEqual([issue.line, issue.column], [18, 5])
        XCTAssertEqual(issue.suggestion, "prbs")
        XCTAssertEqual(issue.description, """
            cells[0].prb: unknown key 'prb' in cell (did you mean 'prbs'?); allowed name, du, ru, prbs, carrierGHz, \
            duplex, tddPattern, txPowerDbm, position, mcsTable, scheduler, maxGrantsDL, maxGrantsUL, fixedMCS, \
            fronthaulCompression, propagation, ntn, neighbours, antenna, azimuthDeg, downtiltDeg, lineOfSight, shadowing, fastFading, \
            pfWindowSlots, harqProcesses, maxHARQTransmissions, antennaPorts, mac
            """)
    }

    func testMisspeltKeyAndMisspeltEnumValueEachGetASuggestion() {
        let found = issues(baseYAML + "    schedular: pf\n    scheduler: pff\n")
        XCTAssertEqual(found.map(\.path), ["cells[0].schedular", "cells[0].scheduler"])
        XCTAssertEqual(found.map(\.suggestion), ["scheduler", "pf"])
        XCTAssertEqual(found.map { [$0.line, $0.column] }, [[18, 5], [19, 16]])
        XCTAssertEqual(found.last?.description, "cells[0].scheduler: 'pff' is not allowed (did you mean 'pf'?); allowed rr, pf, maxrate")
    }

    func testEnumValueInTheWrongCaseSuggestsTheRightOne() throws {
        let issue = try XCTUnwrap(singleIssue(baseYAML + "    duplex: TDD\n"))
        XCTAssertEqual(issue.suggestion, "tdd")
        XCTAssertEqual(issue.allowed, "tdd, fdd")
    }

    func testSwappedLettersCountAsOneEdit() {
        // The misspelt role is reported once; "no core node" is not added on top of it.
        let found = issues(baseYAML.replacingOnce("role: core,", with: "role: coer,"))
        XCTAssertEqual(found.map(\.description), ["nodes[0].role: 'coer' is not allowed (did you mean 'core'?); allowed core, cu, du, ru, channel, ue, orchestrator"])
        XCTAssertEqual(Suggestions.editDistance("coer", "core"), 1)
        XCTAssertEqual(Suggestions.editDistance("kitten", "sitting"), 3)
        XCTAssertNil(Suggestions.closest(to: "zzz", in: ["rr", "pf", "maxrate"]))
    }

    func testWrongTypesSayWhatWasExpectedAndWhatWasFound() {
        let found = issues(baseYAML.replacingOnce("count: 4", with: "count: \"4\"")
                           + "    prbs: lots\n    position: 5\n    carrierGHz: { ghz: 3 }\n")
        XCTAssertEqual(found.map(\.description), [
            "ueGroups[0].count: expected an integer, found '4'; allowed 1...100000",
            "cells[0].prbs: expected an integer, found 'lots'; allowed 1...275",
            "cells[0].position: expected a list of numbers, found 5",
            "cells[0].carrierGHz: expected a number, found a map; allowed 0.4...100",
        ])
        XCTAssertEqual(found.map { [$0.line, $0.column] }, [[13, 28], [18, 11], [19, 15], [20, 17]])
    }

    func testListCountAndListItemsAreChecked() {
        let found = issues(baseYAML.replacingOnce("  - name: acme\n", with: "  - name: acme\n    ngVersions: [1, 300]\n    numerologies: []\n")
                           + "    position: [0, 0]\n")
        XCTAssertEqual(found.map(\.path), ["vendors[0].ngVersions[1]", "vendors[0].numerologies", "cells[0].position"])
        XCTAssertEqual(found.map(\.description), [
            "vendors[0].ngVersions[1]: 300 is out of range; allowed 1...255",
            "vendors[0].numerologies: is empty; allowed 1 or more integers",
            "cells[0].position: has 2 items; allowed exactly 3 numbers",
        ])
        XCTAssertEqual(found.map { [$0.line, $0.column] }, [[5, 21], [6, 19], [20, 15]])
    }

    func testMissingRequiredKeysPointAtTheObjectThatLacksThem() {
        let found = issues(baseYAML.replacingOnce("duration: 1s\n", with: "").replacingOnce("    ru: ru1\n", with: ""))
        XCTAssertEqual(found.map(\.description), [
            "duration: missing required key 'duration' (a duration)",
            "cells[0].ru: missing required key 'ru' (the name of an ru node)",
        ])
        // The top level starts at 1:1; cells[0] starts at its first key.
        XCTAssertEqual(found.map { [$0.line, $0.column] }, [[1, 1], [14, 5]])
    }

    func testKeyWithoutValueCountsAsMissingAndPointsAtTheKey() throws {
        let issue = try XCTUnwrap(singleIssue(baseYAML.replacingOnce("name: t\n", with: "name:\n")))
        XCTAssertEqual(issue.path, "name")
        XCTAssertEqual([issue.line, issue.column], [1, 1])
    }

    func testDuplicateNamesPointAtTheSecondOne() throws {
        let issue = try XCTUnwrap(singleIssue(baseYAML.replacingOnce("name: air,", with: "name: du1,")))
        XCTAssertEqual(issue.path, "nodes[4].name")
        XCTAssertEqual([issue.line, issue.column], [10, 13])
        XCTAssertEqual(issue.message, "duplicate name 'du1', already used by nodes[2] (line 8)")
    }

    func testReferenceToAMissingNodeSuggestsAndListsCandidates() throws {
        let issue = try XCTUnwrap(singleIssue(baseYAML.replacingOnce("    du: du1\n", with: "    du: du9\n")))
        XCTAssertEqual(issue, ScenarioIssue(path: "cells[0].du", line: 16, column: 9, message: "there is no node named 'du9'",
                                            suggestion: "du1", allowed: "du nodes: du1"))
    }

    func testReferenceToANodeOfTheWrongRole() {
        let found = issues(baseYAML.replacingOnce("cu: cu1 }", with: "cu: core1 }"))
        XCTAssertEqual(found.first, ScenarioIssue(path: "nodes[2].cu", line: 8, column: 46,
                                                  message: "'core1' is a core node (nodes[0]), not a cu node",
                                                  allowed: "cu nodes: cu1"))
    }

    func testReferenceToAMissingVendorOrCell() {
        let found = issues(baseYAML.replacingOnce("vendor: acme, cu:", with: "vendor: acmee, cu:")
                           .replacingOnce("cell: cell1 }", with: "cell: cell2 }"))
        XCTAssertEqual(found.map(\.description), [
            "nodes[2].vendor: there is no vendor named 'acmee' (did you mean 'acme'?); allowed vendors: acme",
            "ueGroups[0].cell: there is no cell named 'cell2' (did you mean 'cell1'?); allowed cells: cell1",
        ])
        XCTAssertEqual(found.map { [$0.line, $0.column] }, [[8, 36], [13, 37]])
    }

    func testRoleSpecificKeys() {
        // `core` on a du is not allowed; the du then also lacks its required `cu`.
        let found = issues(baseYAML.replacingOnce("cu: cu1 }", with: "core: core1 }"))
        XCTAssertEqual(found.map(\.description), [
            "nodes[2].cu: missing key 'cu', required when role is du (the name of a cu node)",
            "nodes[2].core: 'core' is only allowed when role is cu, and role is du here",
        ])
        XCTAssertEqual(found.map { [$0.line, $0.column] }, [[8, 5], [8, 42]])
    }

    func testVendorIsRequiredOnRANNodesButAllowedOnChannelAndUE() {
        let withoutVendor = issues(baseYAML.replacingOnce("role: ru, vendor: acme,", with: "role: ru,"))
        XCTAssertEqual(withoutVendor.map(\.description),
                       ["nodes[3].vendor: missing key 'vendor', required when role is core, cu, du or ru (the name of a vendor)"])
        XCTAssertNoThrow(try ScenarioLoader.load(
            yaml: baseYAML.replacingOnce("role: channel }", with: "role: channel, vendor: acme }"), file: "t.yaml"))
    }

    func testTopologyMustHaveExactlyOneCoreAndChannel() {
        let found = issues(baseYAML.replacingOnce("name: air, role: channel", with: "name: core2, role: core, vendor: acme"))
        XCTAssertEqual(found.map(\.description), [
            "nodes: no channel node; allowed exactly one node with role: channel",
            "nodes[4].role: a second core node; 'core1' (nodes[0]) is already the core; allowed exactly one core node",
        ])
        XCTAssertEqual(found.map { [$0.line, $0.column] }, [[6, 3], [10, 26]])
    }

    func testEveryDUNeedsACellAndAnRUServesOneCellOfItsOwnDU() {
        let yaml = baseYAML.replacingOnce("  - { name: air,", with: """
              - { name: du2, role: du, vendor: acme, cu: cu1 }
              - { name: ru2, role: ru, vendor: acme, du: du2 }
              - { name: air,
            """) + """
              - { name: cell2, du: du1, ru: ru2 }
              - { name: cell3, du: du1, ru: ru1 }

            """
        let found = issues(yaml)
        XCTAssertEqual(found.map(\.description), [
            "nodes[4]: du 'du2' runs no cell; allowed a cell with du: du2 in cells",
            "cells[1].ru: ru 'ru2' belongs to du 'du2' (nodes[5].du), not to this cell's du 'du1'; allowed an ru whose du is du1",
            "cells[2].ru: ru 'ru1' already serves cell 'cell1' (cells[0]); allowed one cell per ru",
        ])
        XCTAssertEqual(found.map { [$0.line, $0.column] }, [[10, 13], [20, 33], [21, 33]])
    }

    func testUENodeAndGroupsAreRequired() {
        let found = issues(baseYAML.replacingOnce("  - { name: ues, role: ue }\n", with: ""))
        XCTAssertEqual(found.map(\.description), [
            "nodes: no ue node; UE groups need a ue node to run in; allowed one or more nodes with role: ue",
            "ueGroups[0].node: missing key 'node' (the name of a ue node); there is none to default to; allowed none: no ue node is defined",
        ])
    }

    func testGroupMustNameItsNodeWhenThereAreSeveralUENodes() throws {
        let yaml = baseYAML.replacingOnce("  - { name: ues, role: ue }\n", with: "  - { name: ues, role: ue }\n  - { name: ues2, role: ue }\n")
        let issue = try XCTUnwrap(singleIssue(yaml))
        XCTAssertEqual(issue.path, "ueGroups[0].node")
        XCTAssertEqual([issue.line, issue.column], [14, 5])
        XCTAssertEqual(issue.allowed, "ue nodes: ues, ues2")
    }

    func testTCPPortsMustFitAfterBasePort() throws {
        let yaml = baseYAML.replacingOnce("duration: 1s\n", with: "duration: 1s\ntransport: { kind: tcp, basePort: 65000 }\n")
        XCTAssertNoThrow(try ScenarioLoader.load(yaml: yaml, file: "t.yaml"))
        let tooMany = (0..<530).map { "  - { name: extra\($0), role: ue }\n" }.joined()
        let issue = try XCTUnwrap(singleIssue(yaml.replacingOnce("ueGroups:\n", with: tooMany + "ueGroups:\n")
            .replacingOnce("cell: cell1 }", with: "cell: cell1, node: ues }")))
        XCTAssertEqual(issue.description, "transport.basePort: 65000 + 536 nodes runs past port 65535; allowed at most 64999 with 536 nodes")
        XCTAssertEqual([issue.line, issue.column], [3, 35])
    }

    func testTCPBeyondLoopbackNeedsExposed() throws {
        let open = baseYAML.replacingOnce("duration: 1s\n", with: "duration: 1s\ntransport: { kind: tcp, host: 0.0.0.0 }\n")
        let issue = try XCTUnwrap(singleIssue(open))
        XCTAssertEqual(issue.description, "transport.host: 0.0.0.0 would take connections from other machines; "
                       + "allowed a loopback host (127.0.0.1), or transport.exposed: true to allow it")
        let optedIn = open.replacingOnce("host: 0.0.0.0 }", with: "host: 0.0.0.0, exposed: true }")
        let scenario = try ScenarioLoader.load(yaml: optedIn, file: "t.yaml")
        XCTAssertTrue(scenario.bindsBeyondLoopback(node: scenario.nodes[0].name))
        let local = try ScenarioLoader.load(yaml: baseYAML.replacingOnce("duration: 1s\n", with: "duration: 1s\ntransport: { kind: tcp }\n"),
                                            file: "t.yaml")
        XCTAssertFalse(local.bindsBeyondLoopback(node: local.nodes[0].name))
    }

    func testFixedMCSDependsOnTheMCSTable() throws {
        let issue = try XCTUnwrap(singleIssue(baseYAML + "    fixedMCS: 28\n"))
        XCTAssertEqual(issue.description, "cells[0].fixedMCS: 28 is out of range for mcsTable qam256; allowed 0...27 (0...28 with qam64)")
        XCTAssertEqual([issue.line, issue.column], [18, 15])
        XCTAssertNoThrow(try ScenarioLoader.load(yaml: baseYAML + "    fixedMCS: 28\n    mcsTable: qam64\n", file: "t.yaml"))
    }

    /// A CORESET counts 6-PRB groups and lies inside the carrier; the MAC keys load with their defaults.
    func testMACKeysLoadAndTheCORESETFitsTheCarrier() throws {
        let issue = try XCTUnwrap(singleIssue(baseYAML + "    mac: { coresetPRBs: 50 }\n"))
        XCTAssertTrue(issue.description.hasPrefix("cells[0].mac.coresetPRBs: 50 PRBs is not a CORESET of this cell; allowed a multiple of 6"),
                      issue.description)
        XCTAssertEqual(issue.line, 18)
        XCTAssertNotNil(singleIssue(baseYAML + "    mac: { k1: [4, 16] }\n"))
        XCTAssertNotNil(singleIssue(baseYAML + "    mac: { srPeriod: 0.5ms }\n"))
        let loaded = try ScenarioLoader.load(yaml: baseYAML + "    mac: { k1: [4, 5, 6], pucchPerSlot: 8, srPeriod: 10ms }\n", file: "t.yaml")
        XCTAssertEqual(loaded.cells[0].mac, CellMACConfig(k1: [4, 5, 6], pucchPerSlot: 8, srPeriodMs: 10))
        let defaults = try ScenarioLoader.load(yaml: baseYAML, file: "t.yaml")
        XCTAssertEqual(defaults.cells[0].mac, CellMACConfig())
    }

    /// TR 38.901 clause 7.4.1: RMa holds to 30 GHz only, the other models 0.5...100 GHz; a terrestrial
    /// cell outside its model's range is refused rather than extrapolated.
    func testCarrierMustLieInThePropagationModelsRange() throws {
        let issue = try XCTUnwrap(singleIssue(baseYAML + "    carrierGHz: 35\n    propagation: rma\n"))
        XCTAssertEqual(issue.description,
                       "cells[0].carrierGHz: 35 GHz is outside the rma path-loss model; allowed 0.5...30 for propagation rma (TR 38.901 Table 7.4.1-1)")
        XCTAssertEqual([issue.line, issue.column], [18, 17])
        XCTAssertEqual(singleIssue(baseYAML + "    carrierGHz: 0.45\n")?.description,
                       "cells[0].carrierGHz: 0.45 GHz is outside the uma path-loss model; allowed 0.5...100 for propagation uma (TR 38.901 Table 7.4.1-1)")
        XCTAssertNoThrow(try ScenarioLoader.load(yaml: baseYAML + "    carrierGHz: 30\n    propagation: rma\n", file: "t.yaml"))
        XCTAssertNoThrow(try ScenarioLoader.load(yaml: baseYAML + "    carrierGHz: 35\n    propagation: uma\n", file: "t.yaml"))
        XCTAssertNoThrow(try ScenarioLoader.load(yaml: baseYAML + "    carrierGHz: 100\n    propagation: inh\n", file: "t.yaml"))
    }

    /// A non-terrestrial cell takes its losses from the NTN models, so `propagation` bounds nothing there.
    func testCarrierRangeRuleLeavesNTNCellsAlone() throws {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Scenarios/haps-rural.yaml")
        let yaml = try String(contentsOf: url, encoding: .utf8)
        XCTAssertNoThrow(try ScenarioLoader.load(yaml: yaml.replacingOnce("    carrierGHz: 2.0\n", with: "    carrierGHz: 40\n    propagation: rma\n"),
                                                 file: "haps-rural.yaml"))
        let issue = try XCTUnwrap(singleIssue(yaml.replacingOnce("carrierGHz: 0.7", with: "carrierGHz: 31")))
        XCTAssertEqual(issue.path, "cells[0].carrierGHz")
    }

    func testStringRules() {
        let found = issues(baseYAML.replacingOnce("name: t\n", with: "name: my run\n")
            .replacingOnce("role: ue }", with: "role: ue, endpoint: \"udp://x:1\" }")
            + "    tddPattern: DDDX\n")
        XCTAssertEqual(found.map(\.description), [
            "name: 'my run' contains ' '; allowed letters, digits, '_' and '-', at most 64 characters",
            "nodes[5].endpoint: 'udp://x:1' does not start with tcp:// or ipc://; allowed tcp://HOST:PORT or ipc://PATH",
            "cells[0].tddPattern: 'DDDX' contains 'X'; allowed 1 to 80 of the letters D, S, U, with a D and a U or S",
        ])
        XCTAssertEqual(issues(baseYAML + "    tddPattern: DDDD\n").map(\.message), ["'DDDD' has no uplink opportunity (U or S)"])
    }

    func testPlacementInnerRadiusMustBeBelowOuter() throws {
        let issue = try XCTUnwrap(singleIssue(baseYAML.replacingOnce("count: 4,", with: "count: 4, placement: { radiusM: 5 },")))
        XCTAssertEqual(issue.description, "ueGroups[0].placement.minRadiusM: 10 is not less than radiusM 5; allowed less than radiusM")
    }

    func testYAMLSyntaxErrorReportsItsLine() throws {
        let issue = try XCTUnwrap(singleIssue(baseYAML.replacingOnce("    du: du1\n", with: "    du: [du1\n")))
        XCTAssertEqual(issue.path, "")
        XCTAssertEqual(issue.line, 17)
        XCTAssertTrue(issue.message.hasPrefix("YAML syntax: "), issue.message)
    }

    func testDuplicateKeyIsReported() throws {
        let issue = try XCTUnwrap(singleIssue(baseYAML + "    du: du1\n"))
        XCTAssertEqual(issue.message, "duplicate key 'du' in the same map; each key may appear once")
        XCTAssertEqual(issue.line, 16)
    }

    func testEmptyFileListsEveryRequiredKey() {
        XCTAssertEqual(issues("").map(\.path), ["name", "duration", "vendors", "nodes", "cells", "ueGroups"])
        XCTAssertEqual(issues("- a\n").map(\.description), ["expected a map (scenario), found a list"])
    }

    func testSeveralErrorsAreReportedTogetherInFileOrder() throws {
        let path = try fixturePath("many-errors")
        XCTAssertThrowsError(try ScenarioLoader.load(path: path)) { error in
            guard let error = error as? ScenarioValidationError else { return XCTFail("\(error)") }
            let lines = error.description.split(separator: "\n").map { $0.replacingOccurrences(of: path, with: "F") }
            XCTAssertEqual(lines, [
                "F:1:7: error: name: 'broken run' contains ' '; allowed letters, digits, '_' and '-', at most 64 characters",
                "F:2:11: error: duration: unknown duration unit 'sec' (did you mean '2s'?); allowed us, ms, s, min after a number (e.g. 2s, 500ms, 1.5min)",
                "F:3:13: error: numerology: 4 is out of range; allowed 0...3",
                "F:6:14: error: vendors[0].maxPRBs: 300 is out of range; allowed 1...275",
                "F:10:36: error: nodes[2].vendor: there is no vendor named 'acmee' (did you mean 'acme'?); allowed vendors: acme",
                "F:11:46: error: nodes[3].du: 'cu1' is a cu node (nodes[1]), not a du node; allowed du nodes: du1",
                "F:18:5: error: cells[0].prb: unknown key 'prb' in cell (did you mean 'prbs'?); allowed name, du, ru, prbs, carrierGHz, duplex, tddPattern, txPowerDbm, position, mcsTable, scheduler, maxGrantsDL, maxGrantsUL, fixedMCS, fronthaulCompression, propagation, ntn, neighbours, antenna, azimuthDeg, downtiltDeg, lineOfSight, shadowing, fastFading, pfWindowSlots, harqProcesses, maxHARQTransmissions, antennaPorts, mac",
                "F:19:5: error: cells[0].schedular: unknown key 'schedular' in cell (did you mean 'scheduler'?); allowed name, du, ru, prbs, carrierGHz, duplex, tddPattern, txPowerDbm, position, mcsTable, scheduler, maxGrantsDL, maxGrantsUL, fixedMCS, fronthaulCompression, propagation, ntn, neighbours, antenna, azimuthDeg, downtiltDeg, lineOfSight, shadowing, fastFading, pfWindowSlots, harqProcesses, maxHARQTransmissions, antennaPorts, mac",
                "F:20:16: error: cells[0].scheduler: 'pff' is not allowed (did you mean 'pf'?); allowed rr, pf, maxrate",
                "F:22:28: error: ueGroups[0].count: 0 is out of range; allowed 1...100000",
                "F:22:37: error: ueGroups[0].cell: there is no cell named 'cell2' (did you mean 'cell1'?); allowed cells: cell1",
            ])
        }
    }
}
