import Logging

enum LoggingSetup {
    /// Logs go to stderr (the launcher puts each node's in its own file), at
    /// `B5G_LOG_LEVEL` (default info).
    static func bootstrap(node: String) {
        let level = Logger.Level(rawValue: ProcessInfo.processInfo.environment["B5G_LOG_LEVEL"] ?? "info") ?? .info
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
    }
}

import Foundation
