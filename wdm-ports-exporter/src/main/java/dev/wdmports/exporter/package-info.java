/**
 * The Prometheus exporter: {@link dev.wdmports.exporter.Exporter}, built with a builder and run
 * until closed.
 */
@NullMarked
package dev.wdmports.exporter;

import org.jspecify.annotations.NullMarked;
