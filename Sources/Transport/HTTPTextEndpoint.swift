import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A minimal HTTP/1.1 responder for one read-only text resource (the launcher's `GET /metrics`):
/// one thread, one connection at a time, `Connection: close`. Scrapers (Prometheus, curl) need
/// nothing more, and it keeps a web framework out of the build.
public final class HTTPTextEndpoint: @unchecked Sendable {
    /// The port it listens on (the one chosen by the system when asked for port 0).
    public let port: Int
    /// The address it listens on: `127.0.0.1`, or `0.0.0.0` (every interface).
    public let host: String
    private let listener: Int32
    private let path: String
    private let contentType: String
    private let body: @Sendable () -> String
    private let stopped = NSLock()
    private var stopRequested = false
    private let finished = DispatchSemaphore(value: 0)

    /// Binds and starts serving on its own thread.
    /// - Parameters:
    ///   - host: `127.0.0.1` (this machine only) or `0.0.0.0` (every interface).
    ///   - port: TCP port; 0 takes a free one (read it from ``port``).
    ///   - path: the one path served (`/metrics`); others get 404.
    ///   - contentType: the `Content-Type` of the answer.
    ///   - body: makes the answer's text for each request.
    /// - Throws: ``TransportError`` when the address cannot be bound (port taken, bad host).
    public init(host: String, port: Int, path: String, contentType: String, body: @escaping @Sendable () -> String) throws(TransportError) {
        self.host = host; self.path = path; self.contentType = contentType; self.body = body
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw TransportError(code: errno, operation: "socket for http://\(host):\(port)") }
        var yes: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(clamping: port)).bigEndian
        guard inet_pton(AF_INET, host, &address.sin_addr) == 1 else {
            close(fd)
            throw TransportError(kind: .failed, operation: "bind http://\(host):\(port)", reason: "not an IPv4 address")
        }
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, listen(fd, 16) == 0 else {
            let code = errno
            close(fd)
            throw TransportError(code: code, operation: "bind http://\(host):\(port)")
        }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        listener = fd
        self.port = Int(UInt16(bigEndian: address.sin_port))
        let thread = Thread { [self] in serve() }
        thread.name = "http \(path)"
        thread.start()
    }

    /// Stops listening and waits for the serving thread to end (at most one poll interval).
    public func stop() {
        stopped.lock()
        let already = stopRequested
        stopRequested = true
        stopped.unlock()
        guard !already else { return }
        finished.wait()
        close(listener)
    }

    private var isStopped: Bool { stopped.lock(); defer { stopped.unlock() }; return stopRequested }

    private func serve() {
        defer { finished.signal() }
        while !isStopped {
            var poll = pollfd(fd: listener, events: Int16(POLLIN), revents: 0)
            guard Glibc.poll(&poll, 1, 100) > 0 else { continue }
            let client = accept(listener, nil, nil)
            guard client >= 0 else { continue }
            answer(client)
            close(client)
        }
    }

    /// Reads the request head (at most 8 kB, 2 s) and writes the whole answer.
    private func answer(_ client: Int32) {
        var timeout = timeval(tv_sec: 2, tv_usec: 0)
        setsockopt(client, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(client, SOL_SOCKET, SO_SNDTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var head: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 2048)
        while head.count < 8192, !head.ends(with: [13, 10, 13, 10]) {
            let n = recv(client, &chunk, chunk.count, 0)
            if n < 0, errno == EINTR { continue }
            guard n > 0 else { return }
            head += chunk[0..<n]
        }
        let requestLine = String(decoding: head.prefix { $0 != 13 && $0 != 10 }, as: UTF8.self).split(separator: " ")
        let response: String
        if requestLine.count < 2 || (requestLine[0] != "GET" && requestLine[0] != "HEAD") {
            response = Self.response(status: "405 Method Not Allowed", type: "text/plain", body: "only GET\n", head: false)
        } else if requestLine[1].split(separator: "?").first.map(String.init) != path {
            response = Self.response(status: "404 Not Found", type: "text/plain", body: "try \(path)\n", head: false)
        } else {
            response = Self.response(status: "200 OK", type: contentType, body: body(), head: requestLine[0] == "HEAD")
        }
        var bytes = Array(response.utf8)[...]
        while !bytes.isEmpty {
            let n = bytes.withUnsafeBytes { send(client, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if n < 0, errno == EINTR { continue }
            guard n > 0 else { return }
            bytes = bytes.dropFirst(n)
        }
    }

    static func response(status: String, type: String, body: String, head: Bool) -> String {
        "HTTP/1.1 \(status)\r\nContent-Type: \(type)\r\nContent-Length: \(body.utf8.count)\r\nConnection: close\r\n\r\n"
            + (head ? "" : body)
    }
}

private extension Array where Element == UInt8 {
    func ends(with suffix: [UInt8]) -> Bool { count >= suffix.count && Array(self[(count - suffix.count)...]) == suffix }
}
