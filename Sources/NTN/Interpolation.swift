/// Piecewise-linear interpolation over a sorted abscissa, clamped at both ends.
func interpolate(_ xs: [Double], _ ys: [Double], at x: Double) -> Double {
    precondition(xs.count == ys.count && !xs.isEmpty)
    if x <= xs[0] { return ys[0] }
    if x >= xs[xs.count - 1] { return ys[ys.count - 1] }
    var i = 1
    while xs[i] < x { i += 1 }
    let t = (x - xs[i - 1]) / (xs[i] - xs[i - 1])
    return ys[i - 1] + t * (ys[i] - ys[i - 1])
}
