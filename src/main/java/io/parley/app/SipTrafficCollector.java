package io.parley.app;

import io.parley.transport.SipTraffic;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.util.List;
import java.util.Map;

/**
 * {@code parley_sip_requests_total{method}} and {@code parley_sip_responses_total{code,direction}}
 * read from {@link SipTraffic} at each scrape, straight into the Prometheus registry: a status
 * code appears once a response with it has been received or sent (600 codes × 2 directions
 * registered up front as Micrometer meters would swell every scrape with zeros). Every method
 * Parley knows is always there, 0 until its first request, so a query by method has a series
 * from the start, as Kamailio's {@code rcv_requests_*} do.
 */
final class SipTrafficCollector implements MultiCollector {
  static final String REQUESTS = "parley_sip_requests";
  static final String RESPONSES = "parley_sip_responses";
  private static final String[] METHODS = SipTraffic.methodLabels();

  private final SipTraffic traffic;

  SipTrafficCollector(SipTraffic traffic) {
    this.traffic = traffic;
  }

  @Override
  public MetricSnapshots collect() {
    CounterSnapshot.Builder requests = CounterSnapshot.builder().name(REQUESTS)
        .help("SIP requests received (parsed and valid), by method");
    for (String method : METHODS) {
      requests.dataPoint(point(Labels.of("method", method), traffic.requestsReceived(method)));
    }
    SipTraffic.Snapshot now = traffic.snapshot();
    CounterSnapshot.Builder responses = CounterSnapshot.builder().name(RESPONSES)
        .help("SIP responses by status code: received (direction in) and sent, retransmissions included (out)");
    add(responses, now.responsesIn(), "in");
    add(responses, now.responsesOut(), "out");
    return MetricSnapshots.of(requests.build(), responses.build());
  }

  private static void add(CounterSnapshot.Builder family, Map<Integer, Long> byCode, String direction) {
    byCode.forEach((code, n) ->
        family.dataPoint(point(Labels.of("code", Integer.toString(code), "direction", direction), n)));
  }

  private static CounterSnapshot.CounterDataPointSnapshot point(Labels labels, long value) {
    return CounterSnapshot.CounterDataPointSnapshot.builder().labels(labels).value(value).build();
  }

  @Override
  public List<String> getPrometheusNames() {
    return List.of(REQUESTS, RESPONSES);
  }
}
