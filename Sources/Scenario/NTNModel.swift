/// Non-terrestrial network part of a scenario: platforms, space weather, GEO backhaul.
///
/// Scenario positions are metres east (x) and north (y) of the origin, so UEs and gateways
/// keep the terrestrial coordinates while platforms live on the Earth.
public struct NTNConfig: Codable, Sendable, Equatable {
    public var originLatitudeDeg: Double
    public var originLongitudeDeg: Double
    /// Service interruption of a UE at each handover between platforms, ms.
    public var handoverInterruptionMs: Double
    /// How often the channel recomputes NTN geometry, ms.
    public var updatePeriodMs: Double
    public var platforms: [NTNPlatformConfig]
    public var spaceWeather: [SpaceWeatherConfig]
    /// Backhaul of terrestrial cells through a platform (e.g. GEO), or nil.
    public var backhaul: NTNBackhaulConfig?
    public init(originLatitudeDeg: Double = 35.68, originLongitudeDeg: Double = 139.69, handoverInterruptionMs: Double = 30,
                updatePeriodMs: Double = 10, platforms: [NTNPlatformConfig] = [], spaceWeather: [SpaceWeatherConfig] = [],
                backhaul: NTNBackhaulConfig? = nil) {
        self.originLatitudeDeg = originLatitudeDeg; self.originLongitudeDeg = originLongitudeDeg
        self.handoverInterruptionMs = handoverInterruptionMs; self.updatePeriodMs = updatePeriodMs
        self.platforms = platforms; self.spaceWeather = spaceWeather; self.backhaul = backhaul
    }
}

public enum NTNPlatformKind: String, Codable, Sendable, CaseIterable {
    /// High-altitude platform at a fixed point (optional station-keeping drift).
    case haps
    /// One satellite on a circular orbit (LEO, MEO or GEO by altitude).
    case circular
    /// A Walker delta constellation i:t/p/f.
    case walker
    /// Satellites from a TLE file, propagated with SGP4.
    case tle
}

public struct NTNPlatformConfig: Codable, Sendable, Equatable {
    public var name: String
    public var kind: NTNPlatformKind
    public var altitudeKm: Double
    /// HAPS position (default: the origin).
    public var latitudeDeg: Double?
    public var longitudeDeg: Double?
    public var driftRadiusKm: Double
    public var inclinationDeg: Double
    public var raanDeg: Double
    public var phaseDeg: Double
    /// Walker: total satellites, planes, phasing factor.
    public var satellites: Int
    public var planes: Int
    public var phasing: Int
    /// TLE file (relative to the scenario file).
    public var tleFile: String?
    /// Overrides of the TR 38.821 Set-1 defaults.
    public var eirpDensityDbWPerMHz: Double?
    public var gOverTDbPerK: Double?
    public init(name: String, kind: NTNPlatformKind, altitudeKm: Double = 600, latitudeDeg: Double? = nil,
                longitudeDeg: Double? = nil, driftRadiusKm: Double = 0, inclinationDeg: Double = 53, raanDeg: Double = 0,
                phaseDeg: Double = 0, satellites: Int = 1, planes: Int = 1, phasing: Int = 0, tleFile: String? = nil,
                eirpDensityDbWPerMHz: Double? = nil, gOverTDbPerK: Double? = nil) {
        self.name = name; self.kind = kind; self.altitudeKm = altitudeKm; self.latitudeDeg = latitudeDeg
        self.longitudeDeg = longitudeDeg; self.driftRadiusKm = driftRadiusKm; self.inclinationDeg = inclinationDeg
        self.raanDeg = raanDeg; self.phaseDeg = phaseDeg; self.satellites = satellites; self.planes = planes
        self.phasing = phasing; self.tleFile = tleFile; self.eirpDensityDbWPerMHz = eirpDensityDbWPerMHz
        self.gOverTDbPerK = gOverTDbPerK
    }
}

/// A space-weather event on the NOAA scales, e.g. `G4` for 2 minutes from 60 s.
public struct SpaceWeatherConfig: Codable, Sendable, Equatable {
    /// R1-R5, S1-S5 or G1-G5.
    public var event: String
    public var startMs: Double
    public var durationMs: Double
    public init(event: String, startMs: Double, durationMs: Double) {
        self.event = event; self.startMs = startMs; self.durationMs = durationMs
    }
}

/// Backhaul through a platform: the interface's delay becomes up + down slant range / c.
public struct NTNBackhaulConfig: Codable, Sendable, Equatable {
    public enum Interface: String, Codable, Sendable, CaseIterable { case ng, f1 }
    public var platform: String
    public var interface: Interface
    public init(platform: String, interface: Interface = .ng) { self.platform = platform; self.interface = interface }
}

public enum NTNPayloadName: String, Codable, Sendable, CaseIterable { case transparent, regenerative }
public enum NTNHandoverName: String, Codable, Sendable, CaseIterable { case threshold, conditional }
public enum NTNEnvironmentName: String, Codable, Sendable, CaseIterable { case denseUrban, urban, suburban, rural }

/// Makes a cell non-terrestrial: its carrier is radiated from a platform.
public struct NTNCellConfig: Codable, Sendable, Equatable {
    public var platform: String
    public var payload: NTNPayloadName
    public var environment: NTNEnvironmentName
    /// Below this elevation a platform does not serve a UE (handover to the next).
    public var minElevationDeg: Double
    /// Feeder-link gateway position [x, y] in metres (default: the cell's position).
    public var gateway: [Double]?
    /// Further gateways; the feeder link uses the one that sees the platform highest.
    public var extraGateways: [[Double]]
    /// `threshold`: leave a platform when it drops below `minElevationDeg`; `conditional`
    /// (Rel-17 conditional handover on time): leave `handoverLeadS` before it will.
    public var handover: NTNHandoverName
    public var handoverLeadS: Double
    public init(platform: String, payload: NTNPayloadName = .transparent, environment: NTNEnvironmentName = .rural,
                minElevationDeg: Double = 10, gateway: [Double]? = nil, extraGateways: [[Double]] = [],
                handover: NTNHandoverName = .threshold, handoverLeadS: Double = 5) {
        self.platform = platform; self.payload = payload; self.environment = environment
        self.minElevationDeg = minElevationDeg; self.gateway = gateway; self.extraGateways = extraGateways
        self.handover = handover; self.handoverLeadS = handoverLeadS
    }
}
