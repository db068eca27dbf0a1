import Foundation
import XCTest

/// Runs with an orchestrator: actions at their slot, compute overruns, determinism, refusals,
/// and an external policy over ZeroMQ.
final class OrchestratorRunTests: XCTestCase {
    /// Two cells on one vDU; `cores`, policy and traffic vary per test.
    static func scenario(policy: String = "threshold", cores: Int = 4, downlink: String = "{ kind: cbr, rateMbps: 20 }",
                         duration: String = "600ms", endpoint: String? = nil, prbs: Int = 106) -> String {
        """
        name: orch-test
        duration: \(duration)
        numerology: 1
        links: { ng: 500us, f1: 250us, fronthaul: 50us, air: 1us, e2: 5ms }
        capture: { enabled: false }
        vendors:
          - { name: acme, ruType: micro }
        orchestrator: { policy: \(policy), period: 100ms\(endpoint.map { ", externalEndpoint: \"\($0)\", externalTimeout: 2s" } ?? "") }
        servers:
          - { name: srv1, cores: 8, idleW: 100, fullLoadW: 300 }
        nodes:
          - { name: core1, role: core, vendor: acme }
          - { name: cu1,   role: cu,   vendor: acme, core: core1 }
          - { name: du1,   role: du,   vendor: acme, cu: cu1, server: srv1, cores: \(cores) }
          - { name: ru1,   role: ru,   vendor: acme, du: du1 }
          - { name: ru2,   role: ru,   vendor: acme, du: du1 }
          - { name: air,   role: channel }
          - { name: ues,   role: ue }
          - { name: smo,   role: orchestrator }
        cells:
          - { name: cell1, du: du1, ru: ru1, prbs: \(prbs), duplex: fdd, carrierGHz: 2.6 }
          - { name: cell2, du: du1, ru: ru2, prbs: \(prbs), duplex: fdd, carrierGHz: 2.6, position: [400, 0, 25] }
        slices:
          - { name: urllc, minPRBShare: 0.1, priority: 10, latencyTargetMs: 10 }
          - { name: embb, priority: 1 }
        ueGroups:
          - { name: video1, count: 4, cell: cell1, slice: embb, downlink: \(downlink) }
          - { name: video2, count: 4, cell: cell2, slice: embb, downlink: \(downlink) }
          - { name: ctrl, count: 2, cell: cell1, slice: urllc, downlink: { kind: cbr, rateMbps: 0.2, packetBytes: 100 } }

        """
    }

    /// Runs the scenario with its nodes in one process unless `inProcess` is false; returns the run folder.
    static func run(_ yaml: String, _ name: String, policy: String? = nil, inProcess: Bool = true) throws -> String {
        let dir = B5G.temporaryDirectory(name)
        let path = "\(dir)/s.yaml"
        try yaml.write(toFile: path, atomically: true, encoding: .utf8)
        var args = ["run", path, "--out", "\(dir)/run", "--quiet"]
        if let policy { args += ["--policy", policy] }
        if inProcess { args.append("--in-process") }
        let result = try B5G.run(args)
        XCTAssertEqual(result.status, 0, result.stderr)
        return "\(dir)/run"
    }

    /// Rows of actions.csv as dictionaries by header (fields here hold no line breaks).
    static func actions(_ folder: String) throws -> [[String: String]] {
        let lines = try String(contentsOfFile: "\(folder)/actions.csv", encoding: .utf8).split(separator: "\n").map(String.init)
        let header = lines[0].split(separator: ",").map(String.init)
        return lines.dropFirst().map { line in
            var fields: [String] = [], field = "", quoted = false
            var chars = Array(line)[...]
            while let c = chars.popFirst() {
                if quoted {
                    if c == "\"" { if chars.first == "\"" { field.append("\""); chars.removeFirst() } else { quoted = false } }
                    else { field.append(c) }
                } else if c == "\"" { quoted = true }
                else if c == "," { fields.append(field); field = "" }
                else { field.append(c) }
            }
            fields.append(field)
            return Dictionary(uniqueKeysWithValues: zip(header, fields))
        }
    }

