import Foundation

/// Deep-space part of SGP4 ("SDP4") for element sets with a period of 225 minutes or more:
/// lunar-solar secular rates and long-period periodics, and the 12 h / 24 h geopotential
/// resonances. Written from Hoots and Roehrich, Spacetrack Report #3 (1980), Hoots, Spacetrack
/// Report #6 (1986) and Vallado, Crawford, Hujsak and Kelso, "Revisiting Spacetrack Report #3"
/// (AIAA 2006-6753), in that paper's "improved" operation mode (GMST from the IAU-82 formula, no
/// forcing of angles into [0, 2 pi)).
///
/// Names of the coefficients follow the reference (dscom, dpper, dsinit, dspace) so the formulas can
/// be checked side by side; the structure (one code path per third body) is ours.
struct SGP4DeepSpace: Sendable {
    /// Mean orbital elements at a time, as the deep-space terms read and update them.
    struct MeanElements {
        var eccentricity, inclinationRad, nodeRad, argumentOfPerigeeRad, meanAnomalyRad: Double
    }

    /// Third-body constants of the reference (sun: "s", moon: "l").
    enum Body {
        case sun, moon
        /// Eccentricity of the apparent orbit.
        var eccentricity: Double { self == .sun ? 0.01675 : 0.05490 }
        /// Mean motion, rad/min.
        var meanMotionRadPerMin: Double { self == .sun ? 1.19459e-5 : 1.5835218e-4 }
        /// Perturbation strength coefficient.
        var strength: Double { self == .sun ? 2.9864797e-6 : 4.7968065e-7 }
    }

    /// Earth rotation rate used by the resonance terms, rad/min (7.29211514668855e-5 rad/s).
    static let earthRotationRadPerMin = 4.37526908801129966e-3

    /// Products of the satellite orbit and one body's orbit (the "s" and "z" terms of dscom).
    struct ThirdBodyTerms {
        var s1, s2, s3, s4, s5, s6, s7: Double
        var z1, z2, z3, z11, z12, z13, z21, z22, z23, z31, z32, z33: Double

        /// - Parameters: cosines and sines of the body's argument of perigee (g), inclination (i) and
        ///   node (h) relative to the satellite's reference; `strength` is the body's coefficient.
        init(cosG: Double, sinG: Double, cosI: Double, sinI: Double, cosH: Double, sinH: Double, strength: Double,
             orbit: SatelliteOrbit) {
            let o = orbit
            let a1 = cosG * cosH + sinG * cosI * sinH
            let a3 = -sinG * cosH + cosG * cosI * sinH
            let a7 = -cosG * sinH + sinG * cosI * cosH
            let a8 = sinG * sinI
            let a9 = sinG * sinH + cosG * cosI * cosH
            let a10 = cosG * sinI
            let a2 = o.cosI * a7 + o.sinI * a8
            let a4 = o.cosI * a9 + o.sinI * a10
            let a5 = -o.sinI * a7 + o.cosI * a8
            let a6 = -o.sinI * a9 + o.cosI * a10
            let x1 = a1 * o.cosW + a2 * o.sinW
            let x2 = a3 * o.cosW + a4 * o.sinW
            let x3 = -a1 * o.sinW + a2 * o.cosW
            let x4 = -a3 * o.sinW + a4 * o.cosW
            let x5 = a5 * o.sinW
            let x6 = a6 * o.sinW
            let x7 = a5 * o.cosW
            let x8 = a6 * o.cosW
            let emsq = o.emsq
            z31 = 12 * x1 * x1 - 3 * x3 * x3
            z32 = 24 * x1 * x2 - 6 * x3 * x4
            z33 = 12 * x2 * x2 - 3 * x4 * x4
            z11 = -6 * a1 * a5 + emsq * (-24 * x1 * x7 - 6 * x3 * x5)
            z12 = -6 * (a1 * a6 + a3 * a5) + emsq * (-24 * (x2 * x7 + x1 * x8) - 6 * (x3 * x6 + x4 * x5))
            z13 = -6 * a3 * a6 + emsq * (-24 * x2 * x8 - 6 * x4 * x6)
            z21 = 6 * a2 * a5 + emsq * (24 * x1 * x5 - 6 * x3 * x7)
            z22 = 6 * (a4 * a5 + a2 * a6) + emsq * (24 * (x2 * x5 + x1 * x6) - 6 * (x4 * x7 + x3 * x8))
            z23 = 6 * a4 * a6 + emsq * (24 * x2 * x6 - 6 * x4 * x8)
            let z1p = 3 * (a1 * a1 + a2 * a2) + z31 * emsq
            let z2p = 6 * (a1 * a3 + a2 * a4) + z32 * emsq
            let z3p = 3 * (a3 * a3 + a4 * a4) + z33 * emsq
            z1 = z1p + z1p + o.betasq * z31
            z2 = z2p + z2p + o.betasq * z32
            z3 = z3p + z3p + o.betasq * z33
            s3 = strength / o.meanMotion
            s2 = -0.5 * s3 / o.rtemsq
            s4 = s3 * o.rtemsq
            s1 = -15 * o.eccentricity * s4
            s5 = x1 * x3 + x2 * x4
            s6 = x2 * x3 + x1 * x4
            s7 = x2 * x4 - x1 * x3
        }
    }

