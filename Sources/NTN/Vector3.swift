import Foundation

/// A three-component Cartesian vector (kilometres or kilometres per second by context).
public struct Vector3: Sendable, Equatable, Codable {
    public var x: Double
    public var y: Double
    public var z: Double

    /// Creates a vector from its components.
    public init(_ x: Double, _ y: Double, _ z: Double) {
        self.x = x
        self.y = y
        self.z = z
    }

    /// The zero vector.
    public static let zero = Vector3(0, 0, 0)

    /// Euclidean length.
    public var norm: Double { (x * x + y * y + z * z).squareRoot() }

    /// Dot product.
    public func dot(_ o: Vector3) -> Double { x * o.x + y * o.y + z * o.z }

    /// Cross product.
    public func cross(_ o: Vector3) -> Vector3 {
        Vector3(y * o.z - z * o.y, z * o.x - x * o.z, x * o.y - y * o.x)
    }

    /// This vector scaled to unit length (the zero vector stays zero).
    public var unit: Vector3 {
        let n = norm
        return n > 0 ? self / n : .zero
    }

    public static func + (a: Vector3, b: Vector3) -> Vector3 { Vector3(a.x + b.x, a.y + b.y, a.z + b.z) }
    public static func - (a: Vector3, b: Vector3) -> Vector3 { Vector3(a.x - b.x, a.y - b.y, a.z - b.z) }
    public static func * (a: Vector3, s: Double) -> Vector3 { Vector3(a.x * s, a.y * s, a.z * s) }
    public static func * (s: Double, a: Vector3) -> Vector3 { a * s }
    public static func / (a: Vector3, s: Double) -> Vector3 { Vector3(a.x / s, a.y / s, a.z / s) }

    /// Rotation about the z axis by `angleRad` (frame rotation: a vector fixed in space seen from a
    /// frame turned by `angleRad`), as used for ECI/TEME to ECEF.
    public func rotatedFrameZ(_ angleRad: Double) -> Vector3 {
        let c = cos(angleRad), s = sin(angleRad)
        return Vector3(c * x + s * y, -s * x + c * y, z)
    }
}

/// Position and velocity of a platform in one Cartesian frame.
public struct PlatformState: Sendable, Equatable {
    /// Position in kilometres.
    public var positionKm: Vector3
    /// Velocity in kilometres per second.
    public var velocityKmPerS: Vector3

    /// Creates a state.
    public init(positionKm: Vector3, velocityKmPerS: Vector3) {
        self.positionKm = positionKm
        self.velocityKmPerS = velocityKmPerS
    }
}

@inline(__always) func degreesToRadians(_ d: Double) -> Double { d * .pi / 180 }
@inline(__always) func radiansToDegrees(_ r: Double) -> Double { r * 180 / .pi }
