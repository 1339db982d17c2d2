package dev.wdmports.exporter;

import dev.wdmports.core.Flow;
import dev.wdmports.core.graph.Availability;
import dev.wdmports.core.graph.FlowVerdict;
import dev.wdmports.core.graph.OperationStatus;
import dev.wdmports.core.report.DeviceBreakdown;
import dev.wdmports.core.report.FlowCheck;
import dev.wdmports.core.report.HostReport;
import dev.wdmports.core.report.ProbeStatus;
import dev.wdmports.probe.Evidence;
import dev.wdmports.probe.ProbeResult;
import dev.wdmports.probe.TlsFacts;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.prometheus.metrics.model.snapshots.StateSetSnapshot;
import io.prometheus.metrics.model.snapshots.StateSetSnapshot.StateSetDataPointSnapshot;
import java.net.Inet6Address;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The series of one scrape, as Prometheus model snapshots. The names and meanings follow
 * blackbox_exporter where it has them ({@code probe_success}, {@code probe_duration_seconds},
 * {@code probe_http_status_code}, {@code probe_ssl_earliest_cert_expiry}, {@code
 * probe_tls_version_info}, ...); the {@code wdmports_} series carry what blackbox has no word for.
 */
final class ScrapeMetrics {
  static final String PROBE_SUCCESS = "probe_success";
  static final String PROBE_DURATION = "probe_duration_seconds";
  static final String PROBE_DNS_LOOKUP = "probe_dns_lookup_time_seconds";
  static final String PROBE_IP_PROTOCOL = "probe_ip_protocol";
  static final String PROBE_HTTP_STATUS_CODE = "probe_http_status_code";
  static final String PROBE_HTTP_SSL = "probe_http_ssl";
  static final String PROBE_SSL_EARLIEST_CERT_EXPIRY = "probe_ssl_earliest_cert_expiry";
  static final String PROBE_TLS_VERSION_INFO = "probe_tls_version_info";
  static final String PROBE_STATUS = "wdmports_probe_status";
  static final String TLS_TRUSTED = "wdmports_tls_certificate_trusted";
  static final String TLS_HOSTNAME_MATCHES = "wdmports_tls_hostname_matches";
  static final String FLOW_UP = "wdmports_flow_up";
  static final String FLOW_VERDICT = "wdmports_flow_verdict";
  static final String FLOWS = "wdmports_flows";
  static final String OPERATION_STATE = "wdmports_operation_state";
  static final String DEVICES = "wdmports_devices";
  static final String OPERATION_DEVICES = "wdmports_operation_devices";

  private ScrapeMetrics() {}

  /** The series of one handshake probe. */
  static MetricSnapshots ofProbe(ProbeResult r, Duration elapsed) {
    List<MetricSnapshot> out = new ArrayList<>();
    out.add(
        gauge(
            PROBE_SUCCESS,
            "Whether the probe succeeded (status OPEN).",
            r.status().isOpen() ? 1 : 0));
    out.add(
        gauge(PROBE_DURATION, "How long the probe took to complete in seconds.", seconds(elapsed)));
    out.add(
        gauge(
            PROBE_DNS_LOOKUP,
            "Returns the time taken for probe dns lookup in seconds.",
            seconds(r.timings().resolve())));
    out.add(
        gauge(
            PROBE_IP_PROTOCOL,
            "Specifies whether probe ip protocol is IP4 or IP6 (0: no address was used).",
            r.address()
                .map(
                    a ->
                        a.getAddress() == null ? 0 : a.getAddress() instanceof Inet6Address ? 6 : 4)
                .orElse(0)));
    out.add(probeStatus(r.status()));
    String checker = r.target().checker();
    if (checker.equals("http") || checker.equals("https")) {
      int status = httpStatus(r.evidence().facts().get(Evidence.STATUS_LINE));
      out.add(gauge(PROBE_HTTP_STATUS_CODE, "Response HTTP status code (0: no response).", status));
      // As blackbox_exporter's: 1 only when a response came over TLS, not for a handshake that
      // failed or a connection that never opened.
      out.add(
          gauge(
              PROBE_HTTP_SSL,
              "Indicates if SSL was used for the final request.",
              checker.equals("https") && status > 0 ? 1 : 0));
    }
    r.evidence().tls().ifPresent(tls -> addTls(out, tls));
    return new MetricSnapshots(out);
  }