    /// The satellite's epoch orbit as dscom reads it.
    struct SatelliteOrbit {
        let eccentricity, emsq, betasq, rtemsq, meanMotion: Double
        let sinI, cosI, sinW, cosW, sinNode, cosNode: Double

        init(eccentricity: Double, inclinationRad: Double, nodeRad: Double, argumentOfPerigeeRad: Double, meanMotion: Double) {
            self.eccentricity = eccentricity
            emsq = eccentricity * eccentricity
            betasq = 1 - emsq
            rtemsq = betasq.squareRoot()
            self.meanMotion = meanMotion
            sinI = sin(inclinationRad); cosI = cos(inclinationRad)
            sinW = sin(argumentOfPerigeeRad); cosW = cos(argumentOfPerigeeRad)
            sinNode = sin(nodeRad); cosNode = cos(nodeRad)
        }
    }

    /// Long-period lunar or solar periodic coefficients and the body's mean anomaly at epoch.
    struct Periodics {
        let body: Body
        let meanAnomalyAtEpochRad: Double
        let e2, e3, i2, i3, l2, l3, l4, gh2, gh3, gh4, h2, h3: Double

        init(body: Body, terms s: ThirdBodyTerms, emsq: Double, meanAnomalyAtEpochRad: Double) {
            self.body = body
            self.meanAnomalyAtEpochRad = meanAnomalyAtEpochRad
            let ecc = body.eccentricity
            e2 = 2 * s.s1 * s.s6
            e3 = 2 * s.s1 * s.s7
            i2 = 2 * s.s2 * s.z12
            i3 = 2 * s.s2 * (s.z13 - s.z11)
            l2 = -2 * s.s3 * s.z2
            l3 = -2 * s.s3 * (s.z3 - s.z1)
            l4 = -2 * s.s3 * (-21 - 9 * emsq) * ecc
            gh2 = 2 * s.s4 * s.z32
            gh3 = 2 * s.s4 * (s.z33 - s.z31)
            gh4 = -18 * s.s4 * ecc
            h2 = -2 * s.s2 * s.z22
            h3 = -2 * s.s2 * (s.z23 - s.z21)
        }

        /// Periodic perturbations (eccentricity, inclination, mean longitude, perigee, node) at `t` minutes.
        func evaluate(minutes t: Double) -> (e: Double, i: Double, l: Double, gh: Double, h: Double) {
            let zm = meanAnomalyAtEpochRad + body.meanMotionRadPerMin * t
            let zf = zm + 2 * body.eccentricity * sin(zm)
            let sinzf = sin(zf)
            let f2 = 0.5 * sinzf * sinzf - 0.25
            let f3 = -0.5 * sinzf * cos(zf)
            return (e2 * f2 + e3 * f3, i2 * f2 + i3 * f3, l2 * f2 + l3 * f3 + l4 * sinzf,
                    gh2 * f2 + gh3 * f3 + gh4 * sinzf, h2 * f2 + h3 * f3)
        }
    }

    /// Geopotential resonance of the mean motion with the Earth's rotation.
    enum Resonance: Sendable {
        case none
        /// 24 h (geosynchronous) resonance: del1...del3.
        case synchronous(del1: Double, del2: Double, del3: Double)
        /// 12 h resonance (eccentricity >= 0.5): the d-coefficients of dsinit.
        case halfDay(d2201: Double, d2211: Double, d3210: Double, d3222: Double, d4410: Double,
                     d4422: Double, d5220: Double, d5232: Double, d5421: Double, d5433: Double)
    }

