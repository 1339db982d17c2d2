/**
 * The Prometheus exporter: {@link dev.wdmports.exporter.Exporter}, built with a builder and run
 * until closed.
 */
package dev.wdmports.exporter;