  /** The series of one preflight to a destination: its flows from a preflight report. */
  static MetricSnapshots ofPreflight(HostReport report, String destination, Duration elapsed) {
    List<FlowCheck> flows =
        report.flows().stream().filter(c -> c.flow().to().equals(destination)).toList();
    boolean success =
        !flows.isEmpty() && flows.stream().allMatch(c -> c.verdict() == FlowVerdict.OPEN);
    List<MetricSnapshot> out = new ArrayList<>();
    out.add(
        gauge(
            PROBE_SUCCESS,
            "Whether every flow to the target was probed and is open.",
            success ? 1 : 0));
    out.add(
        gauge(
            PROBE_DURATION,
            "How long the preflight took to complete in seconds.",
            seconds(elapsed)));
    GaugeSnapshot.Builder up =
        GaugeSnapshot.builder()
            .name(FLOW_UP)
            .help("Whether the flow was probed and is open (1), else 0.");
    StateSetSnapshot.Builder verdict =
        StateSetSnapshot.builder().name(FLOW_VERDICT).help("What is known of the flow.");
    Map<FlowVerdict, Integer> networkCounts = new EnumMap<>(FlowVerdict.class);
    for (FlowVerdict v : FlowVerdict.values()) {
      networkCounts.put(v, 0);
    }
    boolean anyNetwork = false;
    java.util.Set<String> seen = new java.util.HashSet<>();
    for (FlowCheck c : flows) {
      Flow f = c.flow();
      if (isNetwork(f)) {
        anyNetwork = true;
        networkCounts.merge(c.verdict(), 1, Integer::sum);
        continue;
      }
      if (!seen.add(f.id())) {
        continue; // flows of several rules share one connection: one series per connection
      }
      Labels labels =
          Labels.of(
              "flow", f.id(), "port", Integer.toString(f.port()), "transport", f.transport().id());
      up.dataPoint(
          GaugeDataPointSnapshot.builder()
              .labels(labels)
              .value(c.verdict() == FlowVerdict.OPEN ? 1 : 0)
              .build());
      StateSetDataPointSnapshot.Builder states = StateSetDataPointSnapshot.builder().labels(labels);
      for (FlowVerdict v : FlowVerdict.values()) {
        states.state(v.name(), v == c.verdict());
      }
      verdict.dataPoint(states.build());
    }
    out.add(up.build());
    out.add(verdict.build());
    if (anyNetwork) {
      GaugeSnapshot.Builder counts =
          GaugeSnapshot.builder()
              .name(FLOWS)
              .help(
                  "Flows to the device network by verdict (one series per verdict, never per device).");
      networkCounts.forEach(
          (v, n) ->
              counts.dataPoint(
                  GaugeDataPointSnapshot.builder()
                      .labels(Labels.of("verdict", v.name()))
                      .value(n)
                      .build()));
      out.add(counts.build());
    }
    StateSetSnapshot.Builder ops =
        StateSetSnapshot.builder()
            .name(OPERATION_STATE)
            .help(
                "The availability of each operation, from the preflight of every flow of this host.");
    for (OperationStatus op : report.operations()) {
      StateSetDataPointSnapshot.Builder states =
          StateSetDataPointSnapshot.builder().labels(Labels.of("operation", op.operation().id()));
      for (Availability a : Availability.values()) {
        states.state(a.name(), a == op.availability());
      }
      ops.dataPoint(states.build());
    }
    out.add(ops.build());
    addDevices(out, report, flows);
    return new MetricSnapshots(out);
  }

