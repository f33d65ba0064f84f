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

    /// The counter `<name>_total` on ``registry`` with its HELP text and, when given, one label (the
    /// registry hands back the same counter for the same name and label each time).
    public static func counter(
        _ name: String, help: String, label: (name: String, value: String)? = nil
    ) -> Prometheus.Counter {
        registry.makeCounter(
            descriptor: MetricNameDescriptor(metricName: name, unitName: "total", helpText: help),
            labels: label.map { [($0.name, $0.value)] } ?? [])
    }

    /// The registry's current state in the Prometheus text exposition format.
    public static func exposition(of registry: PrometheusCollectorRegistry = registry) -> String {
        registry.emitToString()
    }
}
