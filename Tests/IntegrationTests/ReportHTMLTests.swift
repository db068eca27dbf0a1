import Foundation
import XCTest

/// report.html as a person sees it: a short quickstart run writes it, `b5g report` writes the
/// same page again, and headless Chromium renders it without a console message into a
/// screenshot that holds the page's text and charts.
final class ReportHTMLTests: XCTestCase {
    func testQuickstartReportRendersInHeadlessChromium() throws {
        let chromium = try Chromium.require()
        let dir = B5G.temporaryDirectory("report-html")
        let scenario = try B5G.scenario("quickstart.yaml", in: dir, replacing: ["duration": "600ms"])
        let r = try B5G.run(["run", scenario, "--out", "\(dir)/run", "--quiet", "--in-process"])
        XCTAssertEqual(r.status, 0, r.stderr)
        let report = "\(dir)/run/report.html"
        let html = try String(contentsOfFile: report, encoding: .utf8)
        for part in ["<svg", "Downlink throughput", "Downlink latency CDF", "Uplink latency CDF", "CPU time per node", "phones-0"] {
            XCTAssertTrue(html.contains(part), part)
        }
        for forbidden in ["<script", "src=", "<link", "url(", "http://", "https://"] {
            XCTAssertFalse(html.lowercased().contains(forbidden), "report.html fetches or runs nothing: \(forbidden)")
        }

        // `b5g report` writes the same page from the folder alone.
        try FileManager.default.removeItem(atPath: report)
        let again = try B5G.run(["report", "\(dir)/run"])
        XCTAssertEqual(again.status, 0, again.stderr)
        XCTAssertEqual(try String(contentsOfFile: report, encoding: .utf8), html)

        let shot = try chromium.screenshot(of: report, to: "\(dir)/report.png")
        XCTAssertEqual(shot.console, [], "console messages while rendering report.html")
        let png = try PNGStats.read(shot.png)
        XCTAssertEqual(png.width, 1200)
        XCTAssertEqual(png.height, 3000)
        XCTAssertGreaterThan(png.colours, 100, "text, tables and charts, not a blank page")
        XCTAssertGreaterThan(png.height - png.uniformRows, png.height / 3, "content down a good part of the page")
        // The charts are drawn: the first series colour fills the CPU bars and the phones lines,
        // the second draws the sensors' latency lines.
        XCTAssertGreaterThan(png.pixels(ofColour: "4e79a7"), 1000)
        XCTAssertGreaterThan(png.pixels(ofColour: "f28e2b"), 50)
    }

    /// The checks above can fail: a blank page reads as blank, and a console message is caught.
    func testTheChecksCatchABlankPageAndAConsoleMessage() throws {
        let chromium = try Chromium.require()
        let dir = B5G.temporaryDirectory("report-html-controls")
        try "<!DOCTYPE html><html><body></body></html>".write(toFile: "\(dir)/blank.html", atomically: true, encoding: .utf8)
        let blank = try chromium.screenshot(of: "\(dir)/blank.html", to: "\(dir)/blank.png")
        let png = try PNGStats.read(blank.png)
        XCTAssertLessThanOrEqual(png.colours, 2)
        XCTAssertEqual(png.uniformRows, png.height)

        try "<!DOCTYPE html><html><body><p>x</p><script>console.error('report-check')</script></body></html>"
            .write(toFile: "\(dir)/console.html", atomically: true, encoding: .utf8)
        let noisy = try chromium.screenshot(of: "\(dir)/console.html", to: "\(dir)/console.png")
        XCTAssertTrue(noisy.console.contains { $0.contains("report-check") }, "console lines: \(noisy.console)")
    }
}

// Helpers of these tests, kept inside their class so they name nothing else in the module.
extension ReportHTMLTests {
    /// Headless Chromium, when installed (CI installs the Debian `chromium` package).
    struct Chromium {
        let path: String

        /// The installed browser, or a skip of the calling test.
        static func require() throws -> Chromium {
            let dirs = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin").split(separator: ":")
            for name in ["chromium", "chromium-browser"] {
                for dir in dirs where FileManager.default.isExecutableFile(atPath: "\(dir)/\(name)") {
                    return Chromium(path: "\(dir)/\(name)")
                }
            }
            throw XCTSkip("chromium is not installed")
        }

        struct Screenshot {
            var png: String
            /// The page's console messages, as Chromium logs them to stderr.
            var console: [String]
        }

        /// Renders `htmlPath` in a 1200x3000 window and saves a PNG screenshot.
        func screenshot(of htmlPath: String, to pngPath: String, timeoutS: Double = 90) throws -> Screenshot {
            let profile = URL(fileURLWithPath: pngPath).deletingLastPathComponent().appendingPathComponent("chromium-profile").path
            let result = try Subprocess.run(path, ["--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                                                   "--user-data-dir=\(profile)", "--screenshot=\(pngPath)", "--window-size=1200,3000",
                                                   "--enable-logging=stderr", "--v=0",
                                                   URL(fileURLWithPath: htmlPath).absoluteString], timeoutS: timeoutS)
            XCTAssertTrue(FileManager.default.fileExists(atPath: pngPath), "no screenshot; chromium said: \(result.stderr.suffix(2000))")
            let console = result.stderr.split(separator: "\n").filter { $0.contains(":CONSOLE") }.map(String.init)
            return Screenshot(png: pngPath, console: console)
        }
    }