  /**
   * For flows to a swept device network: devices by probe status per flow, and devices by the
   * availability of each operation that depends on the network; one series per status, never per
   * device.
   */
  private static void addDevices(
      List<MetricSnapshot> out, HostReport report, List<FlowCheck> flows) {
    GaugeSnapshot.Builder devices =
        GaugeSnapshot.builder()
            .name(DEVICES)
            .help(
                "Devices of the network by probe status, per flow (NOT_PROBED: the deadline passed first).");
    java.util.Set<String> networks = new java.util.HashSet<>();
    java.util.Set<String> seen = new java.util.HashSet<>();
    boolean any = false;
    for (FlowCheck c : flows) {
      if (!(c.evidence() instanceof dev.wdmports.core.report.Evidence.Swept w)
          || !seen.add(c.flow().id())) {
        continue;
      }
      any = true;
      networks.add(c.flow().to());
      Flow f = c.flow();
      Map<String, Long> counts = new java.util.TreeMap<>();
      w.byStatus().forEach((k, v) -> counts.put(k.name(), v));
      if (w.devices() > w.probed()) {
        counts.put("NOT_PROBED", w.devices() - w.probed());
      }
      counts.forEach(
          (status, n) ->
              devices.dataPoint(
                  GaugeDataPointSnapshot.builder()
                      .labels(
                          Labels.of(
                              "flow",
                              f.id(),
                              "port",
                              Integer.toString(f.port()),
                              "status",
                              status,
                              "transport",
                              f.transport().id()))
                      .value(n)
                      .build()));
    }
    if (!any) {
      return;
    }
    out.add(devices.build());
    GaugeSnapshot.Builder ops =
        GaugeSnapshot.builder()
            .name(OPERATION_DEVICES)
            .help("Devices of the network by the availability of each operation on them.");
    for (DeviceBreakdown b : report.devices()) {
      if (!networks.contains(b.network())) {
        continue;
      }
      for (Availability a : Availability.values()) {
        ops.dataPoint(
            GaugeDataPointSnapshot.builder()
                .labels(Labels.of("availability", a.name(), "operation", b.operation()))
                .value(b.count(a))
                .build());
      }
    }
    out.add(ops.build());
  }

  private static void addTls(List<MetricSnapshot> out, TlsFacts tls) {
    tls.chainNotAfter()
        .ifPresent(
            t ->
                out.add(
                    gauge(
                        PROBE_SSL_EARLIEST_CERT_EXPIRY,
                        "Returns earliest SSL cert expiry in unixtime (of the certificates the peer sent).",
                        t.getEpochSecond())));
    tls.protocol()
        .ifPresent(
            p ->
                out.add(
                    GaugeSnapshot.builder()
                        .name(PROBE_TLS_VERSION_INFO)
                        .help("Returns the TLS version used or NaN when unknown")
                        .dataPoint(
                            GaugeDataPointSnapshot.builder()
                                .labels(Labels.of("version", tlsVersion(p)))
                                .value(1)
                                .build())
                        .build()));
    out.add(
        gauge(
            TLS_TRUSTED,
            "Whether the peer's chain validates against the trusted CAs.",
            tls.trusted() ? 1 : 0));
    out.add(
        gauge(
            TLS_HOSTNAME_MATCHES,
            "Whether a SAN of the leaf names the target host.",
            tls.hostnameMatches() ? 1 : 0));
  }

  /** The state set over every probe status: exactly one state is 1. */
  static StateSetSnapshot probeStatus(ProbeStatus status) {
    StateSetDataPointSnapshot.Builder b = StateSetDataPointSnapshot.builder();
    for (ProbeStatus s : ProbeStatus.values()) {
      b.state(s.name(), s == status);
    }
    return StateSetSnapshot.builder()
        .name(PROBE_STATUS)
        .help("What the probe found.")
        .dataPoint(b.build())
        .build();
  }

  /** {@code TLSv1.3} as blackbox_exporter names it, {@code TLS 1.3}. */
  static String tlsVersion(String protocol) {
    return protocol.startsWith("TLSv") ? "TLS " + protocol.substring(4) : protocol;
  }

  /** The status code of {@code HTTP/1.1 200 OK}, or 0. */
  static int httpStatus(@Nullable String statusLine) {
    if (statusLine == null) {
      return 0;
    }
    String[] parts = statusLine.trim().split(" +", 3);
    if (parts.length < 2 || !parts[0].startsWith("HTTP/")) {
      return 0;
    }
    try {
      int code = Integer.parseInt(parts[1]);
      return code >= 100 && code <= 999 ? code : 0;
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  static GaugeSnapshot gauge(String name, String help, double value) {
    return GaugeSnapshot.builder()
        .name(name)
        .help(help)
        .dataPoint(GaugeDataPointSnapshot.builder().value(value).build())
        .build();
  }

  private static double seconds(Duration d) {
    return d.toNanos() / 1e9;
  }

  private static boolean isNetwork(Flow f) {
    Optional<dev.wdmports.core.Address> a = f.toAddress();
    return a.isPresent()
        && !a.get().isDnsName()
        && a.get().cidr().map(c -> !c.isHost()).orElse(false);
  }

  static String lower(String s) {
    return s.toLowerCase(Locale.ROOT);
  }
}
