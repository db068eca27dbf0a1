import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import XCTest

/// `b5g run --metrics-port 0`: the launcher serves Prometheus text while the run goes on, in
/// separate processes and in one; scraped twice during a run and parsed by the reference parser
/// (Python prometheus_client).
final class LiveMetricsRunTests: XCTestCase {
    func testSeparateProcessesServeMetricsWhileTheRunGoesOn() throws {
        try scrapeTwiceDuringRun(inProcess: false)
    }

    func testInProcessRunServesTheSameFamilies() throws {
        try scrapeTwiceDuringRun(inProcess: true)
    }

    /// Families (as the parser names them: counters without `_total`) every quickstart run serves.
    static let expectedFamilies = [
        "b5g_run_emulated_seconds", "b5g_cell_downlink_bytes", "b5g_cell_uplink_bytes", "b5g_cell_downlink_throughput_bytes_per_second",
        "b5g_cell_downlink_peak_bytes_per_second", "b5g_cell_prb_utilization_ratio", "b5g_cell_downlink_mcs_mean",
        "b5g_cell_harq_retransmissions", "b5g_cell_grants", "b5g_cell_latency_p50_seconds", "b5g_cell_latency_p99_seconds",
        "b5g_ue_group_latency_p50_seconds", "b5g_ue_group_latency_p99_seconds",
        "b5g_ue_group_received_bytes", "b5g_ue_group_throughput_bytes_per_second", "b5g_node_late_slots", "b5g_node_cpu_seconds",
        "b5g_node_messages", "b5g_node_resident_memory_bytes",
    ]

    private func scrapeTwiceDuringRun(inProcess: Bool) throws {
        try Self.requirePrometheusClient()
        let dir = B5G.temporaryDirectory("live-metrics")
        // The run must last long enough to be scraped twice (the progress line is drawn every
        // 0.2 s). One process is paced by the wall clock; separate processes run in virtual
        // time, a few times faster than real time, over six emulated seconds. (Real time would
        // starve the launcher: the nodes' real-time threads take the CPU it reports with.)
        let scenario = try B5G.scenario("quickstart.yaml", in: dir, replacing: inProcess ? [:] : ["duration": "6s"])
        let state = ScrapeState()
        var args = ["run", scenario, "--out", "\(dir)/run", "--metrics-port", "0"]
        args += inProcess ? ["--in-process", "--clock", "realtime"] : ["--clock", "virtual"]
        let r = try B5G.run(args) { line, _ in
            if line.hasPrefix("metrics: http://"), state.url == nil {
                state.url = line.split(separator: " ").dropFirst().first.map(String.init)
            }
            guard let url = state.url, let progress = B5G.Progress(line), progress.nodesReporting == progress.nodes else { return }
            if state.scrapes.isEmpty, progress.emulatedS >= 0.3 {
                state.scrapes.append(Self.fetch(url))
            } else if state.scrapes.count == 1, progress.emulatedS >= 1.0 {
                // Lines read late come in a burst: scrape again until the run has moved on since
                // the first scrape, so the two show different moments. The last 200 ms drain what
                // is in flight (the sources have stopped, the last interval's throughput is zero),
                // so a scrape that late is not the moment this test looks at.
                let second = Self.fetch(url)
                if let a = state.scrapes[0].flatMap(Self.emulatedSeconds), let b = second.flatMap(Self.emulatedSeconds),
                   b > a, b <= Self.lastScrapeS(inProcess: inProcess) {
                    state.scrapes.append(second)
                }
            }
        }
        XCTAssertEqual(r.status, 0, r.stderr)
        let url = try XCTUnwrap(state.url, "the launcher prints the bound URL: \(r.stderr)")
        XCTAssertTrue(url.hasPrefix("http://127.0.0.1:") && url.hasSuffix("/metrics"), url)
        XCTAssertEqual(state.scrapes.count, 2, "two scrapes while the run went on: \(r.stderr)")
        guard state.scrapes.count == 2 else { return }
        let first = try Self.parse(try XCTUnwrap(state.scrapes[0]), in: dir), second = try Self.parse(try XCTUnwrap(state.scrapes[1]), in: dir)

        for family in Self.expectedFamilies { XCTAssertNotNil(second.families[family], family) }
        XCTAssertEqual(second.families["b5g_cell_downlink_bytes"], "counter")
        XCTAssertEqual(second.families["b5g_cell_latency_p99_seconds"], "gauge")
        // Counters never go down between two scrapes.
        for (series, value) in first.samples where series.name.hasSuffix("_total") {
            let later = try XCTUnwrap(second.samples[series], "\(series) gone in the second scrape")
            XCTAssertGreaterThanOrEqual(later, value, "\(series)")
        }
        // Cell throughput: positive and not above the cell's TS 38.214 peak, as the last interval's
        // gauge and as bytes over emulated time between the scrapes.
        let cell = ["cell": "cell1"]
        let peak = try XCTUnwrap(second.value("b5g_cell_downlink_peak_bytes_per_second", cell))
        XCTAssertEqual(peak * 8, 606.5e6, accuracy: 0.1e6, "the quickstart cell's 4-layer peak")
        let gauge = try XCTUnwrap(second.value("b5g_cell_downlink_throughput_bytes_per_second", cell))
        XCTAssertTrue(gauge > 0 && gauge <= peak, "\(gauge)")
        let bytes = try XCTUnwrap(second.value("b5g_cell_downlink_bytes_total", cell)) - (first.value("b5g_cell_downlink_bytes_total", cell) ?? 0)
        let seconds = try XCTUnwrap(second.value("b5g_run_emulated_seconds_total", [:])) - (first.value("b5g_run_emulated_seconds_total", [:]) ?? 0)
        XCTAssertGreaterThan(seconds, 0)
        XCTAssertTrue(bytes > 0 && bytes / seconds <= peak, "\(bytes) bytes in \(seconds) s")
        let group = ["group": "phones", "direction": "downlink"]
        let p50 = try XCTUnwrap(second.value("b5g_ue_group_latency_p50_seconds", group))
        let p99 = try XCTUnwrap(second.value("b5g_ue_group_latency_p99_seconds", group))
        XCTAssertTrue(p50 > 0 && p50 <= p99 && p99 < 0.1, "\(p50) \(p99)")
    }

