import Foundation

/// The 3GPP single-element sector antenna pattern of TR 38.901 Table 7.3-1, with an
/// electrical downtilt.
///
/// Vertical cut `A_V = -min(12 ((theta - theta_tilt) / theta_3dB)^2, SLA_V)`, horizontal
/// cut `A_H = -min(12 (phi / phi_3dB)^2, A_max)`, combined
/// `A = G_max - min(-(A_V + A_H), A_max)` with theta_3dB = phi_3dB = 65 deg,
/// SLA_V = A_max = 30 dB and G_max = 8 dBi.
public struct SectorAntenna: Sendable, Hashable, Codable {
    /// Half-power beamwidth in azimuth, degrees.
    public var horizontalBeamwidthDeg: Double
    /// Half-power beamwidth in elevation, degrees.
    public var verticalBeamwidthDeg: Double
    /// Maximum attenuation A_max (and side-lobe level SLA_V), dB.
    public var maxAttenuationDb: Double
    /// Maximum directional gain G_max, dBi.
    public var maxGainDbi: Double
    /// Electrical downtilt below the horizon, degrees (positive tilts down).
    public var downtiltDeg: Double

    /// - Parameters:
    ///   - downtiltDeg: Electrical downtilt in degrees (default 0).
    ///   - horizontalBeamwidthDeg: Default 65.
    ///   - verticalBeamwidthDeg: Default 65.
    ///   - maxAttenuationDb: Default 30.
    ///   - maxGainDbi: Default 8.
    public init(downtiltDeg: Double = 0, horizontalBeamwidthDeg: Double = 65, verticalBeamwidthDeg: Double = 65,
                maxAttenuationDb: Double = 30, maxGainDbi: Double = 8) {
        self.downtiltDeg = downtiltDeg
        self.horizontalBeamwidthDeg = horizontalBeamwidthDeg
        self.verticalBeamwidthDeg = verticalBeamwidthDeg
        self.maxAttenuationDb = maxAttenuationDb
        self.maxGainDbi = maxGainDbi
    }

    /// The element gain towards a direction.
    /// - Parameters:
    ///   - azimuthOffDeg: Horizontal angle between the boresight azimuth and the direction,
    ///     degrees (wrapped into -180...180).
    ///   - elevationOffDeg: Elevation of the direction relative to the horizontal plane,
    ///     degrees (negative below the horizon); the downtilt is applied here, so the
    ///     vertical attenuation is zero at `-downtiltDeg`.
    /// - Returns: The gain in dBi, between `maxGainDbi - maxAttenuationDb` and `maxGainDbi`.
    public func antennaGainDbi(azimuthOffDeg: Double, elevationOffDeg: Double) -> Double {
        let phi = Self.wrapDeg(azimuthOffDeg)
        let horizontal = -min(12 * pow(phi / horizontalBeamwidthDeg, 2), maxAttenuationDb)
        // Zenith angle theta = 90 - elevation; tilted boresight at 90 + downtilt.
        let offBoresight = elevationOffDeg + downtiltDeg
        let vertical = -min(12 * pow(offBoresight / verticalBeamwidthDeg, 2), maxAttenuationDb)
        return maxGainDbi - min(-(vertical + horizontal), maxAttenuationDb)
    }

    /// Elevation of a UE seen from the base station, degrees (negative: below the horizon).
    public static func elevationDeg(distance2DM: Double, baseStationHeightM: Double, ueHeightM: Double) -> Double {
        atan2(ueHeightM - baseStationHeightM, distance2DM) * 180 / Double.pi
    }

    /// An angle wrapped into -180...180 degrees.
    public static func wrapDeg(_ angle: Double) -> Double {
        var a = angle.truncatingRemainder(dividingBy: 360)
        if a > 180 { a -= 360 }
        if a < -180 { a += 360 }
        return a
    }
}
