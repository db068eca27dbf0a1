import Foundation
import Transport

/// The sink and source processes of one run; tools/zmq-baseline/zmq_baseline.c does the same in C.
enum BenchTransportRoles {
    static let handshakeTimeoutMs = 10_000
    static let idleTimeoutMs = 10_000
    static let doneTimeoutMs = 30_000
    static let doneFrame: [UInt8] = Array("b5g.done".utf8)

    /// Binds, announces its endpoints on stdout, receives until the empty end marker and
    /// prints `result <messages> <elapsed_ns> <cpu_ns>` (from the last warm-up message to the last payload).
    static func sink(endpoint: String, controlEndpoint: String, warmup: Int, curve: BenchCurveKeys?) throws {
        let context = try MessagingContext()
        let pull = try MessageSocket(context: context, kind: .pull)
        if let curve { try pull.makeCurveServer(secretKey: curve.serverSecret) }
        try pull.bind(endpoint)
        let router = try MessageSocket(context: context, kind: .router)
        try router.bind(controlEndpoint)
        writeLine("endpoints \(pull.lastEndpoint) \(router.lastEndpoint)")
        guard let source = try ReadyHandshake.answer(on: router, timeoutMs: handshakeTimeoutMs) else {
            throw BenchTransportFailure(message: "sink: no ready request within \(handshakeTimeoutMs) ms")
        }

        var buffer: [UInt8] = []
        var received = 0, measured = 0
        var startNs: UInt64 = 0, lastNs: UInt64 = 0, cpuStartNs: UInt64 = 0
        while true {
            guard try pull.receive(into: &buffer, timeoutMs: idleTimeoutMs) else {
                throw BenchTransportFailure(message: "sink: no message for \(idleTimeoutMs) ms after \(received)")
            }
            if buffer.isEmpty { break }
            received += 1
            if received == warmup {
                startNs = monotonicNs()
                cpuStartNs = processCpuNs()
            } else if received > warmup {
                measured += 1
                lastNs = monotonicNs()
            }
        }
        let cpuNs = processCpuNs() - cpuStartNs
        writeLine("result \(measured) \(measured > 0 ? lastNs - startNs : 0) \(cpuNs)")
        try router.send(source, more: true)
        try router.send(doneFrame)
    }

    /// Connects, waits for the sink, sends warm-up, measured messages and the end marker,
    /// then waits for the sink's "done" so that closing loses nothing; prints `cpu <ns>` of the measured phase.
    static func source(endpoint: String, controlEndpoint: String, size: Int, messages: Int, seconds: Double,
                       warmup: Int, zeroCopyThresholdBytes: Int, curve: BenchCurveKeys?) throws {
        let context = try MessagingContext()
        let dealer = try MessageSocket(context: context, kind: .dealer)
        try dealer.connect(controlEndpoint)
        let push = try MessageSocket(context: context, kind: .push)
        push.zeroCopyThresholdBytes = zeroCopyThresholdBytes
        if let curve {
            try push.makeCurveClient(serverPublicKey: curve.serverPublic, publicKey: curve.clientPublic, secretKey: curve.clientSecret)
        }
        try push.connect(endpoint)
        guard try ReadyHandshake.request(on: dealer, timeoutMs: handshakeTimeoutMs) else {
            throw BenchTransportFailure(message: "source: sink not ready within \(handshakeTimeoutMs) ms")
        }

        let payload = (0..<size).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        for _ in 0..<warmup { try push.send(payload) }
        let cpuStartNs = processCpuNs()
        let deadlineNs = monotonicNs() + UInt64(seconds * 1e9)
        for index in 0..<messages {
            try push.send(payload)
            if index & 255 == 255 && monotonicNs() >= deadlineNs { break }
        }
        try push.send([])

        var reply: [UInt8] = []
        guard try dealer.receive(into: &reply, timeoutMs: doneTimeoutMs), reply == doneFrame else {
            throw BenchTransportFailure(message: "source: no done from the sink within \(doneTimeoutMs) ms")
        }
        writeLine("cpu \(processCpuNs() - cpuStartNs)")
    }

    static func monotonicNs() -> UInt64 {
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        return UInt64(now.tv_sec) * 1_000_000_000 + UInt64(now.tv_nsec)
    }

    /// CPU time of the whole process (all threads, user + system), as the baseline counts it.
    static func processCpuNs() -> UInt64 {
        var usage = rusage()
        #if os(Linux)
        getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
        #else
        getrusage(RUSAGE_SELF, &usage)
        #endif
        let seconds = UInt64(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec)
        let micros = UInt64(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec)
        return seconds * 1_000_000_000 + micros * 1_000
    }

    /// Unbuffered, so the coordinator sees the line at once.
    private static func writeLine(_ line: String) {
        FileHandle.standardOutput.write(Data((line + "\n").utf8))
    }
}

/// The two key pairs of a CURVE run, handed to the sink and source processes on their command line
/// (keys made for one benchmark run, on one machine).
struct BenchCurveKeys {
    var serverPublic: String, serverSecret: String, clientPublic: String, clientSecret: String

    static func generate() throws -> BenchCurveKeys {
        let server = try MessageSocket.curveKeyPair(), client = try MessageSocket.curveKeyPair()
        return BenchCurveKeys(serverPublic: server.publicKey, serverSecret: server.secretKey,
                              clientPublic: client.publicKey, clientSecret: client.secretKey)
    }

    /// Z85 keys never contain a comma.
    var argument: String { [serverPublic, serverSecret, clientPublic, clientSecret].joined(separator: ",") }

    init(serverPublic: String, serverSecret: String, clientPublic: String, clientSecret: String) {
        self.serverPublic = serverPublic; self.serverSecret = serverSecret
        self.clientPublic = clientPublic; self.clientSecret = clientSecret
    }

    init?(argument: String?) {
        let parts = argument?.split(separator: ",").map(String.init) ?? []
        guard parts.count == 4 else { return nil }
        self.init(serverPublic: parts[0], serverSecret: parts[1], clientPublic: parts[2], clientSecret: parts[3])
    }
}
