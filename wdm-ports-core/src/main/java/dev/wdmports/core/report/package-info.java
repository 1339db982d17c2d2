/**
 * The one report model every check is rendered through: {@link dev.wdmports.core.report.FlowCheck}
 * (a flow, its direction, its verdict and the {@link dev.wdmports.core.report.Evidence} for it),
 * {@link dev.wdmports.core.report.HostReport} (flows rolled up into operations, with the one {@code
 * explain}) and {@link dev.wdmports.core.report.ReportFormat} (text, JSON, Markdown, JUnit XML).
 * The firewall check and the preflight produce a {@code HostReport}; the CLI, the examples and the
 * test kit render it.
 */
@NullMarked
package dev.wdmports.core.report;

import org.jspecify.annotations.NullMarked;
