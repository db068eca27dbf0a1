import Foundation

/// SGP4 orbit propagator, written from Spacetrack Report #3 (Hoots and Roehrich, 1980) with the
/// corrections of Vallado, Crawford, Hujsak and Kelso, "Revisiting Spacetrack Report #3"
/// (AIAA 2006-6753, "improved" mode), WGS-72 constants.
///
/// Near-Earth elements (period below 225 minutes) use the drag and gravity model of SGP4; deep-space
/// elements (GEO, Molniya, GPS...) add the lunar-solar terms and the 12 h / 24 h resonances of SDP4
/// (`SGP4DeepSpace`). Output is in the TEME frame.
public struct SGP4: Sendable {
    /// Propagation failures, numbered as in the reference implementation.
    public enum Failure: Error, Equatable, CustomStringConvertible {
        /// Error 1: mean eccentricity out of range.
        case eccentricityOutOfRange
        /// Error 2: mean motion below zero.
        case negativeMeanMotion
        /// Error 3: eccentricity out of [0, 1] after the lunar-solar periodics (deep space).
        case perturbedEccentricityOutOfRange
        /// Error 4: semi-latus rectum below zero.
        case negativeSemiLatusRectum
        /// Error 6: the satellite has decayed (radius below one Earth radius).
        case decayed

        public var description: String {
            switch self {
            case .eccentricityOutOfRange: return "mean eccentricity out of range"
            case .negativeMeanMotion: return "mean motion below zero"
            case .perturbedEccentricityOutOfRange: return "perturbed eccentricity out of range"
            case .negativeSemiLatusRectum: return "semi-latus rectum below zero"
            case .decayed: return "satellite has decayed"
            }
        }
    }

    // WGS-72 constants (the ones SGP4 element sets are fitted with).
    static let mu = 398_600.8
    static let earthRadiusKm = 6378.135
    static let xke = 60.0 / ((earthRadiusKm * earthRadiusKm * earthRadiusKm) / mu).squareRoot()
    static let j2 = 0.001082616
    static let j3 = -0.00000253881
    static let j4 = -0.00000165597
    static let j3oj2 = j3 / j2

    /// The element set this propagator was built from.
    public let tle: TLE

    // Initialised terms (names follow the reference implementation).
    let ecco, inclo, nodeo, argpo, mo, bstar, noUnkozai: Double
    let isimp: Bool
    let aycof, con41, cc1, cc4, cc5, d2, d3, d4, delmo, eta, argpdot, omgcof, sinmao, t2cof, t3cof,
        t4cof, t5cof, x1mth2, x7thm1, mdot, nodedot, xlcof, xmcof, nodecf: Double
    /// Deep-space terms, present when the period is 225 minutes or more.
    let deepSpace: SGP4DeepSpace?