    /// The latest emulated time a second scrape may show: before the sources stop (the quickstart
    /// lasts 2 s in one process, 6 s as separate processes; the last 200 ms drain).
    static func lastScrapeS(inProcess: Bool) -> Double { inProcess ? 1.7 : 5.7 }

    /// A metrics port already taken: exit 2 with the cause on one line, before anything starts.
    func testATakenPortStopsTheRunBeforeItStarts() throws {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) == 0 && listen(fd, 1) == 0 && getsockname(fd, $0, &length) == 0 }
        }
        XCTAssertTrue(bound)
        let port = Int(UInt16(bigEndian: address.sin_port))
        let dir = B5G.temporaryDirectory("metrics-port-taken")
        let r = try B5G.run(["run", try B5G.scenario("quickstart.yaml", in: dir), "--out", "\(dir)/run", "--metrics-port", "\(port)"])
        XCTAssertEqual(r.status, 2, r.stderr)
        XCTAssertTrue(r.stderr.hasPrefix("b5g run: cannot serve live metrics: bind http://127.0.0.1:\(port): Address already in use"), r.stderr)
        XCTAssertEqual(r.stderr.split(separator: "\n").count, 1, "one line: \(r.stderr)")
        XCTAssertFalse(FileManager.default.fileExists(atPath: "\(dir)/run"), "no run folder")
    }

    // MARK: Support

    final class ScrapeState: @unchecked Sendable {
        var url: String?
        var scrapes: [String?] = []
    }

    struct Series: Hashable, CustomStringConvertible {
        var name: String
        var labels: [String: String]
        var description: String { "\(name)\(labels.sorted { $0.key < $1.key })" }
    }

    struct Parsed {
        var families: [String: String] = [:]
        var samples: [Series: Double] = [:]
        func value(_ name: String, _ labels: [String: String]) -> Double? { samples[Series(name: name, labels: labels)] }
    }

    /// The body of GET `url` (nil when it failed).
    /// `b5g_run_emulated_seconds_total` of a scrape.
    static func emulatedSeconds(_ text: String) -> Double? {
        text.split(separator: "\n").first { $0.hasPrefix("b5g_run_emulated_seconds_total ") }
            .flatMap { Double($0.split(separator: " ").last ?? "") }
    }

    static func fetch(_ url: String) -> String? {
        guard let u = URL(string: url) else { return nil }
        let done = DispatchSemaphore(value: 0)
        nonisolated(unsafe) var body: String?
        URLSession.shared.dataTask(with: u) { data, response, _ in
            if (response as? HTTPURLResponse)?.statusCode == 200, let data { body = String(decoding: data, as: UTF8.self) }
            done.signal()
        }.resume()
        _ = done.wait(timeout: .now() + 10)
        return body
    }

    /// Parses the text with prometheus_client's parser; families with their type, and samples.
    static func parse(_ text: String, in dir: String) throws -> Parsed {
        let path = "\(dir)/scrape-\(UInt32.random(in: 0...UInt32.max)).txt"
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        let script = """
            import json, sys
            from prometheus_client.parser import text_string_to_metric_families
            out = {"families": {}, "samples": []}
            for f in text_string_to_metric_families(open(sys.argv[1]).read()):
                out["families"][f.name] = f.type
                for s in f.samples:
                    out["samples"].append([s.name, s.labels, s.value])
            print(json.dumps(out))
            """
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["python3", "-c", script, path]
        let out = Pipe(), err = Pipe()
        p.standardOutput = out; p.standardError = err
        try p.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        let errors = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        XCTAssertEqual(p.terminationStatus, 0, "prometheus_client could not parse the scrape: \(errors)")
        let json = try XCTUnwrap(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        var parsed = Parsed()
        parsed.families = json["families"] as? [String: String] ?? [:]
        for case let s as [Any] in json["samples"] as? [Any] ?? [] {
            guard s.count == 3, let name = s[0] as? String, let labels = s[1] as? [String: String],
                  let value = (s[2] as? NSNumber)?.doubleValue else { continue }
            parsed.samples[Series(name: name, labels: labels)] = value
        }
        return parsed
    }

    static func requirePrometheusClient() throws {
        try B5G.requirePython(module: "prometheus_client.parser", package: "prometheus_client")
    }
}