    func testActionsTakeEffectOnTheSlotTheyName() throws {
        let folder = try Self.run(Self.scenario(), "orch-slot")
        let rows = try Self.actions(folder).filter { $0["accepted"] == "true" }
        XCTAssertFalse(rows.isEmpty, "the threshold policy gives back idle cores")
        for row in rows where !(row["applied_slot"] ?? "").isEmpty {
            XCTAssertEqual(row["applied_slot"], row["slot"], "action \(row["id"] ?? "")")
        }
        XCTAssertTrue(rows.contains { !($0["applied_slot"] ?? "").isEmpty })
        let summary = try B5G.summary(folder)
        let energy = try XCTUnwrap(summary["energy"] as? [String: Any])
        XCTAssertGreaterThan(energy["totalJ"] as? Double ?? 0, 0)
        let kinds = try XCTUnwrap(energy["perKindJ"] as? [String: Double])
        XCTAssertEqual(Set(kinds.keys), ["ru", "server", "fronthaul"])
        XCTAssertGreaterThanOrEqual(kinds["fronthaul"] ?? 0, 2 * 3.5 * 0.6 * 0.99, "two lit 10G ports for 600 ms at least")
        let power = try String(contentsOfFile: "\(folder)/power.csv", encoding: .utf8)
        XCTAssertTrue(power.contains(",du1-ru1,fronthaul,"), power)
        let attainment = try XCTUnwrap(summary["attainment"] as? [String: Any])
        XCTAssertEqual(attainment["periods"] as? Int, 6, "600 ms in 100 ms periods, the last one included")
        XCTAssertTrue(FileManager.default.fileExists(atPath: "\(folder)/power.csv"))
    }

    func testComputeOverrunRaisesLatency() throws {
        let full = "{ kind: fullBuffer, packetBytes: 1400 }"
        let starved = try B5G.summary(Self.run(Self.scenario(policy: "static", cores: 1, downlink: full, prbs: 273), "orch-starved"))
        let provisioned = try B5G.summary(Self.run(Self.scenario(policy: "static", cores: 8, downlink: full, prbs: 273), "orch-full"))
        let late = starved["computeLateSlots"] as? Int ?? 0
        XCTAssertGreaterThan(late, 0, "one core cannot process two full 100 MHz carriers in a 500 us slot")
        XCTAssertEqual(provisioned["computeLateSlots"] as? Int, 0)
        func p99(_ s: [String: Any]) -> Double {
            let slices = s["slices"] as? [[String: Any]] ?? []
            let embb = slices.first { $0["name"] as? String == "embb" }
            return (embb?["downlinkLatency"] as? [String: Any])?["p99Ms"] as? Double ?? 0
        }
        XCTAssertGreaterThan(p99(starved), p99(provisioned))
    }

    /// The scenario with cu1 as a vCU of another vendor, 20 times slower than the preset, on srv1.
    static func vcuScenario(policy: String, cuCores: Int) -> String {
        scenario(policy: policy)
            .replacingOccurrences(of: "  - { name: acme, ruType: micro }",
                                  with: "  - { name: acme, ruType: micro }\n  - { name: slowcu, computeScale: 20 }")
            .replacingOccurrences(of: "  - { name: cu1,   role: cu,   vendor: acme, core: core1 }",
                                  with: "  - { name: cu1,   role: cu,   vendor: slowcu, core: core1, server: srv1, cores: \(cuCores) }")
    }