    /// A PNG decoded by python3's zlib (filters undone row by row): size, distinct colours, rows
    /// of one colour, and pixels per colour.
    struct PNGStats: Decodable {
        var width: Int
        var height: Int
        var colours: Int
        var uniformRows: Int
        /// Pixels per colour (`rrggbb`), for colours covering at least 20 pixels.
        var counts: [String: Int]

        func pixels(ofColour hex: String) -> Int { counts[hex] ?? 0 }

        static func read(_ path: String) throws -> PNGStats {
            let r = try Subprocess.run("/usr/bin/env", ["python3", "-c", script, path], timeoutS: 120)
            guard r.status == 0 else {
                XCTFail("python3 could not decode \(path): \(r.stderr)")
                throw CocoaError(.fileReadCorruptFile)
            }
            return try JSONDecoder().decode(PNGStats.self, from: Data(r.stdout.utf8))
        }

        /// 8-bit RGB or RGBA, not interlaced: what Chromium writes. The Up filter, most of the rows,
        /// is undone with whole-row integer arithmetic in 16-bit lanes so no carry crosses a byte.
        static let script = """
            import collections, json, struct, sys, zlib
            data = open(sys.argv[1], 'rb').read()
            assert data[:8] == b'\\x89PNG\\r\\n\\x1a\\n', 'not a PNG'
            pos, idat = 8, b''
            while pos < len(data):
                n, = struct.unpack('>I', data[pos:pos + 4]); kind = data[pos + 4:pos + 8]; body = data[pos + 8:pos + 8 + n]
                pos += 12 + n
                if kind == b'IHDR': w, h, depth, colour, _, _, interlace = struct.unpack('>IIBBBBB', body)
                elif kind == b'IDAT': idat += body
            assert depth == 8 and colour in (2, 6) and interlace == 0, 'unexpected PNG format'
            bpp = 3 if colour == 2 else 4
            raw = zlib.decompress(idat); stride = w * bpp
            even = int.from_bytes((b'\\x00\\xff' * stride)[:stride], 'big'); odd = ~even & ((1 << 8 * stride) - 1)
            def up(line, prev):
                a, b = int.from_bytes(line, 'big'), int.from_bytes(prev, 'big')
                return bytearray(((((a & even) + (b & even)) & even) | (((a & odd) + (b & odd)) & odd)).to_bytes(stride, 'big'))
            prev = bytearray(stride); i = 0
            colours = collections.Counter(); uniform = 0
            for y in range(h):
                f = raw[i]; line = bytearray(raw[i + 1:i + 1 + stride]); i += 1 + stride
                if f == 2: line = up(line, prev)
                elif f != 0:
                    for x in range(stride):
                        a = line[x - bpp] if x >= bpp else 0; b = prev[x]; c = prev[x - bpp] if x >= bpp else 0
                        if f == 1: line[x] = (line[x] + a) & 255
                        elif f == 3: line[x] = (line[x] + (a + b) // 2) & 255
                        else:
                            p = a + b - c; pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                            line[x] = (line[x] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
                prev = line
                if line == line[:bpp] * w: uniform += 1
                colours.update(zip(line[0::bpp], line[1::bpp], line[2::bpp]))
            print(json.dumps({'width': w, 'height': h, 'colours': len(colours), 'uniformRows': uniform,
                              'counts': {'%02x%02x%02x' % k: v for k, v in colours.items() if v >= 20}}))
            """
    }

    /// Runs a program to its end (bounded), collecting its output.
    enum Subprocess {
        struct Result { var status: Int32; var stdout: String; var stderr: String }

        static func run(_ executable: String, _ args: [String], timeoutS: Double) throws -> Result {
            let p = Process()
            p.executableURL = URL(fileURLWithPath: executable)
            p.arguments = args
            let out = Pipe(), err = Pipe()
            p.standardOutput = out
            p.standardError = err
            let exited = DispatchSemaphore(value: 0)
            p.terminationHandler = { _ in exited.signal() }
            try p.run()
            let outBox = DataBox(), errBox = DataBox()
            let reader = DispatchGroup()
            DispatchQueue.global().async(group: reader) { outBox.data = out.fileHandleForReading.readDataToEndOfFile() }
            DispatchQueue.global().async(group: reader) { errBox.data = err.fileHandleForReading.readDataToEndOfFile() }
            if exited.wait(timeout: .now() + timeoutS) == .timedOut {
                p.terminate()
                XCTFail("\(executable) \(args.joined(separator: " ")) timed out")
            }
            p.waitUntilExit()
            _ = reader.wait(timeout: .now() + 5)
            return Result(status: p.terminationStatus, stdout: String(decoding: outBox.data, as: UTF8.self),
                          stderr: String(decoding: errBox.data, as: UTF8.self))
        }
    }
}
