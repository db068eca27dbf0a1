import LiveMetrics
import Report
import Scenario
import Transport

/// The launcher's live metrics (`metrics.port`, `b5g run --metrics-port`): the families the
/// progress reports update and the HTTP endpoint that serves them while the run goes on.
final class LiveMetricsEndpoint {
    let metrics: RunMetrics
    private let http: HTTPTextEndpoint

    /// Binds the endpoint: on loopback, or on every interface with `transport.exposed: true`.
    /// - Throws: ``TransportError`` when the port cannot be bound.
    init(topology: Topology, port: Int) throws(TransportError) {
        metrics = RunMetrics(nodes: topology.scenario.nodes.map(\.name), slotDurationS: topology.numerology.slotDurationUs / 1e6)
        let registry = metrics.registry
        http = try HTTPTextEndpoint(host: topology.scenario.transport.exposed ? "0.0.0.0" : "127.0.0.1", port: port,
                                    path: "/metrics", contentType: "text/plain; version=0.0.4; charset=utf-8",
                                    body: { registry.emitToString() })
    }

    /// What the console prints: where to scrape (a loopback URL; on every interface when exposed).
    var announcement: String {
        http.host == "0.0.0.0" ? "metrics: http://127.0.0.1:\(http.port)/metrics (on every interface, transport.exposed)"
            : "metrics: http://127.0.0.1:\(http.port)/metrics"
    }

    func stop() { http.stop() }
}

/// The metrics port could not be bound (taken, or not allowed): the run does not start.
public struct LiveMetricsError: Error, CustomStringConvertible, Sendable {
    /// The system's cause, with the address.
    public var reason: String
    public var description: String { "cannot serve live metrics: \(reason)" }
}
