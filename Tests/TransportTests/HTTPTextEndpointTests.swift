import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Transport
import XCTest

final class HTTPTextEndpointTests: XCTestCase {
    /// GETs `url`; returns the status and body.
    private func get(_ url: String, method: String = "GET") throws -> (status: Int, body: String, type: String?) {
        var request = URLRequest(url: try XCTUnwrap(URL(string: url)))
        request.httpMethod = method
        let done = DispatchSemaphore(value: 0)
        nonisolated(unsafe) var result: (Int, String, String?) = (0, "", nil)
        URLSession.shared.dataTask(with: request) { data, response, _ in
            let http = response as? HTTPURLResponse
            result = (http?.statusCode ?? 0, String(decoding: data ?? Data(), as: UTF8.self),
                      http?.value(forHTTPHeaderField: "Content-Type"))
            done.signal()
        }.resume()
        XCTAssertEqual(done.wait(timeout: .now() + 10), .success)
        return result
    }

    func testServesItsPathWithFreshTextOnAFreePortAndNothingElse() throws {
        let counter = Counter()
        let endpoint = try HTTPTextEndpoint(host: "127.0.0.1", port: 0, path: "/metrics", contentType: "text/plain; version=0.0.4") {
            "requests \(counter.next())\n"
        }
        defer { endpoint.stop() }
        XCTAssertGreaterThan(endpoint.port, 0)
        let first = try get("http://127.0.0.1:\(endpoint.port)/metrics")
        XCTAssertEqual(first.status, 200)
        XCTAssertEqual(first.body, "requests 1\n")
        XCTAssertEqual(first.type, "text/plain; version=0.0.4")
        XCTAssertEqual(try get("http://127.0.0.1:\(endpoint.port)/metrics?x=1").body, "requests 2\n", "made again for each request")
        XCTAssertEqual(try get("http://127.0.0.1:\(endpoint.port)/other").status, 404)
        XCTAssertEqual(try get("http://127.0.0.1:\(endpoint.port)/metrics", method: "POST").status, 405)
    }

    func testATakenPortIsAnErrorNamingTheAddress() throws {
        let first = try HTTPTextEndpoint(host: "127.0.0.1", port: 0, path: "/metrics", contentType: "text/plain") { "" }
        defer { first.stop() }
        XCTAssertThrowsError(try HTTPTextEndpoint(host: "127.0.0.1", port: first.port, path: "/metrics", contentType: "text/plain") { "" }) {
            XCTAssertTrue("\($0)".contains("127.0.0.1:\(first.port)"), "\($0)")
        }
    }
}

private final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var n = 0
    func next() -> Int { lock.lock(); defer { lock.unlock() }; n += 1; return n }
}
