package dev.wdmports.firewall;

/** Which way a flow crosses the host whose firewall is evaluated. */
public enum Direction {
  /** The host is the flow's destination: the connection comes in. */
  IN,
  /** The host is the flow's source: the connection goes out. */
  OUT
}