    /// 160 Mbit/s of 1400-byte packets cost the slowed vCU about 690 us of work per 500 us slot: one
    /// core falls behind (late slots, packets wait, latency grows), four keep up, and the
    /// latency-power policy grows the single core from the vCU's own reports.
    func testVCUOverrunRaisesLatencyAndThePolicyGivesItCores() throws {
        let starved = try Self.run(Self.vcuScenario(policy: "static", cuCores: 1), "orch-vcu-starved")
        let provisioned = try Self.run(Self.vcuScenario(policy: "static", cuCores: 4), "orch-vcu-full")
        let sized = try Self.run(Self.vcuScenario(policy: "latency-power", cuCores: 1), "orch-vcu-sized")
        let s = try B5G.summary(starved), p = try B5G.summary(provisioned), z = try B5G.summary(sized)
        XCTAssertGreaterThan(s["computeLateSlots"] as? Int ?? 0, 0, "one core falls behind")
        XCTAssertEqual(p["computeLateSlots"] as? Int, 0)
        func p99(_ s: [String: Any]) -> Double {
            let slices = s["slices"] as? [[String: Any]] ?? []
            let embb = slices.first { $0["name"] as? String == "embb" }
            return (embb?["downlinkLatency"] as? [String: Any])?["p99Ms"] as? Double ?? 0
        }
        XCTAssertGreaterThan(p99(s), 2 * p99(p), "packets queue behind the vCU's one core")
        let grow = try XCTUnwrap(try Self.actions(sized).first { $0["type"] == "setVCUCores" && $0["accepted"] == "true" })
        XCTAssertEqual(grow["node"], "cu1")
        XCTAssertEqual(grow["applied_slot"], grow["slot"])
        XCTAssertLessThan(p99(z), p99(s), "the policy's cores shorten the queue")
        XCTAssertLessThan(z["computeLateSlots"] as? Int ?? .max, s["computeLateSlots"] as? Int ?? 0)
    }

    /// A capacity carrier (3.5 GHz) co-sited with a coverage carrier (2.6 GHz) on one DU: when the
    /// coverage cell is nearly idle the threshold policy steers its UEs to the other cell and sleeps its RU.
    func testSteeringEmptiesACellAndItsRUSleeps() throws {
        let yaml = Self.scenario(downlink: "{ kind: cbr, rateMbps: 5 }", duration: "800ms")
            .replacingOccurrences(of: "carrierGHz: 2.6, position: [400, 0, 25]", with: "carrierGHz: 3.5")
            .replacingOccurrences(of: "  - { name: ctrl, count: 2, cell: cell1,", with: "  - { name: ctrl, count: 2, cell: cell2,")
            .replacingOccurrences(of: "  - { name: video1, count: 4, cell: cell1, slice: embb, downlink: { kind: cbr, rateMbps: 5 } }",
                                  with: "  - { name: video1, count: 1, cell: cell1, slice: embb, downlink: { kind: cbr, rateMbps: 1 } }")
        let folder = try Self.run(yaml, "orch-steer")
        let rows = try Self.actions(folder)
        let steer = try XCTUnwrap(rows.first { $0["type"] == "steerUEs" }, "\(rows)")
        XCTAssertEqual(steer["accepted"], "true")
        XCTAssertEqual(steer["applied_slot"], steer["slot"])
        XCTAssertTrue(steer["detail"]?.contains("\"fromCell\":\"cell1\"") == true, steer["detail"] ?? "")
        let sleep = try XCTUnwrap(rows.first { $0["type"] == "ruSleep" })
        XCTAssertEqual(sleep["accepted"], "true")
        XCTAssertEqual(sleep["applied_slot"], sleep["slot"])
        XCTAssertGreaterThan(Int(sleep["slot"] ?? "") ?? 0, Int(steer["slot"] ?? "") ?? 0)
        // The steered UE keeps being served by the other cell.
        let summary = try B5G.summary(folder)
        let ues = summary["ues"] as? [[String: Any]] ?? []
        let moved = try XCTUnwrap(ues.first { $0["name"] as? String == "video1-0" })
        let loss = (moved["downlink"] as? [String: Any])?["loss"] as? Double ?? 1
        XCTAssertLessThan(loss, 0.02)
    }

