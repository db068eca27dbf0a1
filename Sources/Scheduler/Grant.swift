/// One PDSCH or PUSCH allocation: a contiguous PRB range (resource allocation type 1,
/// TS 38.214 clause 5.1.2.2.2) carrying one transport block of one HARQ process.
public struct Grant: Sendable, Hashable {
    /// The UE.
    public var ue: UEIndex
    /// The UE's C-RNTI.
    public var rnti: RNTI
    /// HARQ process number.
    public var harqProcess: Int
    /// Whether this retransmits the TB held by the HARQ process.
    public var isRetransmission: Bool
    /// First PRB.
    public var startPRB: Int
    /// Number of contiguous PRBs.
    public var numPRBs: Int
    /// MCS index of the cell's MCS table.
    public var mcs: Int
    /// PDSCH/PUSCH symbols used for the TBS.
    public var symbols: Int
    /// Transport block size in bytes (TS 38.214 clause 5.1.3.2; a retransmission carries the
    /// TBS of the first transmission).
    public var tbsBytes: Int
    /// The slice of the UE.
    public var slice: SliceID
    /// DL: slots from this PDSCH to its HARQ-ACK (K1); UL: 0.
    public var k1: Int
    /// MIMO layers of the transport block.
    public var layers: Int

    /// Creates a grant.
    public init(ue: UEIndex, rnti: RNTI, harqProcess: Int, isRetransmission: Bool, startPRB: Int, numPRBs: Int,
                mcs: Int, symbols: Int, tbsBytes: Int, slice: SliceID, k1: Int = 0, layers: Int = 1) {
        self.ue = ue
        self.rnti = rnti
        self.harqProcess = harqProcess
        self.isRetransmission = isRetransmission
        self.startPRB = startPRB
        self.numPRBs = numPRBs
        self.mcs = mcs
        self.symbols = symbols
        self.tbsBytes = tbsBytes
        self.slice = slice
        self.k1 = k1
        self.layers = layers
    }
}
