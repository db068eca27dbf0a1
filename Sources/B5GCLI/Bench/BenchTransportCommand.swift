import ArgumentParser
import Foundation
import Transport

/// `b5g bench transport`: PUSH->PULL throughput between two processes, ours against plain C libzmq.
///
/// The command re-executes its own binary as the sink and the source (hidden `--role`),
/// then runs the C baseline (tools/zmq-baseline, built on demand) on the same workload.
public struct BenchTransportCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "transport",
        abstract: "Measure ZeroMQ PUSH->PULL messages/s between two processes against a plain C baseline."
    )

    @Flag(help: "Print one JSON object instead of a table.")
    var json = false

    @Option(help: "Comma-separated message sizes in bytes.")
    var sizes = "64,1500,65536"

    @Option(help: "Comma-separated transports between the two processes (ipc, tcp).")
    var transports = "ipc,tcp"

    @Option(help: "Measured messages per run, at most (a run also stops after --seconds).")
    var messages = 10_000_000

    @Option(help: "Longest measured phase of one run, in seconds.")
    var seconds = 1.0

    @Option(help: "Runs per implementation and case; the best run is reported.")
    var repeats = 5

    @Option(help: "Messages at least this large are sent zero-copy (ours and the baseline).")
    var zeroCopyThreshold = MessageSocket.defaultZeroCopyThresholdBytes

    @Option(help: "Folder holding zmq-baseline/ (default: tools/ in the current folder or above).")
    var toolsDir: String?

    @Option(help: "Where to build the C baseline (default: .build/zmq-baseline next to tools/).")
    var baselineDir: String?

    @Flag(help: "Skip the C baseline.")
    var noBaseline = false

    @Flag(help: "Our sockets use CurveZMQ, as the emulator's links do by default (the C baseline stays plain).")
    var curve = false

    // Hidden: the two processes of one run.
    @Option(help: .hidden) var role: BenchTransportRole?
    @Option(help: .hidden) var endpoint: String?
    @Option(help: .hidden) var controlEndpoint: String?
    @Option(help: .hidden) var size: Int?
    @Option(help: .hidden) var warmup: Int?
    @Option(help: .hidden) var curveKeys: String?

    public init() {}

    public func validate() throws {
        _ = try parsedSizes()
        _ = try parsedTransports()
        guard messages >= 1 else { throw ValidationError("--messages must be at least 1") }
        guard seconds > 0 else { throw ValidationError("--seconds must be positive") }
        guard repeats >= 1 else { throw ValidationError("--repeats must be at least 1") }
        guard zeroCopyThreshold >= 1 else { throw ValidationError("--zero-copy-threshold must be at least 1") }
        if let role {
            guard endpoint != nil, controlEndpoint != nil, let warmup, warmup >= 1 else {
                throw ValidationError("--role \(role.rawValue) needs --endpoint, --control-endpoint and --warmup")
            }
            if role == .source, (size ?? 0) < 1 { throw ValidationError("--role source needs --size >= 1") }
        }
    }

    public func run() throws {
        do {
            switch role {
            case .sink:
                try BenchTransportRoles.sink(endpoint: endpoint!, controlEndpoint: controlEndpoint!, warmup: warmup!,
                                             curve: BenchCurveKeys(argument: curveKeys))
            case .source:
                try BenchTransportRoles.source(
                    endpoint: endpoint!, controlEndpoint: controlEndpoint!, size: size!, messages: messages,
                    seconds: seconds, warmup: warmup!, zeroCopyThresholdBytes: zeroCopyThreshold,
                    curve: BenchCurveKeys(argument: curveKeys))
            case nil:
                try coordinate()
            }
        } catch let error as TransportError {
            throw BenchTransportFailure(message: error.description)
        }
    }

    private func coordinate() throws {
        let baseline = noBaseline ? nil : try BenchTransportBaseline.prepare(toolsDir: toolsDir, baselineDir: baselineDir)
        let runner = BenchTransportRunner(
            ours: BenchTransportRunner.selfInvocation(
                messages: messages, seconds: seconds, zeroCopyThresholdBytes: zeroCopyThreshold,
                curve: curve ? try BenchCurveKeys.generate() : nil),
            baseline: baseline,
            messages: messages, seconds: seconds, zeroCopyThresholdBytes: zeroCopyThreshold)
        var rows: [BenchTransportRow] = []
        for transport in try parsedTransports() {
            for size in try parsedSizes() {
                let row = try runner.measure(transport: transport, sizeBytes: size, repeats: repeats)
                BenchTransportReport.progress(row)
                rows.append(row)
            }
        }
        let report = BenchTransportReport(
            libzmqVersion: MessagingContext.libraryVersion, machine: .current(), repeats: repeats, oursUseCurve: curve,
            zeroCopyThresholdBytes: zeroCopyThreshold, results: rows)
        print(json ? try report.json() : report.table())
    }

    private func parsedSizes() throws -> [Int] {
        let values = sizes.split(separator: ",").map { Int($0.trimmingCharacters(in: .whitespaces)) }
        guard !values.isEmpty, values.allSatisfy({ ($0 ?? 0) >= 1 && ($0 ?? 0) <= 256 * 1_048_576 }) else {
            throw ValidationError("--sizes must be a comma-separated list of sizes from 1 to 268435456 bytes")
        }
        return values.map { $0! }
    }

    private func parsedTransports() throws -> [BenchTransportKind] {
        let values = transports.split(separator: ",").map { BenchTransportKind(rawValue: String($0)) }
        guard !values.isEmpty, values.allSatisfy({ $0 != nil }) else {
            throw ValidationError("--transports must list some of: ipc, tcp")
        }
        return values.map { $0! }
    }
}

/// The hidden role of a re-executed bench process.
enum BenchTransportRole: String, ExpressibleByArgument, CaseIterable {
    case sink, source
}

/// Transports that cross a process boundary.
enum BenchTransportKind: String, Codable, CaseIterable {
    case ipc, tcp
}

/// A failure of the bench, printed as one line.
struct BenchTransportFailure: Error, CustomStringConvertible {
    let message: String
    var description: String { message }
}
