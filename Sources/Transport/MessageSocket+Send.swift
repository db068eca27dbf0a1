import CZeroMQ
import Dispatch
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension MessageSocket {
    /// Sends one frame, blocking at most ``sendTimeoutMs``.
    ///
    /// Frames smaller than ``zeroCopyThresholdBytes`` are copied into a reused message;
    /// larger ones are handed to libzmq without copying: the array's storage is retained
    /// until libzmq's I/O thread has written it, then released there.
    /// - Parameters:
    ///   - bytes: The frame's bytes.
    ///   - more: `true` when more frames of the same message follow.
    /// - Throws: ``TransportError`` of kind ``TransportError/Kind/timeout`` if the peer
    ///   did not take the frame in time (high-water mark reached).
    public func send(_ bytes: [UInt8], more: Bool = false) throws(TransportError) {
        try send(bytes[...], more: more)
    }

    /// Sends one frame from a slice, without copying the slice first.
    /// - Parameters:
    ///   - bytes: The frame's bytes.
    ///   - more: `true` when more frames of the same message follow.
    public func send(_ bytes: ArraySlice<UInt8>, more: Bool = false) throws(TransportError) {
        let socket = try openHandle("send")
        let count = bytes.count
        if count >= zeroCopyThresholdBytes {
            prepareZeroCopy(bytes)
        } else {
            guard zmq_msg_init_size(sendMessage, count) == 0 else {
                throw TransportError(code: zmq_errno(), operation: "allocate a \(count)-byte message")
            }
            if count > 0 {
                bytes.withUnsafeBytes { source in
                    _ = memcpy(zmq_msg_data(sendMessage), source.baseAddress!, count)
                }
            }
        }
        let flags = more ? ZMQ_SNDMORE : 0
        do {
            try zmqCheck("send \(count) bytes on \(kind) socket") { zmq_msg_send(sendMessage, socket, flags) }
        } catch {
            // The message was not taken: release its content (runs the free callback if zero-copy).
            zmq_msg_close(sendMessage)
            zmq_msg_init(sendMessage)
            throw error
        }
    }

    /// Zero-copy sends so far on this socket.
    public var zeroCopySendCount: Int { zeroCopyCounters.sent }

    /// Zero-copy payloads libzmq has released so far; equals ``zeroCopySendCount`` once
    /// every such message has left the process (or was dropped).
    public var zeroCopyReleaseCount: Int { Int(b5g_atomic_load(zeroCopyCounters.released)) }

    /// Waits until libzmq has released `count` zero-copy payloads in all, woken by each release;
    /// `timeoutMs` only bounds a wait that would never end. Returns whether they were released.
    public func waitForZeroCopyReleases(_ count: Int, timeoutMs: Int) -> Bool {
        let deadline = DispatchTime.now() + .milliseconds(timeoutMs)
        while zeroCopyReleaseCount < count {
            if zeroCopyCounters.releaseSignal.wait(timeout: deadline) == .timedOut { return zeroCopyReleaseCount >= count }
        }
        return true
    }

    /// Points the send message at `bytes`' storage, kept alive by a retained box.
    private func prepareZeroCopy(_ bytes: ArraySlice<UInt8>) {
        let box = ZeroCopyBox(bytes: bytes, counters: zeroCopyCounters)
        // The box holds the slice immutably, so its (native, contiguous) storage neither
        // moves nor is written while libzmq reads it; a later write by the caller copies
        // first because the box shares the storage.
        let base = box.bytes.withUnsafeBytes { UnsafeMutableRawPointer(mutating: $0.baseAddress!) }
        let hint = Unmanaged.passRetained(box).toOpaque()
        // zmq_msg_init_data only fails for a NULL pointer with a non-zero size.
        zmq_msg_init_data(sendMessage, base, bytes.count, releaseZeroCopyBox, hint)
        zeroCopyCounters.sent += 1
    }
}

/// Counts zero-copy sends (owner thread) and releases (libzmq's I/O thread, atomically).
final class ZeroCopyCounters {
    var sent = 0
    let released: UnsafeMutablePointer<Int64>
    /// Signalled once per release, so a waiter wakes on the release itself.
    let releaseSignal = DispatchSemaphore(value: 0)

    init() {
        released = .allocate(capacity: 1)
        released.initialize(to: 0)
    }

    deinit { released.deallocate() }
}

/// Keeps a zero-copy payload alive until libzmq frees the message.
final class ZeroCopyBox {
    let bytes: ArraySlice<UInt8>
    let counters: ZeroCopyCounters

    init(bytes: ArraySlice<UInt8>, counters: ZeroCopyCounters) {
        self.bytes = bytes
        self.counters = counters
    }

    deinit {
        b5g_atomic_add(counters.released, 1)
        counters.releaseSignal.signal()
    }
}

/// libzmq's free callback for zero-copy messages; runs on whichever thread drops the
/// message (usually the I/O thread). Releasing a Swift reference there is safe: reference
/// counts are atomic and nothing else touches the box.
private func releaseZeroCopyBox(_ data: UnsafeMutableRawPointer?, _ hint: UnsafeMutableRawPointer?) {
    guard let hint else { return }
    Unmanaged<ZeroCopyBox>.fromOpaque(hint).release()
}