    /// cell2 on its own DU (du2) lists cell1 on du1 as a neighbour (one-port cells, so cell1's load
    /// stays above the policy's threshold): the threshold policy asks the CU
    /// to move cell2's UE, the CU runs the inter-DU handover (target DU admits, source DU
    /// releases), ru2 sleeps, and the UE is served by du1 from then on.
    func testUEsSteeredToACellOfAnotherDUThroughTheCU() throws {
        let yaml = Self.scenario(downlink: "{ kind: cbr, rateMbps: 5 }", duration: "800ms")
            .replacingOccurrences(of: "  - { name: ru2,   role: ru,   vendor: acme, du: du1 }",
                                  with: "  - { name: du2,   role: du,   vendor: acme, cu: cu1, server: srv1, cores: 2 }\n"
                                      + "  - { name: ru2,   role: ru,   vendor: acme, du: du2 }")
            .replacingOccurrences(of: "  - { name: cell1, du: du1, ru: ru1, prbs: 106, duplex: fdd, carrierGHz: 2.6 }",
                                  with: "  - { name: cell1, du: du1, ru: ru1, prbs: 106, duplex: fdd, carrierGHz: 2.6, neighbours: [cell2], antennaPorts: 1 }")
            .replacingOccurrences(of: "  - { name: cell2, du: du1, ru: ru2,", with: "  - { name: cell2, du: du2, ru: ru2, neighbours: [cell1], antennaPorts: 1,")
            .replacingOccurrences(of: "  - { name: video2, count: 4, cell: cell2, slice: embb, downlink: { kind: cbr, rateMbps: 5 } }",
                                  with: "  - { name: video2, count: 1, cell: cell2, slice: embb, downlink: { kind: cbr, rateMbps: 1 } }")
            .replacingOccurrences(of: "cores: 4 }", with: "cores: 6 }")
        let folder = try Self.run(yaml, "orch-inter-du")
        let rows = try Self.actions(folder)
        let steer = try XCTUnwrap(rows.first { $0["type"] == "steerUEs" }, "\(rows)")
        XCTAssertEqual(steer["node"], "cu1", "cells of two DUs: the CU moves the UEs")
        XCTAssertEqual(steer["accepted"], "true")
        XCTAssertEqual(steer["applied_slot"], steer["slot"])
        XCTAssertTrue(steer["detail"]?.contains("\"fromCell\":\"cell2\"") == true, steer["detail"] ?? "")
        let sleep = try XCTUnwrap(rows.first { $0["type"] == "ruSleep" }, "\(rows)")
        XCTAssertEqual(sleep["accepted"], "true")
        XCTAssertTrue(sleep["detail"]?.contains("ru2") == true, sleep["detail"] ?? "")
        let summary = try B5G.summary(folder)
        XCTAssertEqual(summary["interDUHandovers"] as? Int, 1)
        let moved = try XCTUnwrap((summary["ues"] as? [[String: Any]])?.first { $0["name"] as? String == "video2-0" })
        let downlink = try XCTUnwrap(moved["downlink"] as? [String: Any])
        XCTAssertLessThan(downlink["loss"] as? Double ?? 1, 0.05, "served by du1 after the handover")
        XCTAssertGreaterThan(downlink["throughputMbps"] as? Double ?? 0, 0.9)
        let processes = summary["processes"] as? [[String: Any]] ?? []
        XCTAssertTrue(processes.allSatisfy { ($0["decodeErrors"] as? Int ?? 0) == 0 }, "\(processes.map { ($0["node"] ?? "", $0["decodeErrors"] ?? "") })")
    }

    /// The bundled night scenario (1.5 s of it): site 2 is emptied into site 1 across DUs, its RU
    /// sleeps, its vDU moves and its server goes off; twice with one seed, the same actions and energy.
    func testNightConsolidationAcrossDUsIsDeterministic() throws {
        let dir = B5G.temporaryDirectory("orch-night")
        let path = try B5G.scenario("night-consolidation.yaml", in: dir, replacing: ["duration": "1500ms"])
        var runs: [(actions: String, summary: [String: Any])] = []
        for k in 0..<2 {
            let out = "\(dir)/run\(k)"
            let result = try B5G.run(["run", path, "--out", out, "--quiet", "--in-process"])
            XCTAssertEqual(result.status, 0, result.stderr)
            runs.append((try String(contentsOfFile: "\(out)/actions.csv", encoding: .utf8), try B5G.summary(out)))
        }
        XCTAssertEqual(runs[0].actions, runs[1].actions)
        let energy = { (s: [String: Any]) in (s["energy"] as? [String: Any])?["totalJ"] as? Double }
        XCTAssertEqual(energy(runs[0].summary), energy(runs[1].summary))
        let rows = try Self.actions("\(dir)/run0")
        XCTAssertTrue(rows.contains { $0["type"] == "steerUEs" && $0["node"] == "cu1" && $0["accepted"] == "true" }, "\(rows)")
        XCTAssertTrue(rows.contains { $0["type"] == "ruSleep" && $0["node"] == "ru2" && $0["accepted"] == "true" })
        XCTAssertTrue(rows.contains { $0["type"] == "serverPower" && $0["node"] == "srv2" && $0["accepted"] == "true" })
        XCTAssertEqual(runs[0].summary["interDUHandovers"] as? Int, 4)
        let attainment = try XCTUnwrap(runs[0].summary["attainment"] as? [String: Any])
        // PDCCH blocking and HARQ-ACK timing in site 1's poor, loaded cell cost URLLC a period or
        // two of its 10 ms target; the policy answers with a larger minimum share.
        XCTAssertGreaterThanOrEqual((attainment["perSlice"] as? [String: Double])?["urllc"] ?? 0, 0.9)
    }

