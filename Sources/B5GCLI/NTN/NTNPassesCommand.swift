import ArgumentParser
import Foundation
import NTN

/// `b5g ntn passes`: visibility windows of TLE satellites above a ground point (SGP4 for near-Earth
/// element sets, SDP4 deep-space terms for periods of 225 minutes or more: GEO, Molniya, GNSS).
struct NTNPassesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "passes",
        abstract: "Visibility windows (rise, set, max elevation) of TLE satellites over a ground point (SGP4/SDP4).")

    @Option(help: "File of two-line element sets (title lines optional).")
    var tle: String

    @Option(help: "Ground point LAT,LON[,ALT_KM] in degrees (write --ground=-33.9,18.4 for a negative latitude).")
    var ground: String

    @Option(help: "Window start, ISO 8601 (default: epoch of the first TLE).")
    var from: String?

    @Option(help: "Window end, ISO 8601 (default: one day after the start).")
    var to: String?

    @Option(name: .customLong("min-elevation-deg"), help: "Visibility threshold, degrees.")
    var minElevationDeg: Double = 10

    @Option(name: .customLong("step-seconds"), help: "Coarse search step, seconds (refined by bisection).")
    var stepSeconds: Double = 30

    @Flag(help: "Print one JSON object.")
    var json = false

    func parsedGround() throws -> GroundPoint {
        let parts = ground.split(separator: ",").map { Double($0.trimmingCharacters(in: .whitespaces)) }
        guard (2...3).contains(parts.count), parts.allSatisfy({ $0?.isFinite == true }), let lat = parts[0], let lon = parts[1],
              abs(lat) <= 90, abs(lon) <= 180 else {
            throw ValidationError("--ground must be LAT,LON[,ALT_KM] of finite numbers with |LAT| <= 90 and |LON| <= 180")
        }
        return GroundPoint(latitudeDeg: lat, longitudeDeg: lon, altitudeKm: parts.count == 3 ? parts[2]! : 0)
    }

    static func parseDate(_ s: String, option: String) throws -> Date {
        let full = ISO8601DateFormatter()
        if let d = full.date(from: s) { return d }
        let frac = ISO8601DateFormatter()
        frac.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        if let d = frac.date(from: s) { return d }
        throw ValidationError("\(option) is not an ISO 8601 date-time (e.g. 2024-05-01T00:00:00Z)")
    }

    func validate() throws {
        try requireFinite(["--min-elevation-deg": minElevationDeg, "--step-seconds": stepSeconds])
        _ = try parsedGround()
        guard stepSeconds > 0 else { throw ValidationError("--step-seconds must be positive") }
        guard (-90...90).contains(minElevationDeg) else { throw ValidationError("--min-elevation-deg must be in [-90, 90]") }
        if let from { _ = try Self.parseDate(from, option: "--from") }
        if let to { _ = try Self.parseDate(to, option: "--to") }
    }

    struct PassOut: Encodable {
        var rise: Date, set: Date, maxElevationTime: Date
        var maxElevationDeg, durationSeconds: Double
    }
    struct SatelliteOut: Encodable {
        var name: String
        var catalogNumber: Int
        var passes: [PassOut]
        var error: String?
    }
    struct Report: Encodable {
        var latitudeDeg, longitudeDeg, altitudeKm, minElevationDeg: Double
        var from, to: Date
        var satellites: [SatelliteOut]
    }

    func run() throws {
        let text: String
        do { text = try String(contentsOfFile: tle, encoding: .utf8) } catch {
            throw ValidationError("cannot read --tle \(tle): \(error.localizedDescription)")
        }
        let sets: [TLE]
        do { sets = try TLE.parseMany(text) } catch { throw ValidationError("--tle \(tle): \(error)") }
        guard let first = sets.first else { throw ValidationError("--tle \(tle) holds no element set") }
        let point = try parsedGround()
        let start = try from.map { try Self.parseDate($0, option: "--from") } ?? JulianDate.date(first.epochJulianDate)
        let end = try to.map { try Self.parseDate($0, option: "--to") } ?? start.addingTimeInterval(86_400)
        guard end > start else { throw ValidationError("--to must be after --from") }
        let epochJD = JulianDate.from(start)
        let span = end.timeIntervalSince(start)
        var satellites: [SatelliteOut] = []
        for set in sets {
            let label = set.name.isEmpty ? String(set.catalogNumber) : set.name
            do {
                let platform = try SGP4Platform(tle: set, scenarioEpochJulianDate: epochJD)
                let predictor = PassPredictor(platform: platform, ground: point, stepSeconds: stepSeconds)
                let passes = predictor.passes(from: 0, to: span, minElevationDeg: minElevationDeg).map {
                    PassOut(rise: start.addingTimeInterval($0.riseSeconds), set: start.addingTimeInterval($0.setSeconds),
                            maxElevationTime: start.addingTimeInterval($0.maxElevationSeconds),
                            maxElevationDeg: $0.maxElevationDeg, durationSeconds: $0.durationSeconds)
                }
                satellites.append(SatelliteOut(name: label, catalogNumber: set.catalogNumber, passes: passes, error: nil))
            } catch {
                satellites.append(SatelliteOut(name: label, catalogNumber: set.catalogNumber, passes: [], error: "\(error)"))
            }
        }
        let report = Report(latitudeDeg: point.latitudeDeg, longitudeDeg: point.longitudeDeg, altitudeKm: point.altitudeKm,
                            minElevationDeg: minElevationDeg, from: start, to: end, satellites: satellites)
        if json { try NTNCommand.printJSON(report); return }
        let fmt = ISO8601DateFormatter()
        print("Passes over \(point.latitudeDeg), \(point.longitudeDeg) above \(minElevationDeg) deg, \(fmt.string(from: start)) to \(fmt.string(from: end))")
        for s in satellites {
            if let e = s.error { print("\(s.name): not propagated (\(e))"); continue }
            print("\(s.name): \(s.passes.count) pass(es)")
            for p in s.passes {
                print("  rise \(fmt.string(from: p.rise))  max \(String(format: "%5.1f", p.maxElevationDeg)) deg at \(fmt.string(from: p.maxElevationTime))  set \(fmt.string(from: p.set))  (\(String(format: "%.0f", p.durationSeconds)) s)")
            }
        }
    }
}