    let solar: Periodics
    let lunar: Periodics
    // Lunar-solar secular rates, per minute.
    let dedt, didt, dmdt, domdt, dnodt: Double
    let resonance: Resonance
    /// Resonance integration constants: mean longitude at epoch and its rate offset.
    let xlamo, xfact: Double
    /// GMST at epoch, radians.
    let gsto: Double
    let noUnkozai, argpo, argpdot: Double

    /// Deep-space initialisation (dscom + dsinit).
    /// - Parameters:
    ///   - epochJulianDate: TLE epoch.
    ///   - ecco, inclo, nodeo, argpo, mo: mean elements at epoch (radians).
    ///   - noUnkozai: recovered mean motion, rad/min.
    ///   - mdot, argpdot, nodedot: secular gravity rates, rad/min.
    ///   - xke: sqrt(mu) in Earth radii^1.5 per minute.
    init(epochJulianDate: Double, ecco: Double, inclo: Double, nodeo: Double, argpo: Double, mo: Double,
         noUnkozai: Double, mdot: Double, argpdot: Double, nodedot: Double, xke: Double) {
        let twoPi = 2 * Double.pi
        self.noUnkozai = noUnkozai
        self.argpo = argpo
        self.argpdot = argpdot
        gsto = JulianDate.gmstRad(epochJulianDate)

        // dscom: positions of the sun and moon at epoch (days from 1900 Jan 0.5).
        let day = (epochJulianDate - 2_433_281.5) + 18_261.5
        let orbit = SatelliteOrbit(eccentricity: ecco, inclinationRad: inclo, nodeRad: nodeo,
                                   argumentOfPerigeeRad: argpo, meanMotion: noUnkozai)
        let xnodce = fmod(4.5236020 - 9.2422029e-4 * day, twoPi)
        let stem = sin(xnodce), ctem = cos(xnodce)
        let zcosil = 0.91375164 - 0.03568096 * ctem
        let zsinil = (1 - zcosil * zcosil).squareRoot()
        let zsinhl = 0.089683511 * stem / zsinil
        let zcoshl = (1 - zsinhl * zsinhl).squareRoot()
        let gam = 5.8351514 + 0.0019443680 * day
        var zx = 0.39785416 * stem / zsinil
        let zy = zcoshl * ctem + 0.91744867 * zsinhl * stem
        zx = atan2(zx, zy)
        zx = gam + zx - xnodce
        let sun = ThirdBodyTerms(cosG: 0.1945905, sinG: -0.98088458, cosI: 0.91744867, sinI: 0.39785416,
                                 cosH: orbit.cosNode, sinH: orbit.sinNode, strength: Body.sun.strength, orbit: orbit)
        let moon = ThirdBodyTerms(cosG: cos(zx), sinG: sin(zx), cosI: zcosil, sinI: zsinil,
                                  cosH: zcoshl * orbit.cosNode + zsinhl * orbit.sinNode,
                                  sinH: orbit.sinNode * zcoshl - orbit.cosNode * zsinhl,
                                  strength: Body.moon.strength, orbit: orbit)
        let zmol = fmod(4.7199672 + 0.22997150 * day - gam, twoPi)
        let zmos = fmod(6.2565837 + 0.017201977 * day, twoPi)
        solar = Periodics(body: .sun, terms: sun, emsq: orbit.emsq, meanAnomalyAtEpochRad: zmos)
        lunar = Periodics(body: .moon, terms: moon, emsq: orbit.emsq, meanAnomalyAtEpochRad: zmol)

        // dsinit: lunar-solar secular rates.
        let emsq = orbit.emsq
        func rates(_ s: ThirdBodyTerms, _ n: Double) -> (e: Double, i: Double, m: Double, gh: Double, h: Double) {
            (s.s1 * n * s.s5, s.s2 * n * (s.z11 + s.z13), -n * s.s3 * (s.z1 + s.z3 - 14 - 6 * emsq),
             s.s4 * n * (s.z31 + s.z33 - 6), -n * s.s2 * (s.z21 + s.z23))
        }
        let rs = rates(sun, Body.sun.meanMotionRadPerMin)
        let rl = rates(moon, Body.moon.meanMotionRadPerMin)
        // Nodal rates are dropped within 3 degrees of equatorial, where they are singular.
        let nearEquatorial = inclo < 5.2359877e-2 || inclo > .pi - 5.2359877e-2
        var shs = nearEquatorial ? 0 : rs.h
        let shll = nearEquatorial ? 0 : rl.h
        let sinim = orbit.sinI, cosim = orbit.cosI
        if sinim != 0 { shs /= sinim }
        dedt = rs.e + rl.e
        didt = rs.i + rl.i
        dmdt = rs.m + rl.m
        var domdt = (rs.gh - cosim * shs) + rl.gh
        var dnodt = shs
        if sinim != 0 {
            domdt -= cosim / sinim * shll
            dnodt += shll / sinim
        }
        self.domdt = domdt
        self.dnodt = dnodt

        // dsinit: resonance coefficients.
        let rptim = Self.earthRotationRadPerMin
        let theta = gsto
        let nm = noUnkozai, em = ecco
        let aonv = pow(nm / xke, 2.0 / 3.0)
        if nm > 0.0034906585 && nm < 0.0052359877 {
            // 24 h resonance.
            let g200 = 1 + emsq * (-2.5 + 0.8125 * emsq)
            let g310 = 1 + 2 * emsq
            let g300 = 1 + emsq * (-6 + 6.60937 * emsq)
            let f220 = 0.75 * (1 + cosim) * (1 + cosim)
            let f311 = 0.9375 * sinim * sinim * (1 + 3 * cosim) - 0.75 * (1 + cosim)
            var f330 = 1 + cosim
            f330 = 1.875 * f330 * f330 * f330
            let del0 = 3 * nm * nm * aonv * aonv
            let q22 = 1.7891679e-6, q31 = 2.1460748e-6, q33 = 2.2123015e-7
            resonance = .synchronous(del1: del0 * f311 * g310 * q31 * aonv,
                                     del2: 2 * del0 * f220 * g200 * q22,
                                     del3: 3 * del0 * f330 * g300 * q33 * aonv)
            xlamo = fmod(mo + nodeo + argpo - theta, twoPi)
            xfact = mdot + (argpdot + nodedot) - rptim + dmdt + domdt + dnodt - noUnkozai
        } else if nm >= 8.26e-3 && nm <= 9.24e-3 && em >= 0.5 {
            // 12 h resonance: eccentricity functions (fits in e) and inclination functions.
            let cosisq = cosim * cosim
            let eoc = em * emsq
            let g201 = -0.306 - (em - 0.64) * 0.440
            let g211, g310, g322, g410, g422, g520: Double
            if em <= 0.65 {
                g211 = 3.616 - 13.2470 * em + 16.2900 * emsq
                g310 = -19.302 + 117.3900 * em - 228.4190 * emsq + 156.5910 * eoc
                g322 = -18.9068 + 109.7927 * em - 214.6334 * emsq + 146.5816 * eoc
                g410 = -41.122 + 242.6940 * em - 471.0940 * emsq + 313.9530 * eoc
                g422 = -146.407 + 841.8800 * em - 1629.014 * emsq + 1083.4350 * eoc
                g520 = -532.114 + 3017.977 * em - 5740.032 * emsq + 3708.2760 * eoc
            } else {
                g211 = -72.099 + 331.819 * em - 508.738 * emsq + 266.724 * eoc
                g310 = -346.844 + 1582.851 * em - 2415.925 * emsq + 1246.113 * eoc
                g322 = -342.585 + 1554.908 * em - 2366.899 * emsq + 1215.972 * eoc
                g410 = -1052.797 + 4758.686 * em - 7193.992 * emsq + 3651.957 * eoc
                g422 = -3581.690 + 16178.110 * em - 24462.770 * emsq + 12422.520 * eoc
                g520 = em > 0.715
                    ? -5149.66 + 29936.92 * em - 54087.36 * emsq + 31324.56 * eoc
                    : 1464.74 - 4664.75 * em + 3763.64 * emsq
            }
            let g533, g521, g532: Double
            if em < 0.7 {
                g533 = -919.22770 + 4988.6100 * em - 9064.7700 * emsq + 5542.21 * eoc
                g521 = -822.71072 + 4568.6173 * em - 8491.4146 * emsq + 5337.524 * eoc
                g532 = -853.66600 + 4690.2500 * em - 8624.7700 * emsq + 5341.4 * eoc
            } else {
                g533 = -37995.780 + 161616.52 * em - 229838.20 * emsq + 109377.94 * eoc
                g521 = -51752.104 + 218913.95 * em - 309468.16 * emsq + 146349.42 * eoc
                g532 = -40023.880 + 170470.89 * em - 242699.48 * emsq + 115605.82 * eoc
            }
            let sini2 = sinim * sinim
            let f220 = 0.75 * (1 + 2 * cosim + cosisq)
            let f221 = 1.5 * sini2
            let f321 = 1.875 * sinim * (1 - 2 * cosim - 3 * cosisq)
            let f322 = -1.875 * sinim * (1 + 2 * cosim - 3 * cosisq)
            let f441 = 35 * sini2 * f220
            let f442 = 39.3750 * sini2 * sini2
            let f522 = 9.84375 * sinim * (sini2 * (1 - 2 * cosim - 5 * cosisq)
                + 0.33333333 * (-2 + 4 * cosim + 6 * cosisq))
            let f523 = sinim * (4.92187512 * sini2 * (-2 - 4 * cosim + 10 * cosisq)
                + 6.56250012 * (1 + 2 * cosim - 3 * cosisq))
            let f542 = 29.53125 * sinim * (2 - 8 * cosim + cosisq * (-12 + 8 * cosim + 10 * cosisq))
            let f543 = 29.53125 * sinim * (-2 - 8 * cosim + cosisq * (12 + 8 * cosim - 10 * cosisq))
            let root22 = 1.7891679e-6, root32 = 3.7393792e-7, root44 = 7.3636953e-9
            let root52 = 1.1428639e-7, root54 = 2.1765803e-9
            var temp1 = 3 * nm * nm * aonv * aonv
            var temp = temp1 * root22
            let d2201 = temp * f220 * g201, d2211 = temp * f221 * g211
            temp1 *= aonv
            temp = temp1 * root32
            let d3210 = temp * f321 * g310, d3222 = temp * f322 * g322
            temp1 *= aonv
            temp = 2 * temp1 * root44
            let d4410 = temp * f441 * g410, d4422 = temp * f442 * g422
            temp1 *= aonv
            temp = temp1 * root52
            let d5220 = temp * f522 * g520, d5232 = temp * f523 * g532
            temp = 2 * temp1 * root54
            let d5421 = temp * f542 * g521, d5433 = temp * f543 * g533
            resonance = .halfDay(d2201: d2201, d2211: d2211, d3210: d3210, d3222: d3222, d4410: d4410,
                                 d4422: d4422, d5220: d5220, d5232: d5232, d5421: d5421, d5433: d5433)
            xlamo = fmod(mo + nodeo + nodeo - theta - theta, twoPi)
            xfact = mdot + dmdt + 2 * (nodedot + dnodt - rptim) - noUnkozai
        } else {
            resonance = .none
            xlamo = 0
            xfact = 0
        }
    }