    /// No terrestrial neighbour: the UEs of a lightly loaded cell go to the DU's HAPS cell, the
    /// terrestrial RU sleeps, and the moved UE is served over the HAPS link.
    func testLightCellHandsItsUEsToAnNTNCellAndSleeps() throws {
        let yaml = Self.scenario(downlink: "{ kind: cbr, rateMbps: 2 }", duration: "800ms")
            .replacingOccurrences(of: "  - { name: cell2, du: du1, ru: ru2, prbs: 106, duplex: fdd, carrierGHz: 2.6, position: [400, 0, 25] }",
                                  with: "  - { name: cell2, du: du1, ru: ru2, prbs: 106, duplex: fdd, carrierGHz: 2.0, position: [0, 0, 20000],\n"
                                      + "      harqProcesses: 16, ntn: { platform: haps1, payload: regenerative, gateway: [0, 0] } }")
            .replacingOccurrences(of: "  - { name: ctrl, count: 2, cell: cell1,", with: "  - { name: ctrl, count: 2, cell: cell2,")
            .replacingOccurrences(of: "  - { name: video1, count: 4, cell: cell1, slice: embb, downlink: { kind: cbr, rateMbps: 2 } }",
                                  with: "  - { name: video1, count: 1, cell: cell1, slice: embb, downlink: { kind: cbr, rateMbps: 1 } }")
            .replacingOccurrences(of: "cells:\n", with: """
                ntn:
                  originLatitudeDeg: 35.0
                  originLongitudeDeg: 139.0
                  platforms:
                    - { name: haps1, kind: haps, altitudeKm: 20, eirpDensityDbWPerMHz: 17, gOverTDbPerK: -10 }
                cells:

                """)
        let folder = try Self.run(yaml, "orch-ntn")
        let rows = try Self.actions(folder)
        let steer = try XCTUnwrap(rows.first { $0["type"] == "steerUEs" }, "\(rows)")
        XCTAssertEqual(steer["accepted"], "true")
        XCTAssertTrue(steer["detail"]?.contains("\"toCell\":\"cell2\"") == true, steer["detail"] ?? "")
        let sleep = try XCTUnwrap(rows.first { $0["type"] == "ruSleep" }, "\(rows)")
        XCTAssertEqual(sleep["accepted"], "true")
        XCTAssertTrue(sleep["detail"]?.contains("ru1") == true, sleep["detail"] ?? "")
        let summary = try B5G.summary(folder)
        let moved = try XCTUnwrap((summary["ues"] as? [[String: Any]])?.first { $0["name"] as? String == "video1-0" })
        let downlink = try XCTUnwrap(moved["downlink"] as? [String: Any])
        XCTAssertLessThan(downlink["loss"] as? Double ?? 1, 0.05, "served over the HAPS after the move")
        XCTAssertGreaterThan(downlink["throughputMbps"] as? Double ?? 0, 0.8)
        // The HAPS RU is on board (regenerative): it draws the payload's power, at least its fixed
        // electronics and on-board processing; the terrestrial cell has a fronthaul link, the HAPS none.
        let power = try String(contentsOfFile: "\(folder)/power.csv", encoding: .utf8).split(separator: "\n").map { $0.split(separator: ",") }
        let haps = power.filter { $0.count > 4 && $0[2] == "ru2" }.compactMap { Double($0[4]) }
        XCTAssertFalse(haps.isEmpty)
        XCTAssertTrue(haps.allSatisfy { $0 >= 350 }, "\(haps)")
        XCTAssertTrue(power.contains { $0.count > 3 && $0[2] == "du1-ru1" && $0[3] == "fronthaul" })
        XCTAssertFalse(power.contains { $0.count > 3 && $0[2] == "du1-ru2" })
    }

