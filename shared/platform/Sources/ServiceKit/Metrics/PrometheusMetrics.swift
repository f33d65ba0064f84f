import Metrics
import Prometheus

/// The process-wide Prometheus registry behind `/metrics`.
///
/// swift-metrics allows one bootstrap per process; touching ``registry`` performs it exactly once,
/// so `main`, the router and tests that build several applications in one process all share it.
public enum PrometheusMetrics {
    public static let registry: PrometheusCollectorRegistry = {
        let registry = PrometheusCollectorRegistry()
        MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: registry))
        return registry
    }()

    /// The registry's current state in the Prometheus text exposition format.
    public static func exposition(of registry: PrometheusCollectorRegistry = registry) -> String {
        registry.emitToString()
    }
}