    /// dspace: lunar-solar secular terms and the resonance integration, from the gravity/drag-secular
    /// elements at `t` minutes. Returns the updated elements and the mean motion (rad/min).
    func secular(minutes t: Double, _ m: MeanElements) -> (elements: MeanElements, meanMotion: Double) {
        var e = m
        e.eccentricity += dedt * t
        e.inclinationRad += didt * t
        e.argumentOfPerigeeRad += domdt * t
        e.nodeRad += dnodt * t
        e.meanAnomalyRad += dmdt * t
        if case .none = resonance { return (e, noUnkozai) }
        let res = resonance

        // Euler-Maclaurin integration of the resonant mean longitude (xli) and mean motion (xni)
        // in fixed 720-minute steps from epoch, then a Taylor step over the remainder. Always
        // restarting at epoch keeps `propagate` free of state; the reference's cached restart
        // takes the same steps, so the result is the same.
        let step = 720.0, step2 = 259_200.0
        let delt = t > 0 ? step : -step
        var atime = 0.0
        var xli = xlamo
        var xni = noUnkozai
        var derivatives = resonanceDerivatives(res, xli: xli, xni: xni, atime: atime)
        while abs(t - atime) >= step {
            xli += derivatives.xldot * delt + derivatives.xndt * step2
            xni += derivatives.xndt * delt + derivatives.xnddt * step2
            atime += delt
            derivatives = resonanceDerivatives(res, xli: xli, xni: xni, atime: atime)
        }
        let ft = t - atime
        let d = derivatives
        let nm = xni + d.xndt * ft + d.xnddt * ft * ft * 0.5
        let xl = xli + d.xldot * ft + d.xndt * ft * ft * 0.5
        let theta = fmod(gsto + t * Self.earthRotationRadPerMin, 2 * .pi)
        if case .synchronous = res {
            e.meanAnomalyRad = xl - e.nodeRad - e.argumentOfPerigeeRad + theta
        } else {
            e.meanAnomalyRad = xl - 2 * e.nodeRad + 2 * theta
        }
        let dndt = nm - noUnkozai
        return (e, noUnkozai + dndt)
    }

