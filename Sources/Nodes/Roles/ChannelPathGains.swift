import Foundation
import Radio
import Scenario

/// The scenario's radio geometry for the channel's SINR model: path gain of every UE towards
/// every cell and the cells as the model sees them.
enum ChannelPathGains {
    /// Path gain UE -> cell, dB: [ue][cell]. TR 38.901 path loss of the cell's propagation
    /// scenario, LOS and shadowing drawn once per (UE, cell) from their own stream (geometry is
    /// static), and the RU's antenna gain towards the UE (the UE's own antenna is 0 dBi).
    static func pathGainDb(_ topology: Topology) -> [[Double]] {
        let scenario = topology.scenario
        let models = scenario.cells.map { PathLossModel(scenario: PropagationScenario(rawValue: $0.propagation.rawValue) ?? .uma) }
        return topology.ues.map { ue in
            scenario.cells.enumerated().map { c, cell in
                let model = models[c]
                var g = SeededGenerator(seed: scenario.seed, stream: 0x9A00_0000 + UInt64(ue.id) << 8 + UInt64(c))
                let dx = ue.position[0] - cell.position[0], dy = ue.position[1] - cell.position[1]
                let d2D = (dx * dx + dy * dy).squareRoot()
                let hBS = cell.position[2], hUT = ue.position[2]
                let d3D = PathLossModel.distance3DM(distance2DM: d2D, baseStationHeightM: hBS, ueHeightM: hUT)
                let drawn = RandomVariate.bernoulli(model.losProbability(distance2DM: d2D, ueHeightM: hUT), using: &g)
                let los = cell.lineOfSight == .auto ? drawn : cell.lineOfSight == .always
                let pl = model.pathLossDb(distance2DM: d2D, distance3DM: d3D, carrierGHz: cell.carrierGHz,
                                          baseStationHeightM: hBS, ueHeightM: hUT, los: los)
                let sigma = cell.shadowing ? model.shadowFadingStdDb(los: los) : 0
                let shadow = RandomVariate.normal(mean: 0, standardDeviation: sigma, using: &g)
                return -pl - shadow + antennaGainDbi(cell, dx: dx, dy: dy, d2D: d2D, hBS: hBS, hUT: hUT)
            }
        }
    }

    /// The cells as the SINR model sees them; NTN cells take no part in terrestrial interference.
    static func radioCells(_ scenario: Scenario) -> [RadioCell] {
        scenario.cells.map { RadioCell(carrierGHz: $0.carrierGHz, prbs: $0.prbs, txPowerDbm: $0.txPowerDbm, isTerrestrial: $0.ntn == nil) }
    }

    /// TR 38.901 sector element gain of an RU towards a point (0 dBi for an omni RU).
    static func antennaGainDbi(_ cell: CellConfig, dx: Double, dy: Double, d2D: Double, hBS: Double, hUT: Double) -> Double {
        guard cell.antenna == .sector else { return 0 }
        let azimuth = atan2(dy, dx) * 180 / Double.pi
        return SectorAntenna(downtiltDeg: cell.downtiltDeg).antennaGainDbi(
            azimuthOffDeg: azimuth - cell.azimuthDeg,
            elevationOffDeg: SectorAntenna.elevationDeg(distance2DM: d2D, baseStationHeightM: hBS, ueHeightM: hUT))
    }
}