    func testSamePolicyAndSeedGiveTheSameActions() throws {
        let a = try String(contentsOfFile: "\(Self.run(Self.scenario(), "orch-det-a"))/actions.csv", encoding: .utf8)
        let b = try String(contentsOfFile: "\(Self.run(Self.scenario(), "orch-det-b"))/actions.csv", encoding: .utf8)
        XCTAssertEqual(a, b)
        XCTAssertGreaterThan(a.split(separator: "\n").count, 1)
        let c = try String(contentsOfFile: "\(Self.run(Self.scenario(policy: "latency-power"), "orch-det-c"))/actions.csv", encoding: .utf8)
        let d = try String(contentsOfFile: "\(Self.run(Self.scenario(policy: "latency-power"), "orch-det-d"))/actions.csv", encoding: .utf8)
        XCTAssertEqual(c, d)
        XCTAssertGreaterThan(c.split(separator: "\n").count, 1)
    }

    func testPolicyOverrideOnTheCommandLine() throws {
        let folder = try Self.run(Self.scenario(policy: "threshold"), "orch-override", policy: "static")
        XCTAssertEqual(try Self.actions(folder).count, 0, "static never acts")
    }

    /// Starts a policy process serving on an ipc endpoint in `dir` and returns (process, endpoint)
    /// once it listens: it prints `listening <endpoint>` after binding. The deadline only bounds a
    /// policy that never starts.
    static func startPolicy(script: String, in dir: String, arguments: [String] = []) throws -> (Process, String) {
        let socket = "\(dir)/policy.sock"
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["python3", script, "ipc://\(socket)"] + arguments
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        try p.run()
        let listening = DispatchSemaphore(value: 0)
        let handle = out.fileHandleForReading
        DispatchQueue.global().async {
            var line = Data()
            while let byte = try? handle.read(upToCount: 1), !byte.isEmpty {
                if byte == Data([10]) {
                    if String(decoding: line, as: UTF8.self).hasPrefix("listening ") { listening.signal(); break }
                    line.removeAll()
                } else {
                    line.append(byte)
                }
            }
        }
        guard listening.wait(timeout: .now() + 60) == .success else {
            if p.isRunning { p.terminate() }
            p.waitUntilExit()
            let message = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            throw PolicyDidNotStart(script: script, stderr: message)
        }
        return (p, "ipc://\(socket)")
    }

    struct PolicyDidNotStart: Error, CustomStringConvertible {
        var script: String
        var stderr: String
        var description: String { "\(script) never listened: \(stderr)" }
    }

    static func requirePyZMQ() throws { try B5G.requirePython(module: "zmq", package: "pyzmq") }

    func testRefusedActionsKeepTheirReasonAndTheRunGoesOn() throws {
        try Self.requirePyZMQ()
        let dir = B5G.temporaryDirectory("orch-refuse")
        let script = "\(dir)/refuse.py"
        try """
        import json, sys, zmq
        s = zmq.Context().socket(zmq.REP); s.bind(sys.argv[1]); print("listening " + sys.argv[1], flush=True)
        while True:
            req = json.loads(s.recv())
            at = req["snapshot"]["slot"] + 30
            s.send(json.dumps({"version": 1, "actions": [
                {"action": {"type": "setCores", "vdu": "du1", "cores": 99}, "applyAtSlot": at, "reason": "too many"},
                {"action": {"type": "ruSleep", "ru": "ru1", "depth": 3}, "applyAtSlot": at, "reason": "sleep"},
                {"action": {"type": "ruSleep", "ru": "ru2", "depth": 3}, "applyAtSlot": at, "reason": "sleep too"}]}).encode())
        """.write(toFile: script, atomically: true, encoding: .utf8)
        let (policy, endpoint) = try Self.startPolicy(script: script, in: dir)
        defer { policy.terminate(); policy.waitUntilExit() }
        let folder = try Self.run(Self.scenario(policy: "external", endpoint: endpoint), "orch-refuse-run")
        let rows = try Self.actions(folder)
        let cores = try XCTUnwrap(rows.first { $0["type"] == "setCores" })
        XCTAssertEqual(cores["accepted"], "false")
        XCTAssertTrue(cores["refusal"]?.contains("99 cores requested for vDU du1 on server srv1, which has 8 cores") == true,
                      cores["refusal"] ?? "")
        // ru1 may sleep while its neighbour ru2 is active; ru2 then is the only RU left for its UEs.
        let sleep = try XCTUnwrap(rows.first { $0["type"] == "ruSleep" && $0["detail"]?.contains("ru2") == true })
        XCTAssertEqual(sleep["accepted"], "false")
        XCTAssertTrue(sleep["refusal"]?.contains("RU ru2 is the only RU serving 4 UEs in cell cell2") == true, sleep["refusal"] ?? "")
        XCTAssertEqual(try B5G.summary(folder)["status"] as? String, "ok")
    }

