import CPcap
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes Ethernet frames to a libpcap capture file (nanosecond timestamps) that
/// Wireshark and tshark read. Needs no network device. One owner thread.
public final class PcapFileWriter {
    /// The longest frame prefix stored; longer frames are truncated (their original length is kept).
    public let snapLength: Int
    private var pcap: OpaquePointer?
    private var dumper: OpaquePointer?
    /// errno of the first write that failed, 0 while every write succeeded.
    private var firstWriteErrno: Int32 = 0

    /// Creates (or truncates) the capture file.
    /// - Parameters:
    ///   - path: File to write.
    ///   - snapLength: Largest number of bytes stored per frame.
    public init(path: String, snapLength: Int = 65_535) throws(TransportError) {
        precondition(snapLength > 0, "snapLength must be positive")
        self.snapLength = snapLength
        guard let pcap = pcap_open_dead_with_tstamp_precision(
            DLT_EN10MB, Int32(snapLength), UInt32(PCAP_TSTAMP_PRECISION_NANO))
        else {
            throw TransportError(kind: .failed, operation: "open capture \(path)", reason: "pcap_open_dead failed")
        }
        guard let dumper = pcap_dump_open(pcap, path) else {
            let reason = String(cString: pcap_geterr(pcap))
            pcap_close(pcap)
            throw TransportError(kind: .failed, operation: "open capture \(path)", reason: reason)
        }
        self.pcap = pcap
        self.dumper = dumper
    }

    deinit { close() }

    /// Appends one frame.
    /// - Parameters:
    ///   - frame: The frame's bytes as captured (truncated to ``snapLength`` if longer).
    ///   - originalLength: The frame's length on the wire; at least the captured length.
    ///   - timestampNs: Capture time in nanoseconds since the Unix epoch (or since the run started).
    public func write(frame: [UInt8], originalLength: Int, timestampNs: UInt64) {
        guard let dumper else { preconditionFailure("write after close") }
        let capturedLength = min(frame.count, snapLength)
        var header = pcap_pkthdr()
        header.ts.tv_sec = Int(timestampNs / 1_000_000_000)
        // With nanosecond precision libpcap stores nanoseconds in the microsecond field.
        header.ts.tv_usec = Int(timestampNs % 1_000_000_000)
        header.caplen = UInt32(capturedLength)
        header.len = UInt32(max(originalLength, frame.count))
        frame.withUnsafeBufferPointer { bytes in
            pcap_dump(UnsafeMutablePointer<UInt8>(dumper), &header, bytes.baseAddress)
        }
        // pcap_dump returns nothing: keep the cause of the first failed write for flush().
        if firstWriteErrno == 0, ferror(pcap_dump_file(dumper)) != 0 { firstWriteErrno = errno == 0 ? EIO : errno }
    }

    /// Pushes buffered frames to the file.
    /// - Throws: ``TransportError`` when a write failed (disk full, I/O error), now or in an
    ///   earlier ``write(frame:originalLength:timestampNs:)``, whose errors the stream keeps.
    public func flush() throws(TransportError) {
        guard let dumper else { return }
        errno = 0
        let flushed = pcap_dump_flush(dumper) == 0
        let failedEarlier = ferror(pcap_dump_file(dumper)) != 0
        guard flushed, !failedEarlier else {
            let code = firstWriteErrno != 0 ? firstWriteErrno : errno
            throw code != 0 ? TransportError(code: code, operation: "write capture")
                            : TransportError(kind: .failed, operation: "write capture", reason: "a write to the file failed")
        }
    }

    /// Flushes and closes the file, reporting any write that failed; the file is closed
    /// either way.
    /// - Throws: ``TransportError`` as ``flush()``.
    public func finish() throws(TransportError) {
        defer { close() }
        try flush()
    }

    /// Flushes and closes the file. Idempotent.
    public func close() {
        if let dumper { pcap_dump_close(dumper) }
        if let pcap { pcap_close(pcap) }
        dumper = nil
        pcap = nil
    }
}
