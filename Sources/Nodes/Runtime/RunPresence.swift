import Foundation

/// Marks a node process as alive in its run's private folder (`<node>.alive`, locked while the
/// process lives), so that when the launcher was killed and cannot clean up, the last node to
/// leave removes the folder (sockets and keys) itself.
final class RunPresence {
    private let folder: String
    private let path: String
    private var fd: Int32
    /// The mark is unlinked but its lock kept until the process exits (the launcher is gone).
    private var keptUntilExit = false

    /// Takes this node's mark in `folder`; nil when the folder cannot be written.
    init?(folder: String, node: String) {
        self.folder = folder
        path = "\(folder)/\(node).alive"
        fd = open(path, O_CREAT | O_RDWR | O_CLOEXEC, 0o600)
        guard fd >= 0, flock(fd, LOCK_EX | LOCK_NB) == 0 else {
            if fd >= 0 { close(fd) }
            return nil
        }
    }

    /// Gives the mark up. When the launcher is gone (`removingFolderIfLast`), leavers take turns
    /// (a lock on `.leaving`): each unlinks its mark but keeps holding it until its process ends,
    /// and the one that finds no other mark held removes the folder. So a mark's lock is free
    /// only once its node has exited (or was killed), which is what others, and tests, can wait for.
    func leave(removingFolderIfLast: Bool) {
        guard fd >= 0, !keptUntilExit else { return }
        unlink(path)
        guard removingFolderIfLast else {
            close(fd)
            fd = -1
            return
        }
        keptUntilExit = true
        let turn = open("\(folder)/.leaving", O_CREAT | O_RDWR | O_CLOEXEC, 0o600)
        guard turn >= 0 else { return }
        defer { close(turn) }
        guard flock(turn, LOCK_EX) == 0 else { return }
        let marks = ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).filter { $0.hasSuffix(".alive") }
        for mark in marks {
            let other = open("\(folder)/\(mark)", O_RDWR | O_CLOEXEC)
            guard other >= 0 else { continue }   // gone meanwhile
            let free = flock(other, LOCK_EX | LOCK_NB) == 0
            close(other)
            if !free { return }                  // a node of the run is still running
        }
        try? FileManager.default.removeItem(atPath: folder)
    }

    deinit { leave(removingFolderIfLast: false) }
}
