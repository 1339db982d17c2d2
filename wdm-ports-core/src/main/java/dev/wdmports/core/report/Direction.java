package dev.wdmports.core.report;

/**
 * Which way a flow crosses the host whose firewall is evaluated or that probes it (a probed flow is
 * always {@code OUT}: it starts at the probing host). It moved here from {@code
 * dev.wdmports.firewall} so that a {@link FlowCheck} can carry it.
 *
 * @since 0.1.0
 */
public enum Direction {
  /** The host is the flow's destination: the connection comes in. */
  IN,
  /** The host is the flow's source: the connection goes out. */
  OUT
}