    /// First and second derivatives of the resonant mean motion and the mean-longitude rate.
    private func resonanceDerivatives(_ r: Resonance, xli: Double, xni: Double, atime: Double)
        -> (xndt: Double, xldot: Double, xnddt: Double) {
        let xldot = xni + xfact
        switch r {
        case .none:
            return (0, xldot, 0)
        case let .synchronous(del1, del2, del3):
            let fasx2 = 0.13130908, fasx4 = 2.8843198, fasx6 = 0.37448087
            let xndt = del1 * sin(xli - fasx2) + del2 * sin(2 * (xli - fasx4)) + del3 * sin(3 * (xli - fasx6))
            let xnddt = del1 * cos(xli - fasx2) + 2 * del2 * cos(2 * (xli - fasx4)) + 3 * del3 * cos(3 * (xli - fasx6))
            return (xndt, xldot, xnddt * xldot)
        case let .halfDay(d2201, d2211, d3210, d3222, d4410, d4422, d5220, d5232, d5421, d5433):
            let g22 = 5.7686396, g32 = 0.95240898, g44 = 1.8014998, g52 = 1.0508330, g54 = 4.4108898
            let xomi = argpo + argpdot * atime
            let x2omi = xomi + xomi
            let x2li = xli + xli
            let xndt = d2201 * sin(x2omi + xli - g22) + d2211 * sin(xli - g22)
                + d3210 * sin(xomi + xli - g32) + d3222 * sin(-xomi + xli - g32)
                + d4410 * sin(x2omi + x2li - g44) + d4422 * sin(x2li - g44)
                + d5220 * sin(xomi + xli - g52) + d5232 * sin(-xomi + xli - g52)
                + d5421 * sin(xomi + x2li - g54) + d5433 * sin(-xomi + x2li - g54)
            let xnddt = d2201 * cos(x2omi + xli - g22) + d2211 * cos(xli - g22)
                + d3210 * cos(xomi + xli - g32) + d3222 * cos(-xomi + xli - g32)
                + d5220 * cos(xomi + xli - g52) + d5232 * cos(-xomi + xli - g52)
                + 2 * (d4410 * cos(x2omi + x2li - g44) + d4422 * cos(x2li - g44)
                    + d5421 * cos(xomi + x2li - g54) + d5433 * cos(-xomi + x2li - g54))
            return (xndt, xldot, xnddt * xldot)
        }
    }

