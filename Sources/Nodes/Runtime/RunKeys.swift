import Foundation
import Scenario
import Transport

/// CurveZMQ keys of a run: a key pair per node and one for the launcher's report socket.
/// On disk a folder (mode 0700) holds `<name>.pub` (the public key) and `<name>.key` (the secret
/// key, mode 0600) for each; a node needs its own two files and its peers' `.pub` files, so a
/// node on another host gets only what it needs.
public struct RunKeys: Sendable {
    public struct Pair: Sendable { public var publicKey: String; public var secretKey: String }
    /// The name of the launcher's key pair (the report socket).
    public static let launcher = "launcher"

    public private(set) var pairs: [String: Pair] = [:]

    /// Fresh keys for every node of `scenario` and the launcher.
    public static func generate(for scenario: Scenario) throws -> RunKeys {
        var keys = RunKeys()
        for name in scenario.nodes.map(\.name) + [launcher] {
            let (publicKey, secretKey) = try MessageSocket.curveKeyPair()
            keys.pairs[name] = Pair(publicKey: publicKey, secretKey: secretKey)
        }
        return keys
    }

    /// Writes the folder; secret keys are readable by their owner only.
    public func write(to folder: String) throws {
        let fm = FileManager.default
        try fm.createDirectory(atPath: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        try fm.setAttributes([.posixPermissions: 0o700], ofItemAtPath: folder)
        for (name, pair) in pairs {
            try (pair.publicKey + "\n").write(toFile: "\(folder)/\(name).pub", atomically: true, encoding: .utf8)
            let secret = "\(folder)/\(name).key"
            guard fm.createFile(atPath: secret, contents: Data((pair.secretKey + "\n").utf8), attributes: [.posixPermissions: 0o600]) else {
                throw RunKeysError(path: secret, reason: "cannot be written")
            }
        }
    }

    /// Reads a node's own pair and its peers' public keys from `folder`.
    public static func load(from folder: String, node: String, peers: [String]) throws -> (own: Pair, peers: [String: String]) {
        func read(_ file: String) throws -> String {
            try readKey(at: "\(folder)/\(file)", hint: " (make the folder with `b5g keys`)")
        }
        let own = Pair(publicKey: try read("\(node).pub"), secretKey: try read("\(node).key"))
        var publicKeys: [String: String] = [:]
        for peer in peers { publicKeys[peer] = try read("\(peer).pub") }
        return (own, publicKeys)
    }
}

extension RunKeys {
    /// Reads one Z85 key from a file of its own (surrounding whitespace ignored).
    /// - Parameters:
    ///   - path: The key file.
    ///   - hint: Words added when it cannot be read, e.g. how to make it.
    /// - Throws: ``RunKeysError`` when the file cannot be read or holds no 40-character key.
    public static func readKey(at path: String, hint: String = "") throws -> String {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw RunKeysError(path: path, reason: "cannot be read\(hint)")
        }
        let key = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard key.utf8.count == 40 else { throw RunKeysError(path: path, reason: "is not a 40-character Z85 key") }
        return key
    }
}

/// A key file that is missing or malformed.
public struct RunKeysError: Error, CustomStringConvertible {
    public var path: String
    public var reason: String
    public var description: String { "key file \(path) \(reason)" }
}
