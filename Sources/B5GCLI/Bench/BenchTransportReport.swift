import Foundation

/// Throughput of one implementation in one case.
struct BenchTransportFigures: Codable {
    let messages: Int
    let elapsedSeconds: Double
    let messagesPerSecond: Double
    /// Payload megabytes (10^6 bytes) per second.
    let megabytesPerSecond: Double
    /// CPU time (all threads, user + system) of the sending process per measured message.
    let senderCpuNsPerMessage: Double
    /// CPU time of the receiving process per measured message.
    let receiverCpuNsPerMessage: Double

    init(messages: Int, elapsedSeconds: Double, sizeBytes: Int, senderCpuNs: Double, receiverCpuNs: Double) {
        self.messages = messages
        self.elapsedSeconds = elapsedSeconds
        messagesPerSecond = Double(messages) / elapsedSeconds
        megabytesPerSecond = messagesPerSecond * Double(sizeBytes) / 1e6
        senderCpuNsPerMessage = senderCpuNs / Double(messages)
        receiverCpuNsPerMessage = receiverCpuNs / Double(messages)
    }
}

/// One transport and size: ours, the C baseline and ours/baseline for messages/s.
struct BenchTransportRow: Codable {
    let transport: BenchTransportKind
    let sizeBytes: Int
    let ours: BenchTransportFigures
    let baseline: BenchTransportFigures?
    let ratioMessagesPerSecond: Double?
}

/// The machine the figures come from.
struct BenchMachine: Codable {
    let cpuModel: String
    let cores: Int
    let os: String

    static func current() -> BenchMachine {
        let cpuinfo = (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)) ?? ""
        let model = cpuinfo.split(separator: "\n").first { $0.hasPrefix("model name") }?
            .split(separator: ":", maxSplits: 1).last?.trimmingCharacters(in: .whitespaces)
        let release = (try? String(contentsOfFile: "/etc/os-release", encoding: .utf8)) ?? ""
        let os = release.split(separator: "\n").first { $0.hasPrefix("PRETTY_NAME=") }?
            .dropFirst("PRETTY_NAME=".count).trimmingCharacters(in: CharacterSet(charactersIn: "\""))
        return BenchMachine(
            cpuModel: model ?? "unknown", cores: ProcessInfo.processInfo.activeProcessorCount,
            os: os ?? ProcessInfo.processInfo.operatingSystemVersionString)
    }
}

/// Everything `b5g bench transport` reports.
struct BenchTransportReport: Codable {
    var pattern = "PUSH->PULL between two processes, ready handshake, warm-up excluded"
    let libzmqVersion: String
    let machine: BenchMachine
    let repeats: Int
    /// Whether our sockets used CurveZMQ (the baseline never does).
    let oursUseCurve: Bool
    var statistic = "best of repeats"
    let zeroCopyThresholdBytes: Int
    let results: [BenchTransportRow]

    func json() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(self), as: UTF8.self)
    }

    func table() -> String {
        var lines = [
            "Transport: \(pattern)\(oursUseCurve ? "; ours with CURVE" : ""); best of \(repeats) runs; libzmq \(libzmqVersion); "
                + "\(machine.cores) cores, \(machine.cpuModel); MB = 10^6 bytes",
            pad(["transport", "size B", "ours msg/s", "ours MB/s", "C msg/s", "C MB/s", "ours/C",
                 "tx CPU ns/msg ours|C", "rx CPU ns/msg ours|C"]),
        ]
        for row in results {
            lines.append(pad([
                row.transport.rawValue, String(row.sizeBytes),
                String(format: "%.0f", row.ours.messagesPerSecond), String(format: "%.1f", row.ours.megabytesPerSecond),
                row.baseline.map { String(format: "%.0f", $0.messagesPerSecond) } ?? "-",
                row.baseline.map { String(format: "%.1f", $0.megabytesPerSecond) } ?? "-",
                row.ratioMessagesPerSecond.map { String(format: "%.2f", $0) } ?? "-",
                String(format: "%.0f", row.ours.senderCpuNsPerMessage)
                    + (row.baseline.map { String(format: " | %.0f", $0.senderCpuNsPerMessage) } ?? ""),
                String(format: "%.0f", row.ours.receiverCpuNsPerMessage)
                    + (row.baseline.map { String(format: " | %.0f", $0.receiverCpuNsPerMessage) } ?? ""),
            ]))
        }
        return lines.joined(separator: "\n")
    }

    /// One progress line on stderr per case, so long runs show they are alive.
    static func progress(_ row: BenchTransportRow) {
        let ratio = row.ratioMessagesPerSecond.map { String(format: " ratio %.2f", $0) } ?? ""
        let line = "\(row.transport.rawValue) \(row.sizeBytes) B: ours \(String(format: "%.0f", row.ours.messagesPerSecond)) msg/s"
            + (row.baseline.map { ", C \(String(format: "%.0f", $0.messagesPerSecond)) msg/s" } ?? "") + ratio + "\n"
        FileHandle.standardError.write(Data(line.utf8))
    }

    private func pad(_ cells: [String]) -> String {
        let widths = [9, 8, 12, 10, 12, 10, 7, 21, 21]
        return zip(cells, widths).enumerated().map { index, pair in
            let (cell, width) = pair
            let padding = String(repeating: " ", count: max(0, width - cell.count))
            return index == 0 ? cell + padding : padding + cell
        }.joined(separator: "  ")
    }
}
