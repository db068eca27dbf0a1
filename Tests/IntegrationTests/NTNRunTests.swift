import Foundation
import XCTest

/// NTN links in the running system: the latency floor the geometry sets, HAPS coverage,
/// space weather degrading the links.
final class NTNRunTests: XCTestCase {
    /// Runs a bundled NTN scenario with its nodes in one process unless `inProcess` is false.
    func run(_ bundled: String, _ name: String, replacing: [String: String] = [:], inProcess: Bool = true,
             edit: (String) -> String = { $0 }) throws -> ([String: Any], String) {
        let dir = B5G.temporaryDirectory(name)
        let path = try B5G.scenario(bundled, in: dir, replacing: replacing)
        try edit(try String(contentsOfFile: path, encoding: .utf8)).write(toFile: path, atomically: true, encoding: .utf8)
        let r = try B5G.run(["run", path, "--out", "\(dir)/run", "--quiet"] + (inProcess ? ["--in-process"] : []), timeoutS: 300)
        XCTAssertEqual(r.status, 0, r.stdout + r.stderr)
        return (try B5G.summary("\(dir)/run"), "\(dir)/run")
    }

    static func downlinkP50s(_ s: [String: Any]) -> [Double] {
        (s["ues"] as? [[String: Any]] ?? []).compactMap { (($0["downlink"] as? [String: Any])?["latency"] as? [String: Any])?["p50Ms"] as? Double }
    }

    func testGEOBackhaulLatencySitsOnTheGeometry() throws {
        let (s, _) = try run("geo-backhaul.yaml", "geo", replacing: ["duration": "1500ms"])
        // Law of cosines between the origin (35 N, 139 E) and the GEO satellite over 139 E:
        // d^2 = R^2 + r^2 - 2 R r cos(35 deg), R = 6371 km, r = 42164 km; NG crosses it twice.
        let R = 6371.0, r = 42164.0
        let d = (R * R + r * r - 2 * R * r * cos(35 * Double.pi / 180)).squareRoot()
        let backhaulMs = 2 * d / 299_792.458 * 1000
        XCTAssertEqual(backhaulMs, 247.7, accuracy: 0.5)
        for p50 in Self.downlinkP50s(s) {
            XCTAssertGreaterThanOrEqual(p50, backhaulMs, "nothing arrives before the geometry allows")
            XCTAssertLessThan(p50, backhaulMs + 15, "terrestrial part of the path is a few slots")
        }
    }

    /// The one NTN run as separate processes: the channel adds a delay that varies with time to
    /// the messages it relays over ZeroMQ.
    func testLEOLatencyFloorAndLinkKPIs() throws {
        let (s, folder) = try run("leo-pass.yaml", "leo", replacing: ["duration": "4s"], inProcess: false)
        let ntn = try XCTUnwrap((s["ntn"] as? [[String: Any]])?.first)
        let delayMin = try XCTUnwrap(ntn["oneWayDelayMsMin"] as? Double)
        let elevationMin = try XCTUnwrap(ntn["elevationDegMin"] as? Double)
        XCTAssertGreaterThanOrEqual(elevationMin, 30, "served only above the minimum elevation")
        // Service + feeder at 550 km: at least twice the altitude over c, at most twice the slant at 30 degrees.
        XCTAssertGreaterThan(delayMin, 2 * 550 / 299_792.458 * 1000)
        XCTAssertLessThan(try XCTUnwrap(ntn["oneWayDelayMsMax"] as? Double), 2 * 1_000 / 299_792.458 * 1000)
        XCTAssertGreaterThan(try XCTUnwrap(ntn["dopplerHzMaxAbs"] as? Double), 1_000, "LEO Doppler at 2 GHz is tens of kHz")
        for p50 in Self.downlinkP50s(s) { XCTAssertGreaterThanOrEqual(p50, delayMin + 1.0, "NTN + terrestrial links") }
        let csv = try String(contentsOfFile: "\(folder)/ntn_timeseries.csv", encoding: .utf8)
        XCTAssertTrue(csv.hasPrefix("time_ms,cell,platform,elevation_deg,one_way_delay_ms,doppler_hz"))
        XCTAssertGreaterThan(csv.split(separator: "\n").count, 10)
    }

    func testHAPSServesUEsBeyondTheTerrestrialCell() throws {
        let (s, _) = try run("haps-rural.yaml", "haps", replacing: ["duration": "1s"])
        let farms = (s["ues"] as? [[String: Any]] ?? []).filter { $0["cell"] as? String == "haps" }
        XCTAssertEqual(farms.count, 6)
        for ue in farms { XCTAssertGreaterThan((ue["downlink"] as? [String: Any])?["throughputMbps"] as? Double ?? 0, 4) }
        let ntn = try XCTUnwrap((s["ntn"] as? [[String: Any]])?.first)
        XCTAssertEqual(ntn["platform"] as? String, "haps1")
        XCTAssertLessThan(ntn["oneWayDelayMsMax"] as? Double ?? 1, 0.5, "a HAPS is tens of km away: sub-millisecond")
    }

    func testGeomagneticStormDegradesTheLinks() throws {
        let (_, folder) = try run("space-weather.yaml", "storm", replacing: ["duration": "4s"]) { yaml in
            yaml.replacingOccurrences(of: "{ event: G4, start: 20s, duration: 50s }", with: "{ event: G4, start: 2s, duration: 10s }")
        }
        let rows = try String(contentsOfFile: "\(folder)/ntn_timeseries.csv", encoding: .utf8).split(separator: "\n").dropFirst()
            .map { $0.split(separator: ",") }
        func meanSINR(_ range: ClosedRange<Double>) -> Double {
            let v = rows.filter { range.contains(Double($0[0]) ?? -1) }.compactMap { Double($0[7]) }
            return v.reduce(0, +) / Double(max(1, v.count))
        }
        XCTAssertLessThan(meanSINR(2_200...3_600), meanSINR(0...1_900) - 1, "G4 scintillation lowers the SINR")
    }
}
