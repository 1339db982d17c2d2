/**
 * The push-operation dependency graph: which operation needs which flow, what a closed port breaks,
 * and how verdicts on flows roll up into operations that are available, degraded, broken or unknown
 * ({@link dev.wdmports.core.graph.OperationStatus}), with the reason.
 *
 * <pre>{@code
 * DependencyGraph graph = DependencyGraph.of(site);
 * List<OperationStatus> broken = graph.impact(ClosedPorts.parse("wdm-server:443/tcp"));
 * }</pre>
 */
@NullMarked
package dev.wdmports.core.graph;

import org.jspecify.annotations.NullMarked;
