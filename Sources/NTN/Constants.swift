/// Physical and geodetic constants used by the NTN models.
public enum NTNConstants {
    /// Speed of light in vacuum, km/s.
    public static let speedOfLightKmPerS = 299_792.458
    /// Speed of light in vacuum, m/s.
    public static let speedOfLightMPerS = 299_792_458.0
    /// Mean Earth radius used by TR 38.811 clause 6.3 and TR 38.821 geometry, km.
    public static let meanEarthRadiusKm = 6371.0
    /// WGS-84 equatorial radius, km.
    public static let wgs84EquatorialRadiusKm = 6378.137
    /// WGS-84 flattening.
    public static let wgs84Flattening = 1.0 / 298.257223563
    /// Earth gravitational parameter (WGS-84), km^3/s^2.
    public static let earthMuKm3PerS2 = 398_600.4418
    /// Earth rotation rate (WGS-84), rad/s.
    public static let earthRotationRadPerS = 7.292115e-5
    /// Boltzmann constant in dB: 10 log10(k) = -228.6 dBW/K/Hz (TR 38.821 clause 6.1.3.1).
    public static let boltzmannDbWPerKHz = -228.6
    /// Geostationary altitude above the equator, km.
    public static let geoAltitudeKm = 35_786.0
}