    func testExternalThresholdPolicyActsAndChangesTheOutcome() throws {
        try Self.requirePyZMQ()
        let script = B5G.repositoryRoot.appendingPathComponent("tools/external-policy/threshold_policy.py").path
        let (policy, endpoint) = try Self.startPolicy(script: script, in: B5G.temporaryDirectory("orch-external-policy"))
        defer { policy.terminate(); policy.waitUntilExit() }
        // The user's path from the README: every node and the policy in processes of their own.
        let external = try Self.run(Self.scenario(policy: "external", endpoint: endpoint), "orch-external", inProcess: false)
        let rows = try Self.actions(external)
        XCTAssertTrue(rows.contains { $0["type"] == "setCores" && $0["accepted"] == "true" && ($0["reason"] ?? "").hasPrefix("external:") },
                      "\(rows)")
        let fixed = try Self.run(Self.scenario(policy: "static"), "orch-external-static", inProcess: false)
        let e1 = try XCTUnwrap(try B5G.summary(external)["energy"] as? [String: Any])["totalJ"] as? Double
        let e2 = try XCTUnwrap(try B5G.summary(fixed)["energy"] as? [String: Any])["totalJ"] as? Double
        XCTAssertNotEqual(e1, e2, "fewer polling cores change the server's energy")
        XCTAssertEqual(try Self.actions(fixed).count, 0)
    }

    /// The example policy serves CURVE with a key pair it made: an orchestrator given its public
    /// key (`externalServerKey`) is heard and the policy acts.
    func testExternalThresholdPolicyServesCurveWithItsKey() throws {
        try Self.requirePyZMQ()
        let script = B5G.repositoryRoot.appendingPathComponent("tools/external-policy/threshold_policy.py").path
        let dir = B5G.temporaryDirectory("orch-external-curve")
        let keys = Process()
        keys.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        keys.arguments = ["python3", script, "--make-keys", "\(dir)/keys"]
        try keys.run()
        keys.waitUntilExit()
        XCTAssertEqual(keys.terminationStatus, 0)
        let (policy, endpoint) = try Self.startPolicy(script: script, in: dir, arguments: ["--curve-secret-key", "\(dir)/keys/policy.key"])
        defer { policy.terminate(); policy.waitUntilExit() }
        let yaml = Self.scenario(policy: "external", endpoint: endpoint)
            .replacingOccurrences(of: "externalTimeout: 2s", with: "externalTimeout: 5s, externalServerKey: \"\(dir)/keys/policy.pub\"")
        let folder = try Self.run(yaml, "orch-external-curve-run")
        let rows = try Self.actions(folder)
        XCTAssertTrue(rows.contains { $0["type"] == "setCores" && $0["accepted"] == "true" && ($0["reason"] ?? "").hasPrefix("external:") },
                      "\(rows)")
        XCTAssertEqual((try B5G.summary(folder)["actions"] as? [String: Any])?["externalTimeouts"] as? Int, 0)
    }

