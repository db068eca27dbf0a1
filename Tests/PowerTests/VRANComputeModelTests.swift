import XCTest
@testable import Power

final class VRANComputeModelTests: XCTestCase {
    let model = VRANComputeModel.softwareLDPC
    /// 100 MHz at 30 kHz, 4 layers, 256QAM R = 948/1024 (MCS 27, TS 38.214 Table 5.1.3.1-2), 16 UEs.
    let fullLoad = VDUSlotLoad(prbs: 273, layers: 4, bitsPerRE: 8 * 948.0 / 1024, scheduledUEs: 16)

    func testAmdahlSpeedup() {
        XCTAssertEqual(VRANComputeModel.amdahlSpeedup(cores: 1, serialFraction: 0.05), 1, accuracy: 1e-12)
        XCTAssertEqual(VRANComputeModel.amdahlSpeedup(cores: 4, serialFraction: 0), 4, accuracy: 1e-12)
        // 1 / (0.1 + 0.9 / 8) = 4.7059.
        XCTAssertEqual(VRANComputeModel.amdahlSpeedup(cores: 8, serialFraction: 0.1), 1 / 0.2125, accuracy: 1e-12)
        XCTAssertEqual(VRANComputeModel.amdahlSpeedup(cores: 4, serialFraction: 1), 1, accuracy: 1e-12)
    }

    /// W_1 = 50 + 1092 * (0.3 + 0.25 * 7.40625) + 5 * 16 = 2479.51 us.
    func testSingleCoreWork() {
        XCTAssertEqual(model.singleCoreWorkUs(fullLoad), 50 + 1092 * (0.3 + 0.25 * 7.40625) + 80, accuracy: 1e-9)
        XCTAssertEqual(model.singleCoreWorkUs(.idle), 50, accuracy: 1e-12)
    }

    func testMoreCoresShorterWithDiminishingReturns() {
        let times = (1...32).map { model.slotProcessingUs(fullLoad, cores: $0) }
        var previousGain = Double.infinity
        for (a, b) in zip(times, times.dropFirst()) {
            XCTAssertLessThan(b, a)
            let gain = a - b
            XCTAssertLessThan(gain, previousGain)
            previousGain = gain
        }
        // Never below the serial part s * W_1.
        XCTAssertGreaterThan(times.last!, 0.05 * model.singleCoreWorkUs(fullLoad))
    }

    func testMorePRBsOrHigherMCSOrLayersTakeLonger() {
        let base = VDUSlotLoad(prbs: 106, layers: 2, bitsPerRE: 2, scheduledUEs: 4)
        let t = model.slotProcessingUs(base, cores: 4)
        var morePRBs = base; morePRBs.prbs = 200
        var higherMCS = base; higherMCS.bitsPerRE = 5.5
        var moreLayers = base; moreLayers.layers = 4
        var moreUEs = base; moreUEs.scheduledUEs = 12
        for heavier in [morePRBs, higherMCS, moreLayers, moreUEs] {
            XCTAssertGreaterThan(model.slotProcessingUs(heavier, cores: 4), t)
        }
    }

    func testDVFSStretchesProcessing() {
        XCTAssertEqual(model.slotProcessingUs(fullLoad, cores: 8, frequencyScale: 0.5),
                       2 * model.slotProcessingUs(fullLoad, cores: 8), accuracy: 1e-9)
    }

    /// With 20 % margin the budget is 500 / 1.2 = 416.7 us; 0.05 + 0.95 / n <= 416.7 / 2479.51
    /// needs n >= 8.05, so 9 cores.
    func testCoresNeededIsMinimalAndMeetsDeadline() {
        let slotUs = 500.0
        let n = model.coresNeeded(for: fullLoad, deadlineUs: slotUs, marginFraction: 0.2)
        XCTAssertEqual(n, 9)
        XCTAssertLessThanOrEqual(model.slotProcessingUs(fullLoad, cores: 9) * 1.2, slotUs)
        XCTAssertGreaterThan(model.slotProcessingUs(fullLoad, cores: 8) * 1.2, slotUs)
        XCTAssertFalse(model.deadlineMissed(slotDurationUs: slotUs, load: fullLoad, cores: 9))
        XCTAssertTrue(model.deadlineMissed(slotDurationUs: slotUs, load: fullLoad, cores: 4))

        // Exhaustive check of minimality over a grid of loads.
        for prbs in stride(from: 0, through: 273, by: 39) {
            for bits in [0.5, 2.0, 4.5, 7.4] {
                let load = VDUSlotLoad(prbs: prbs, layers: 2, bitsPerRE: bits, scheduledUEs: 8)
                guard let k = model.coresNeeded(for: load, deadlineUs: slotUs, marginFraction: 0.1) else { continue }
                XCTAssertLessThanOrEqual(model.slotProcessingUs(load, cores: k) * 1.1, slotUs)
                if k > 1 { XCTAssertGreaterThan(model.slotProcessingUs(load, cores: k - 1) * 1.1, slotUs) }
            }
        }
    }

    /// At 120 kHz (125 us slots) the serial part alone, 0.05 * 2479.51 = 124.0 us, plus the
    /// parallel remainder cannot fit: no core count helps.
    func testUnreachableDeadlineReturnsNil() {
        XCTAssertNil(model.coresNeeded(for: fullLoad, deadlineUs: 125))
        XCTAssertNotNil(VRANComputeModel.acceleratedLDPC.coresNeeded(for: fullLoad, deadlineUs: 500, marginFraction: 0.2))
    }

    func testAcceleratorNeedsFewerCores() {
        let sw = model.coresNeeded(for: fullLoad, deadlineUs: 500, marginFraction: 0.2)!
        let hw = VRANComputeModel.acceleratedLDPC.coresNeeded(for: fullLoad, deadlineUs: 500, marginFraction: 0.2)!
        XCTAssertLessThan(hw, sw)
    }

    /// 100 packets of 1500 B: 2 * 100 + 0.002 * 150000 = 500 us.
    func testVCUProcessing() {
        XCTAssertEqual(model.vcuProcessingUs(packets: 100, bytes: 150_000), 500, accuracy: 1e-9)
        XCTAssertEqual(model.vcuProcessingUs(packets: 100, bytes: 150_000, frequencyScale: 0.5), 1000, accuracy: 1e-9)
    }

    /// 1200 us of vCU work per 500 us slot with 20 % margin (budget 416.7 us) and s = 0.05:
    /// 3 cores give 1200 / 2.73 = 439 us, 4 give 1200 / 3.48 = 345 us.
    func testVCUCoresNeeded() {
        XCTAssertEqual(model.vcuCoresNeeded(workPerSlotUs: 1200, slotDurationUs: 500, marginFraction: 0.2), 4)
        XCTAssertEqual(model.vcuCoresNeeded(workPerSlotUs: 0, slotDurationUs: 500), 1)
        XCTAssertNil(model.vcuCoresNeeded(workPerSlotUs: 1e6, slotDurationUs: 500, maxCores: 8))
    }

    func testScaledModelTakesLongerEverywhere() {
        let slow = model.scaled(by: 2)
        let load = VDUSlotLoad(prbs: 100, bitsPerRE: 4, scheduledUEs: 3)
        XCTAssertEqual(slow.slotProcessingUs(load, cores: 4), 2 * model.slotProcessingUs(load, cores: 4), accuracy: 1e-9)
        XCTAssertEqual(slow.vcuProcessingUs(packets: 10, bytes: 1000), 2 * model.vcuProcessingUs(packets: 10, bytes: 1000), accuracy: 1e-9)
    }
}