    /// dpper: adds the lunar-solar long-period periodics at `t` minutes to the mean elements.
    /// Below 0.2 rad of perturbed inclination the node and perigee are perturbed through the
    /// (sin i sin node, sin i cos node) vector, the Lyddane choice of the reference.
    func periodics(minutes t: Double, _ m: MeanElements) -> MeanElements {
        let twoPi = 2 * Double.pi
        let s = solar.evaluate(minutes: t)
        let l = lunar.evaluate(minutes: t)
        let pe = s.e + l.e, pinc = s.i + l.i, pl = s.l + l.l
        var pgh = s.gh + l.gh, ph = s.h + l.h
        var p = m
        p.inclinationRad += pinc
        p.eccentricity += pe
        let sinip = sin(p.inclinationRad), cosip = cos(p.inclinationRad)
        if p.inclinationRad >= 0.2 {
            ph /= sinip
            pgh -= cosip * ph
            p.argumentOfPerigeeRad += pgh
            p.nodeRad += ph
            p.meanAnomalyRad += pl
        } else {
            let sinop = sin(p.nodeRad), cosop = cos(p.nodeRad)
            let alfdp = sinip * sinop + (ph * cosop + pinc * cosip * sinop)
            let betdp = sinip * cosop + (-ph * sinop + pinc * cosip * cosop)
            let node = fmod(p.nodeRad, twoPi)
            let xls = p.meanAnomalyRad + p.argumentOfPerigeeRad + pl + pgh + (cosip - pinc * sinip) * node
            var newNode = atan2(alfdp, betdp)
            if abs(node - newNode) > .pi { newNode += newNode < node ? twoPi : -twoPi }
            p.nodeRad = newNode
            p.meanAnomalyRad += pl
            p.argumentOfPerigeeRad = xls - p.meanAnomalyRad - cosip * newNode
        }
        return p
    }
}
