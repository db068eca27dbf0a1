import Foundation

/// When the UE changes serving platform.
public enum HandoverPolicy: Sendable, Equatable, Codable {
    /// Stay on the serving platform until its elevation drops below the threshold, then take the
    /// highest one above it (measurement-based, reactive).
    case belowThreshold
    /// Conditional handover on time (Rel-17 CHO with a time trigger): the UE knows from ephemeris
    /// when the serving platform will drop below the threshold and executes the handover
    /// `leadSeconds` before that instant, to the best candidate then.
    case conditionalOnTime(leadSeconds: Double)
    /// Always the highest platform (an upper bound on link quality; hands over often).
    case highestElevation
}

/// One sample of the serving-link timeline.
public struct ServingSample: Sendable, Equatable, Codable {
    /// Time, seconds.
    public var timeSeconds: Double
    /// Index of the serving platform in the candidate list, nil when none is above the threshold.
    public var servingIndex: Int?
    /// Elevation of the serving platform, degrees.
    public var elevationDeg: Double
    /// One-way service-link delay, ms.
    public var oneWayDelayMs: Double
    /// Doppler shift at the carrier, Hz.
    public var dopplerHz: Double
}

/// A handover in the timeline.
public struct HandoverEvent: Sendable, Equatable, Codable {
    /// Time of execution, seconds.
    public var timeSeconds: Double
    /// Previous serving platform (nil after an outage).
    public var fromIndex: Int?
    /// New serving platform (nil when coverage is lost).
    public var toIndex: Int?
}

/// Serving-platform selection for a ground point over a constellation.
public struct ServingSelector<P: PlatformMotion>: Sendable {
    /// Candidate platforms.
    public var platforms: [P]
    /// The UE position.
    public var ground: GroundPoint
    /// Minimum elevation for service, degrees.
    public var minElevationDeg: Double
    /// Carrier for the Doppler figure, Hz.
    public var carrierHz: Double
    /// Handover policy.
    public var policy: HandoverPolicy

    /// Creates a selector.
    public init(platforms: [P], ground: GroundPoint, minElevationDeg: Double, carrierHz: Double,
                policy: HandoverPolicy = .belowThreshold) {
        self.platforms = platforms
        self.ground = ground
        self.minElevationDeg = minElevationDeg
        self.carrierHz = carrierHz
        self.policy = policy
    }

    /// The highest platform above the threshold at `t`, if any.
    public func bestPlatform(at t: Double) -> (index: Int, geometry: LinkGeometry)? {
        var best: (Int, LinkGeometry)?
        for (i, p) in platforms.enumerated() {
            let g = LinkGeometry(ground: ground, platform: p, atSeconds: t)
            if g.elevationDeg >= minElevationDeg, g.elevationDeg > (best?.1.elevationDeg ?? -.infinity) {
                best = (i, g)
            }
        }
        return best.map { (index: $0.0, geometry: $0.1) }
    }

    /// Time at which platform `index` drops below the threshold after `t`, searched up to `horizon`
    /// seconds ahead (bisection to 10 ms), or nil if it stays up.
    func setTime(of index: Int, after t: Double, horizon: Double, step: Double) -> Double? {
        let p = platforms[index]
        func up(_ x: Double) -> Bool { LinkGeometry(ground: ground, platform: p, atSeconds: x).elevationDeg >= minElevationDeg }
        var a = t
        while a < t + horizon {
            let b = a + step
            if !up(b) {
                var lo = a, hi = b
                while hi - lo > 0.01 { let m = 0.5 * (lo + hi); if up(m) { lo = m } else { hi = m } }
                return lo
            }
            a = b
        }
        return nil
    }

    /// The serving timeline sampled every `stepSeconds`, and the handovers.
    /// - Parameters:
    ///   - from: start, seconds.
    ///   - to: end, seconds.
    ///   - stepSeconds: sampling step.
    /// - Returns: the samples and the handover events.
    public func timeline(from: Double, to: Double, stepSeconds: Double) -> (samples: [ServingSample], handovers: [HandoverEvent]) {
        var samples: [ServingSample] = []
        var handovers: [HandoverEvent] = []
        var serving: Int?
        var plannedHandover: Double?
        var t = from
        while t <= to + 1e-9 {
            var next = serving
            switch policy {
            case .highestElevation:
                next = bestPlatform(at: t)?.index
            case .belowThreshold:
                if let s = serving,
                   LinkGeometry(ground: ground, platform: platforms[s], atSeconds: t).elevationDeg >= minElevationDeg {
                    next = s
                } else {
                    next = bestPlatform(at: t)?.index
                }
            case .conditionalOnTime(let lead):
                let servingUp = serving.map {
                    LinkGeometry(ground: ground, platform: platforms[$0], atSeconds: t).elevationDeg >= minElevationDeg
                } ?? false
                if let s = serving, servingUp {
                    if plannedHandover == nil {
                        // Ephemeris tells when the serving platform sets; trigger lead seconds before.
                        plannedHandover = setTime(of: s, after: t, horizon: to - t + stepSeconds, step: stepSeconds)
                            .map { $0 - lead }
                    }
                    if let h = plannedHandover, t >= h, let b = bestPlatform(at: t), b.index != s {
                        next = b.index
                    }
                } else {
                    next = bestPlatform(at: t)?.index
                }
            }
            if next != serving {
                handovers.append(HandoverEvent(timeSeconds: t, fromIndex: serving, toIndex: next))
                serving = next
                plannedHandover = nil
            }
            if let s = serving {
                let g = LinkGeometry(ground: ground, platform: platforms[s], atSeconds: t)
                samples.append(ServingSample(timeSeconds: t, servingIndex: s, elevationDeg: g.elevationDeg,
                                             oneWayDelayMs: g.oneWayDelayMs, dopplerHz: g.dopplerShiftHz(carrierHz: carrierHz)))
            } else {
                samples.append(ServingSample(timeSeconds: t, servingIndex: nil, elevationDeg: -90, oneWayDelayMs: 0, dopplerHz: 0))
            }
            t += stepSeconds
        }
        return (samples, handovers)
    }
}
