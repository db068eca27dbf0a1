import Foundation

/// One visibility window of a platform above a ground point.
public struct Pass: Sendable, Equatable, Codable {
    /// Rise time (elevation crosses the threshold upward), seconds; the window start if already up.
    public var riseSeconds: Double
    /// Set time, seconds; the window end if still up.
    public var setSeconds: Double
    /// Largest elevation in the pass, degrees.
    public var maxElevationDeg: Double
    /// Time of the largest elevation, seconds.
    public var maxElevationSeconds: Double

    /// Duration, seconds.
    public var durationSeconds: Double { setSeconds - riseSeconds }
}

/// Finds visibility windows by stepping the elevation and refining each threshold crossing by
/// bisection and each maximum by golden-section search.
public struct PassPredictor<P: PlatformMotion>: Sendable {
    /// The platform.
    public var platform: P
    /// The ground point.
    public var ground: GroundPoint
    /// Coarse step, seconds: shorter than the shortest pass to be found (30 s suits LEO).
    public var stepSeconds: Double
    /// Time tolerance of the refinement, seconds.
    public var toleranceSeconds: Double

    /// Creates a predictor.
    public init(platform: P, ground: GroundPoint, stepSeconds: Double = 30, toleranceSeconds: Double = 1e-3) {
        self.platform = platform
        self.ground = ground
        self.stepSeconds = max(stepSeconds, 1e-3)
        self.toleranceSeconds = toleranceSeconds
    }

    /// Elevation at `t`, degrees.
    public func elevationDeg(at t: Double) -> Double {
        LinkGeometry(ground: ground, platform: platform, atSeconds: t).elevationDeg
    }

    /// The passes between two times.
    /// - Parameters:
    ///   - from: start, seconds.
    ///   - to: end, seconds.
    ///   - minElevationDeg: visibility threshold.
    /// - Returns: the passes in time order; a pass cut by the window is clipped to it.
    public func passes(from: Double, to: Double, minElevationDeg: Double) -> [Pass] {
        guard to > from else { return [] }
        let f: (Double) -> Double = { elevationDeg(at: $0) - minElevationDeg }
        var result: [Pass] = []
        var t0 = from
        var v0 = f(t0)
        var rise: Double? = v0 >= 0 ? from : nil
        let probe = min(1.0, stepSeconds / 100)
        while t0 < to {
            let t1 = min(t0 + stepSeconds, to)
            let v1 = f(t1)
            if v0 < 0 && v1 >= 0 {
                rise = bisect(f, t0, t1)
            } else if v0 >= 0 && v1 < 0, let r = rise {
                let s = bisect(f, t0, t1)
                result.append(makePass(rise: r, set: s))
                rise = nil
            } else if v0 < 0 && v1 < 0, f(t0 + probe) > v0, f(t1 - probe) > v1 {
                // Rising at the start and falling at the end: a maximum lies in between.
                // A short pass may peak between two samples: look for a maximum above the threshold.
                let (tm, em) = goldenMax(t0, t1)
                if em - minElevationDeg >= 0 {
                    let r = bisect(f, t0, tm), s = bisect(f, tm, t1)
                    result.append(Pass(riseSeconds: r, setSeconds: s, maxElevationDeg: em, maxElevationSeconds: tm))
                }
            }
            t0 = t1
            v0 = v1
        }
        if let r = rise { result.append(makePass(rise: r, set: to)) }
        return result
    }

    func makePass(rise: Double, set: Double) -> Pass {
        // Scan the window coarsely, then refine around the best sample.
        let n = max(2, Int(((set - rise) / stepSeconds).rounded(.up)))
        var bestT = rise, bestE = -90.0
        for k in 0...n {
            let t = rise + (set - rise) * Double(k) / Double(n)
            let e = elevationDeg(at: t)
            if e > bestE { bestE = e; bestT = t }
        }
        let h = (set - rise) / Double(n)
        let (tm, em) = goldenMax(max(rise, bestT - h), min(set, bestT + h))
        return em >= bestE
            ? Pass(riseSeconds: rise, setSeconds: set, maxElevationDeg: em, maxElevationSeconds: tm)
            : Pass(riseSeconds: rise, setSeconds: set, maxElevationDeg: bestE, maxElevationSeconds: bestT)
    }

    func bisect(_ f: (Double) -> Double, _ a0: Double, _ b0: Double) -> Double {
        var a = a0, b = b0
        let fa = f(a) >= 0
        while b - a > toleranceSeconds {
            let m = 0.5 * (a + b)
            if (f(m) >= 0) == fa { a = m } else { b = m }
        }
        return 0.5 * (a + b)
    }

    func goldenMax(_ a0: Double, _ b0: Double) -> (Double, Double) {
        let g = (5.0.squareRoot() - 1) / 2
        var a = a0, b = b0
        var c = b - g * (b - a), d = a + g * (b - a)
        var fc = elevationDeg(at: c), fd = elevationDeg(at: d)
        while b - a > toleranceSeconds {
            if fc > fd {
                b = d; d = c; fd = fc
                c = b - g * (b - a); fc = elevationDeg(at: c)
            } else {
                a = c; c = d; fc = fd
                d = a + g * (b - a); fd = elevationDeg(at: d)
            }
        }
        let t = 0.5 * (a + b)
        return (t, elevationDeg(at: t))
    }
}
