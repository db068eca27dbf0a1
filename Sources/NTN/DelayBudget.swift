/// Payload architecture of a satellite or HAPS (TR 38.821 clause 4.2).
public enum PayloadType: String, Sendable, Codable, CaseIterable {
    /// Bent pipe: the gNB is on the ground, behind the feeder link.
    case transparent
    /// The gNB (or a part of it) is on board.
    case regenerative
}

/// Propagation delays over a service link (UE - platform) and a feeder link (platform - gateway),
/// following TR 38.821 clause 5.3.2 (Table 5.3.2.1-1).
public struct DelayBudget: Sendable, Equatable, Codable {
    /// Service link slant range, km.
    public var serviceLinkKm: Double
    /// Feeder link slant range, km.
    public var feederLinkKm: Double
    /// Payload architecture.
    public var payload: PayloadType

    /// Creates a delay budget.
    public init(serviceLinkKm: Double, feederLinkKm: Double, payload: PayloadType) {
        self.serviceLinkKm = serviceLinkKm
        self.feederLinkKm = feederLinkKm
        self.payload = payload
    }

    /// Budget with both links at given elevations over a spherical Earth.
    /// - Parameters:
    ///   - altitudeKm: platform altitude.
    ///   - serviceElevationDeg: UE elevation.
    ///   - feederElevationDeg: gateway elevation.
    ///   - payload: payload type.
    ///   - earthRadiusKm: Earth radius (TR 38.821 delay tables use 6371 km).
    public static func atElevations(altitudeKm: Double, serviceElevationDeg: Double, feederElevationDeg: Double,
                                    payload: PayloadType,
                                    earthRadiusKm: Double = NTNConstants.meanEarthRadiusKm) -> DelayBudget {
        DelayBudget(
            serviceLinkKm: ElevationGeometry.slantRangeKm(elevationDeg: serviceElevationDeg, altitudeKm: altitudeKm,
                                                          earthRadiusKm: earthRadiusKm),
            feederLinkKm: ElevationGeometry.slantRangeKm(elevationDeg: feederElevationDeg, altitudeKm: altitudeKm,
                                                         earthRadiusKm: earthRadiusKm),
            payload: payload)
    }

    /// One-way service link delay, ms.
    public var serviceLinkDelayMs: Double { serviceLinkKm / NTNConstants.speedOfLightKmPerS * 1000 }
    /// One-way feeder link delay, ms.
    public var feederLinkDelayMs: Double { feederLinkKm / NTNConstants.speedOfLightKmPerS * 1000 }

    /// One-way delay between the UE and the gNB, ms: service + feeder (transparent), service only
    /// (regenerative, the gNB is on board).
    public var oneWayDelayMs: Double {
        payload == .transparent ? serviceLinkDelayMs + feederLinkDelayMs : serviceLinkDelayMs
    }

    /// Round-trip time between the UE and the gNB, ms: 2 (service + feeder) for a transparent
    /// payload, 2 service for a regenerative one.
    public var roundTripMs: Double { 2 * oneWayDelayMs }

    /// Round trip over the feeder link alone, ms (regenerative: gNB on board to the core network).
    public var feederRoundTripMs: Double { 2 * feederLinkDelayMs }
}
