/**
 * A Prometheus multi-target exporter for wdm-ports: {@code /probe} runs one handshake probe or one
 * preflight per scrape, {@code /sd} lists a deployment's targets for Prometheus HTTP service
 * discovery, {@code /metrics} exposes the exporter's own metrics.
 */
module dev.wdmports.exporter {
  // Nullness annotations only: not needed at run time (as Guava does).
  requires static org.jspecify;
  requires transitive dev.wdmports.core;
  requires transitive dev.wdmports.probe;
  requires jdk.httpserver;
  requires com.fasterxml.jackson.databind;
  requires io.prometheus.metrics.model;
  requires io.prometheus.writer.text;
  requires org.slf4j;

  exports dev.wdmports.exporter;
}