    /// Initialises SGP4 from a TLE.
    /// - Parameter tle: the element set.
    /// - Note: initialisation never fails; invalid elements are reported by `propagate`, as in the
    ///   reference. The initialiser stays `throws` for source compatibility.
    public init(tle: TLE) throws {
        self.tle = tle
        let twoPi = 2 * Double.pi
        let xpdotp = 1440.0 / twoPi
        let noKozai = tle.meanMotionRevPerDay / xpdotp
        ecco = tle.eccentricity
        inclo = degreesToRadians(tle.inclinationDeg)
        nodeo = degreesToRadians(tle.raanDeg)
        argpo = degreesToRadians(tle.argumentOfPerigeeDeg)
        mo = degreesToRadians(tle.meanAnomalyDeg)
        bstar = tle.bstar
        let re = Self.earthRadiusKm, xke = Self.xke, j2 = Self.j2, j4 = Self.j4

        // initl: recover the original mean motion (un-Kozai) and semi-major axis.
        let eccsq = ecco * ecco
        let omeosq = 1 - eccsq
        let rteosq = omeosq.squareRoot()
        let cosio = cos(inclo)
        let cosio2 = cosio * cosio
        let ak = pow(xke / noKozai, 2.0 / 3.0)
        let d1 = 0.75 * j2 * (3 * cosio2 - 1) / (rteosq * omeosq)
        var del = d1 / (ak * ak)
        let adel = ak * (1 - del * del - del * (1.0 / 3.0 + 134 * del * del / 81))
        del = d1 / (adel * adel)
        let nUn = noKozai / (1 + del)
        noUnkozai = nUn
        let ao = pow(xke / nUn, 2.0 / 3.0)
        let sinio = sin(inclo)
        let po = ao * omeosq
        let con42 = 1 - 5 * cosio2
        con41 = -con42 - cosio2 - cosio2
        let posq = po * po
        let rp = ao * (1 - ecco)

        let isDeepSpace = twoPi / nUn >= 225

        // Atmospheric density parameters, adjusted for low perigees.
        let ss = 78 / re + 1
        let qzms2t = pow((120 - 78) / re, 4)
        // Deep space uses the simple drag model as well.
        isimp = isDeepSpace || rp < (220 / re + 1)
        var sfour = ss
        var qzms24 = qzms2t
        let perige = (rp - 1) * re
        if perige < 156 {
            sfour = perige < 98 ? 20 : perige - 78
            qzms24 = pow((120 - sfour) / re, 4)
            sfour = sfour / re + 1
        }
        let pinvsq = 1 / posq
        let tsi = 1 / (ao - sfour)
        eta = ao * ecco * tsi
        let etasq = eta * eta
        let eeta = ecco * eta
        let psisq = abs(1 - etasq)
        let coef = qzms24 * pow(tsi, 4)
        let coef1 = coef / pow(psisq, 3.5)
        let cc2 = coef1 * nUn * (ao * (1 + 1.5 * etasq + eeta * (4 + etasq))
            + 0.375 * j2 * tsi / psisq * con41 * (8 + 3 * etasq * (8 + etasq)))
        cc1 = bstar * cc2
        let cc3 = ecco > 1.0e-4 ? -2 * coef * tsi * Self.j3oj2 * nUn * sinio / ecco : 0
        x1mth2 = 1 - cosio2
        cc4 = 2 * nUn * coef1 * ao * omeosq * (eta * (2 + 0.5 * etasq) + ecco * (0.5 + 2 * etasq)
            - j2 * tsi / (ao * psisq) * (-3 * con41 * (1 - 2 * eeta + etasq * (1.5 - 0.5 * eeta))
                + 0.75 * x1mth2 * (2 * etasq - eeta * (1 + etasq)) * cos(2 * argpo)))
        cc5 = 2 * coef1 * ao * omeosq * (1 + 2.75 * (etasq + eeta) + eeta * etasq)
        let cosio4 = cosio2 * cosio2
        let temp1 = 1.5 * j2 * pinvsq * nUn
        let temp2 = 0.5 * temp1 * j2 * pinvsq
        let temp3 = -0.46875 * j4 * pinvsq * pinvsq * nUn
        mdot = nUn + 0.5 * temp1 * rteosq * con41 + 0.0625 * temp2 * rteosq * (13 - 78 * cosio2 + 137 * cosio4)
        argpdot = -0.5 * temp1 * con42 + 0.0625 * temp2 * (7 - 114 * cosio2 + 395 * cosio4)
            + temp3 * (3 - 36 * cosio2 + 49 * cosio4)
        let xhdot1 = -temp1 * cosio
        nodedot = xhdot1 + (0.5 * temp2 * (4 - 19 * cosio2) + 2 * temp3 * (3 - 7 * cosio2)) * cosio
        omgcof = bstar * cc3 * cos(argpo)
        xmcof = ecco > 1.0e-4 ? -2.0 / 3.0 * coef * bstar / eeta : 0
        nodecf = 3.5 * omeosq * xhdot1 * cc1
        t2cof = 1.5 * cc1
        // Guard against division by zero for retrograde equatorial orbits (i = 180 deg).
        let den = abs(cosio + 1) > 1.5e-12 ? (1 + cosio) : 1.5e-12
        xlcof = -0.25 * Self.j3oj2 * sinio * (3 + 5 * cosio) / den
        aycof = -0.5 * Self.j3oj2 * sinio
        let delmotemp = 1 + eta * cos(mo)
        delmo = delmotemp * delmotemp * delmotemp
        sinmao = sin(mo)
        x7thm1 = 7 * cosio2 - 1
        deepSpace = isDeepSpace
            ? SGP4DeepSpace(epochJulianDate: tle.epochJulianDate, ecco: ecco, inclo: inclo, nodeo: nodeo, argpo: argpo,
                            mo: mo, noUnkozai: nUn, mdot: mdot, argpdot: argpdot, nodedot: nodedot, xke: xke)
            : nil

        if !isimp {
            let cc1sq = cc1 * cc1
            d2 = 4 * ao * tsi * cc1sq
            let temp = d2 * tsi * cc1 / 3
            d3 = (17 * ao + sfour) * temp
            d4 = 0.5 * temp * ao * tsi * (221 * ao + 31 * sfour) * cc1
            t3cof = d2 + 2 * cc1sq
            t4cof = 0.25 * (3 * d3 + cc1 * (12 * d2 + 10 * cc1sq))
            t5cof = 0.2 * (3 * d4 + 12 * cc1 * d3 + 6 * d2 * d2 + 15 * cc1sq * (2 * d2 + cc1sq))
        } else {
            d2 = 0; d3 = 0; d4 = 0; t3cof = 0; t4cof = 0; t5cof = 0
        }
    }

