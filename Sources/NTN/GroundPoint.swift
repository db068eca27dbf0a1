import Foundation

/// A point on or above the WGS-84 ellipsoid (a UE, a gateway, a HAPS centre).
public struct GroundPoint: Sendable, Equatable, Codable {
    /// Geodetic latitude, degrees (north positive).
    public var latitudeDeg: Double
    /// Longitude, degrees (east positive).
    public var longitudeDeg: Double
    /// Height above the ellipsoid, km.
    public var altitudeKm: Double

    /// Creates a geodetic position.
    public init(latitudeDeg: Double, longitudeDeg: Double, altitudeKm: Double = 0) {
        self.latitudeDeg = latitudeDeg
        self.longitudeDeg = longitudeDeg
        self.altitudeKm = altitudeKm
    }

    /// Earth-centred, Earth-fixed position in km (WGS-84).
    public var ecefKm: Vector3 {
        let a = NTNConstants.wgs84EquatorialRadiusKm
        let f = NTNConstants.wgs84Flattening
        let e2 = f * (2 - f)
        let phi = degreesToRadians(latitudeDeg), lam = degreesToRadians(longitudeDeg)
        let sinPhi = sin(phi), cosPhi = cos(phi)
        let n = a / (1 - e2 * sinPhi * sinPhi).squareRoot()
        return Vector3((n + altitudeKm) * cosPhi * cos(lam),
                       (n + altitudeKm) * cosPhi * sin(lam),
                       (n * (1 - e2) + altitudeKm) * sinPhi)
    }

    /// Geodetic position of an ECEF point (iterative, converges to well below a millimetre).
    /// - Parameter ecefKm: ECEF position in km.
    /// - Returns: the geodetic latitude, longitude and height.
    public static func fromECEF(_ ecefKm: Vector3) -> GroundPoint {
        let a = NTNConstants.wgs84EquatorialRadiusKm
        let f = NTNConstants.wgs84Flattening
        let e2 = f * (2 - f)
        let p = (ecefKm.x * ecefKm.x + ecefKm.y * ecefKm.y).squareRoot()
        let lon = atan2(ecefKm.y, ecefKm.x)
        var lat = atan2(ecefKm.z, p * (1 - e2))
        var h = 0.0
        for _ in 0..<8 {
            let s = sin(lat)
            let n = a / (1 - e2 * s * s).squareRoot()
            h = abs(cos(lat)) > 1e-12 ? p / cos(lat) - n : abs(ecefKm.z) - n * (1 - e2)
            lat = atan2(ecefKm.z, p * (1 - e2 * n / (n + h)))
        }
        return GroundPoint(latitudeDeg: radiansToDegrees(lat), longitudeDeg: radiansToDegrees(lon), altitudeKm: h)
    }

    /// Unit vectors of the local east-north-up frame, expressed in ECEF.
    public var enuBasis: (east: Vector3, north: Vector3, up: Vector3) {
        let phi = degreesToRadians(latitudeDeg), lam = degreesToRadians(longitudeDeg)
        let sp = sin(phi), cp = cos(phi), sl = sin(lam), cl = cos(lam)
        return (Vector3(-sl, cl, 0), Vector3(-sp * cl, -sp * sl, cp), Vector3(cp * cl, cp * sl, sp))
    }
}