    /// `b5g validate` and `b5g run` warn about a plain policy endpoint beyond this machine; a key silences it.
    func testAPlainRemotePolicyEndpointWarns() throws {
        let dir = B5G.temporaryDirectory("orch-plain-remote")
        let yaml = Self.scenario(policy: "external", endpoint: "tcp://192.0.2.7:5599")
        try yaml.write(toFile: "\(dir)/s.yaml", atomically: true, encoding: .utf8)
        let result = try B5G.run(["validate", "\(dir)/s.yaml"])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertTrue(result.stderr.contains("\(dir)/s.yaml: warning: orchestrator.externalEndpoint tcp://192.0.2.7:5599 is tcp beyond "
                                             + "this machine without CURVE"), result.stderr)
        try "rq:rM>}U?@Lns47E1%kR.o@n%FcmmsL/@{H8]yf7\n".write(toFile: "\(dir)/policy.pub", atomically: true, encoding: .utf8)
        try yaml.replacingOccurrences(of: "externalTimeout: 2s", with: "externalTimeout: 2s, externalServerKey: policy.pub")
            .write(toFile: "\(dir)/keyed.yaml", atomically: true, encoding: .utf8)
        let keyed = try B5G.run(["validate", "\(dir)/keyed.yaml"])
        XCTAssertEqual(keyed.status, 0, keyed.stderr)
        XCTAssertFalse(keyed.stderr.contains("warning"), keyed.stderr)
    }

    /// The orchestrator-du1 link drops everything for 200 ms: du1's E2 reports of periods 2 and 3
    /// are lost, so du1 is held unreachable those two periods and no action reaches it then;
    /// its reports of period 4 on arrive and it is reachable again. The same seed gives the same run.
    func testADroppedE2LinkMakesItsDUUnreachableForThosePeriodsOnly() throws {
        let yaml = Self.scenario(policy: "threshold", cores: 6, duration: "800ms") + """
            faults:
              - { at: 250ms, duration: 200ms, link: [smo, du1], drop: 100 }

            """
        let first = try Self.run(yaml, "orch-e2-drop")
        let summary = try B5G.summary(first)
        XCTAssertEqual(summary["status"] as? String, "ok")
        let actions = try XCTUnwrap(summary["actions"] as? [String: Any])
        XCTAssertEqual(actions["unreachablePeriods"] as? [String: Int], ["du1": 2])
        // Threshold gives back du1's idle cores each period it sees du1's KPIs: not while they are missing.
        let rows = try Self.actions(first)
        XCTAssertEqual(rows.filter { $0["node"] == "du1" && $0["accepted"] == "true" }.compactMap { $0["period"] },
                       ["0", "1", "4", "5", "6"], "\(rows)")
        for row in rows where ["2", "3"].contains(row["period"] ?? "") && row["node"] == "du1" {
            XCTAssertTrue(row["refusal"]?.hasPrefix("du1 is unreachable: its E2 report for period \(row["period"] ?? "")") == true, "\(row)")
        }
        let again = try Self.run(yaml, "orch-e2-drop-again")
        XCTAssertEqual(try String(contentsOfFile: "\(again)/actions.csv", encoding: .utf8),
                       try String(contentsOfFile: "\(first)/actions.csv", encoding: .utf8))
    }

    /// The user's path when the policy was never started: separate processes, exit status 1,
    /// the orchestrator and the policy's endpoint named on the console and in summary.json.
    func testAnExternalPolicyThatIsNotRunningFailsTheRunNamingIt() throws {
        let dir = B5G.temporaryDirectory("orch-no-policy")
        let endpoint = "ipc://\(dir)/nobody.sock"
        let yaml = Self.scenario(policy: "external", endpoint: endpoint)
            .replacingOccurrences(of: "externalTimeout: 2s", with: "externalTimeout: 50ms, externalTimeoutLimit: 2")
        try yaml.write(toFile: "\(dir)/s.yaml", atomically: true, encoding: .utf8)
        let result = try B5G.run(["run", "\(dir)/s.yaml", "--out", "\(dir)/run"])
        XCTAssertEqual(result.status, 1, result.stderr)
        let expected = "external policy at \(endpoint) did not answer 2 periods in a row"
        XCTAssertTrue(result.stdout.contains("failure: \(expected)"), result.stdout)
        let failure = try XCTUnwrap(try B5G.summary("\(dir)/run")["failure"] as? [String: Any])
        XCTAssertEqual(failure["node"] as? String, "smo")
        XCTAssertTrue((failure["reason"] as? String ?? "").hasPrefix(expected), "\(failure)")
    }
}