    /// Orbital period from the recovered mean motion, minutes.
    public var periodMinutes: Double { 2 * .pi / noUnkozai }

    /// Propagates to `minutesSinceEpoch` (negative allowed).
    /// - Parameter minutesSinceEpoch: time from the TLE epoch, minutes.
    /// - Returns: TEME position (km) and velocity (km/s).
    /// - Throws: a `Failure` when the elements become invalid or the satellite has decayed.
    public func propagate(minutesSinceEpoch t: Double) throws -> PlatformState {
        let twoPi = 2 * Double.pi
        let xke = Self.xke, j2 = Self.j2
        let vkmpersec = Self.earthRadiusKm * xke / 60

        // Secular gravity and atmospheric drag.
        let xmdf = mo + mdot * t
        let argpdf = argpo + argpdot * t
        let nodedf = nodeo + nodedot * t
        var argpm = argpdf
        var mm = xmdf
        let t2 = t * t
        var nodem = nodedf + nodecf * t2
        var tempa = 1 - cc1 * t
        var tempe = bstar * cc4 * t
        var templ = t2cof * t2
        if !isimp {
            let delomg = omgcof * t
            let delmtemp = 1 + eta * cos(xmdf)
            let delm = xmcof * (delmtemp * delmtemp * delmtemp - delmo)
            let temp = delomg + delm
            mm = xmdf + temp
            argpm = argpdf - temp
            let t3 = t2 * t, t4 = t3 * t
            tempa = tempa - d2 * t2 - d3 * t3 - d4 * t4
            tempe = tempe + bstar * cc5 * (sin(mm) - sinmao)
            templ = templ + t3cof * t3 + t4 * (t4cof + t * t5cof)
        }
        var nm = noUnkozai
        var em = ecco
        var inclm = inclo
        if let deepSpace {
            let s = deepSpace.secular(minutes: t, .init(eccentricity: em, inclinationRad: inclm, nodeRad: nodem,
                                                        argumentOfPerigeeRad: argpm, meanAnomalyRad: mm))
            em = s.elements.eccentricity
            inclm = s.elements.inclinationRad
            nodem = s.elements.nodeRad
            argpm = s.elements.argumentOfPerigeeRad
            mm = s.elements.meanAnomalyRad
            nm = s.meanMotion
        }
        guard nm > 0 else { throw Failure.negativeMeanMotion }
        let am = pow(xke / nm, 2.0 / 3.0) * tempa * tempa
        nm = xke / pow(am, 1.5)
        em = em - tempe
        guard em < 1, em >= -0.001 else { throw Failure.eccentricityOutOfRange }
        if em < 1.0e-6 { em = 1.0e-6 }
        mm = mm + noUnkozai * templ
        var xlm = mm + argpm + nodem
        nodem = fmod(nodem, twoPi)
        argpm = fmod(argpm, twoPi)
        xlm = fmod(xlm, twoPi)
        mm = fmod(xlm - argpm - nodem, twoPi)

        // Deep space: lunar-solar periodics, then the inclination-dependent terms at the perturbed
        // inclination (error 3 if the eccentricity leaves [0, 1]).
        var ep = em, xincp = inclm, nodep = nodem, argpp = argpm, mp = mm
        var aycof = self.aycof, xlcof = self.xlcof, con41 = self.con41, x1mth2 = self.x1mth2, x7thm1 = self.x7thm1
        if let deepSpace {
            let p = deepSpace.periodics(minutes: t, .init(eccentricity: ep, inclinationRad: xincp, nodeRad: nodep,
                                                         argumentOfPerigeeRad: argpp, meanAnomalyRad: mp))
            ep = p.eccentricity; xincp = p.inclinationRad; nodep = p.nodeRad
            argpp = p.argumentOfPerigeeRad; mp = p.meanAnomalyRad
            if xincp < 0 {
                xincp = -xincp
                nodep += .pi
                argpp -= .pi
            }
            guard ep >= 0, ep <= 1 else { throw Failure.perturbedEccentricityOutOfRange }
            let sinI = sin(xincp), cosI = cos(xincp)
            aycof = -0.5 * Self.j3oj2 * sinI
            let den = abs(cosI + 1) > 1.5e-12 ? (1 + cosI) : 1.5e-12
            xlcof = -0.25 * Self.j3oj2 * sinI * (3 + 5 * cosI) / den
            let cosisq = cosI * cosI
            con41 = 3 * cosisq - 1
            x1mth2 = 1 - cosisq
            x7thm1 = 7 * cosisq - 1
        }

        let sinip = sin(xincp), cosip = cos(xincp)
        // Long-period periodics.
        let axnl = ep * cos(argpp)
        var temp = 1 / (am * (1 - ep * ep))
        let aynl = ep * sin(argpp) + temp * aycof
        let xl = mp + argpp + nodep + temp * xlcof * axnl

        // Kepler's equation for the modified eccentric anomaly.
        let u = fmod(xl - nodep, twoPi)
        var eo1 = u
        var tem5 = 9999.9
        var ktr = 1
        var sineo1 = 0.0, coseo1 = 0.0
        while abs(tem5) >= 1.0e-12 && ktr <= 10 {
            sineo1 = sin(eo1)
            coseo1 = cos(eo1)
            tem5 = 1 - coseo1 * axnl - sineo1 * aynl
            tem5 = (u - aynl * coseo1 + axnl * sineo1 - eo1) / tem5
            if abs(tem5) >= 0.95 { tem5 = tem5 > 0 ? 0.95 : -0.95 }
            eo1 += tem5
            ktr += 1
        }

        // Short-period preliminary quantities.
        let ecose = axnl * coseo1 + aynl * sineo1
        let esine = axnl * sineo1 - aynl * coseo1
        let el2 = axnl * axnl + aynl * aynl
        let pl = am * (1 - el2)
        guard pl >= 0 else { throw Failure.negativeSemiLatusRectum }
        let rl = am * (1 - ecose)
        let rdotl = am.squareRoot() * esine / rl
        let rvdotl = pl.squareRoot() / rl
        let betal = (1 - el2).squareRoot()
        temp = esine / (1 + betal)
        let sinu = am / rl * (sineo1 - aynl - axnl * temp)
        let cosu = am / rl * (coseo1 - axnl + aynl * temp)
        var su = atan2(sinu, cosu)
        let sin2u = (cosu + cosu) * sinu
        let cos2u = 1 - 2 * sinu * sinu
        temp = 1 / pl
        let temp1 = 0.5 * j2 * temp
        let temp2 = temp1 * temp

        // Short-period periodics.
        let mrt = rl * (1 - 1.5 * temp2 * betal * con41) + 0.5 * temp1 * x1mth2 * cos2u
        su = su - 0.25 * temp2 * x7thm1 * sin2u
        let xnode = nodep + 1.5 * temp2 * cosip * sin2u
        let xinc = xincp + 1.5 * temp2 * cosip * sinip * cos2u
        let mvt = rdotl - nm * temp1 * x1mth2 * sin2u / xke
        let rvdot = rvdotl + nm * temp1 * (x1mth2 * cos2u + 1.5 * con41) / xke

        // Orientation vectors.
        let sinsu = sin(su), cossu = cos(su), snod = sin(xnode), cnod = cos(xnode)
        let sini = sin(xinc), cosi = cos(xinc)
        let xmx = -snod * cosi, xmy = cnod * cosi
        let uv = Vector3(xmx * sinsu + cnod * cossu, xmy * sinsu + snod * cossu, sini * sinsu)
        let vv = Vector3(xmx * cossu - cnod * sinsu, xmy * cossu - snod * sinsu, sini * cossu)
        let position = uv * (mrt * Self.earthRadiusKm)
        let velocity = (uv * mvt + vv * rvdot) * vkmpersec
        guard mrt >= 1 else { throw Failure.decayed }
        return PlatformState(positionKm: position, velocityKmPerS: velocity)
    }
}

/// A TLE satellite as a platform: SGP4 in TEME, rotated to ECEF with GMST.
public struct SGP4Platform: PlatformMotion, Sendable {
    /// The propagator.
    public let propagator: SGP4
    /// Julian date of the scenario epoch (t = 0).
    public let scenarioEpochJulianDate: Double

    /// Creates a platform from a TLE and the scenario epoch (near-Earth or deep-space elements).
    public init(tle: TLE, scenarioEpochJulianDate: Double) throws {
        propagator = try SGP4(tle: tle)
        self.scenarioEpochJulianDate = scenarioEpochJulianDate
    }

    /// ECEF state at `t` seconds from the scenario epoch. A decayed or invalid state is reported at
    /// the Earth's centre with zero velocity, which is never visible from the ground.
    public func stateECEF(atSeconds t: Double) -> PlatformState {
        let jd = scenarioEpochJulianDate + t / 86_400
        let minutes = (jd - propagator.tle.epochJulianDate) * 1440
        guard let teme = try? propagator.propagate(minutesSinceEpoch: minutes) else {
            return PlatformState(positionKm: .zero, velocityKmPerS: .zero)
        }
        return eciToECEF(teme, greenwichAngleRad: JulianDate.gmstRad(jd))
    }
}
