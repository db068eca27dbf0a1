import Foundation
import NTN

/// Files a scenario names (the scenario itself, TLE files): read with a size bound and
/// checked at validation, so a missing or unusable file is an error before anything starts
/// rather than a run that measures nothing.
enum ReferencedFile {
    /// Largest file read: a catalogue of every active satellite is about 2 MB of TLEs.
    static let maxBytes = 8 << 20

    enum Read {
        case text(String)
        case problem(String)
    }

    /// The file as UTF-8 text, or why it cannot be used (missing, a folder, permission
    /// denied, too large, binary, not UTF-8). Never reads more than ``maxBytes`` + 1 bytes,
    /// so a device such as /dev/zero is refused instead of read forever.
    static func read(_ path: String) -> Read {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { return .problem("no such file") }
        guard !isDirectory.boolValue else { return .problem("is a folder, not a file") }
        guard FileManager.default.isReadableFile(atPath: path), let handle = FileHandle(forReadingAtPath: path) else {
            return .problem("permission denied (cannot be read)")
        }
        defer { try? handle.close() }
        let data: Data
        do {
            data = try handle.read(upToCount: maxBytes + 1) ?? Data()
        } catch {
            return .problem("cannot be read: \((error as NSError).localizedDescription)")
        }
        guard data.count <= maxBytes else { return .problem("is larger than \(maxBytes >> 20) MB") }
        guard !data.contains(0) else { return .problem("is not text (it holds NUL bytes)") }
        guard let text = String(data: data, encoding: .utf8) else { return .problem("cannot be read as UTF-8 text") }
        return .text(text)
    }

    /// Why the text of a TLE file cannot be used, with the 1-based line of the file at fault
    /// (0 for the file as a whole); nil when it holds at least one element set and every
    /// element line parses. Title lines and lines starting with '#' are allowed, as in
    /// `TLE.parseMany`.
    static func tleProblem(_ text: String) -> (line: Int, message: String)? {
        var count = 0
        var pendingLine1: (number: Int, text: String)?
        let lines = text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline)
        for (offset, raw) in lines.enumerated() {
            let number = offset + 1
            let line = String(raw).trimmingCharacters(in: CharacterSet(charactersIn: "\r"))
            if line.hasPrefix("#") || line.trimmingCharacters(in: .whitespaces).isEmpty { continue }
            if line.hasPrefix("1 ") {
                if let pending = pendingLine1 { return (pending.number, "element line 1 without its line 2") }
                pendingLine1 = (number, line)
            } else if line.hasPrefix("2 ") {
                guard let line1 = pendingLine1 else { return (number, "element line 2 without a line 1 before it") }
                do {
                    _ = try TLE(line1: line1.text, line2: line)
                } catch let error as TLE.ParseError {
                    if case .malformedLine(1) = error { return (line1.number, "\(error)") }
                    return (number, "\(error)")
                } catch {
                    return (number, "\(error)")
                }
                count += 1
                pendingLine1 = nil
            } else if let pending = pendingLine1 {
                return (pending.number, "element line 1 without its line 2")
            }
        }
        if let pending = pendingLine1 { return (pending.number, "element line 1 without its line 2") }
        return count == 0 ? (0, "holds no two-line element set") : nil
    }

    /// The 85 characters of Z85 (ZeroMQ RFC 32), in which CURVE keys are written.
    static let z85Alphabet = Set("0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ.-:+=^!/*?&<>()[]{}@%$#")

    /// Why the text of a key file is not one CURVE key (40 Z85 characters, surrounding
    /// whitespace allowed); nil when it is.
    static func curveKeyProblem(_ text: String) -> String? {
        let key = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard key.count == 40 else { return "holds \(key.count) characters, not a 40-character Z85 key" }
        if let bad = key.first(where: { !z85Alphabet.contains($0) }) { return "holds '\(bad)', which is not a Z85 character" }
        return nil
    }

    /// The scenario rule: `orchestrator.externalServerKey` names a readable file holding one CURVE key.
    static func externalServerKeyUsable(in directory: String) -> ObjectRule {
        ObjectRule(doc: "`orchestrator.externalServerKey` (relative to the scenario file) can be read and holds one CURVE public key: 40 Z85 characters.") { scenario in
            guard let file = scenario["orchestrator"]?.object?["externalServerKey"]?.string else { return [] }
            let path = file.hasPrefix("/") ? file : "\(directory)/\(file)"
            let allowed = "a readable file holding the policy's CURVE public key (40 Z85 characters)"
            let problem: String?
            switch read(path) {
            case .problem(let p): problem = p
            case .text(let text): problem = curveKeyProblem(text)
            }
            return problem.map { [RuleViolation(path: "orchestrator.externalServerKey", message: "\(path): \($0)", allowed: allowed)] } ?? []
        }
    }

    /// The scenario rule: every `tle` platform's `tleFile` can be read and parsed.
    static func tleFilesUsable(in directory: String) -> ObjectRule {
        ObjectRule(doc: "A `tle` platform's `tleFile` (relative to the scenario file) exists, can be read and holds at least one two-line element set that parses.") { scenario in
            let platforms = (scenario["ntn"]?.object?["platforms"]?.list ?? []).map { $0.object ?? [:] }
            var found: [RuleViolation] = []
            for (i, p) in platforms.enumerated() where p["kind"]?.string == "tle" {
                guard let file = p["tleFile"]?.string else { continue }
                let path = file.hasPrefix("/") ? file : "\(directory)/\(file)"
                let allowed = "a readable text file of two-line elements (NORAD format), at most \(maxBytes >> 20) MB"
                switch read(path) {
                case .problem(let problem):
                    found.append(RuleViolation(path: "ntn.platforms[\(i)].tleFile", message: "\(path): \(problem)", allowed: allowed))
                case .text(let text):
                    if let (line, message) = tleProblem(text) {
                        let location = line > 0 ? "\(path):\(line)" : path
                        found.append(RuleViolation(path: "ntn.platforms[\(i)].tleFile", message: "\(location): \(message)", allowed: allowed))
                    }
                }
            }
            return found
        }
    }
}
