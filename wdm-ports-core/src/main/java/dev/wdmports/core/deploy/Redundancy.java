package dev.wdmports.core.deploy;

import dev.wdmports.core.InvalidInputException;
import dev.wdmports.core.internal.EnumIds;

/**
 * How the hosts that run the same component serve their peers: {@link #EVERY} (the default), every
 * host must be reachable; {@link #ANY}, the hosts are redundant and any one reachable suffices.
 *
 * <pre>{@code
 * # deployment.yaml
 * redundancy: {web-service: any}   # two Web Service hosts behind a load balancer or DNS
 * }</pre>
 *
 * @since 0.1.0
 */
public enum Redundancy {
  /** Every host that runs the component is needed: one flow per pair of hosts (the default). */
  EVERY,
  /** The hosts that run the component are alternatives: any one reachable suffices. */
  ANY;

  /**
   * Returns the id used in files: {@code every} or {@code any}.
   *
   * @return the id
   */
  public String id() {
    return EnumIds.id(this);
  }

  /**
   * Parses an id.
   *
   * @param text {@code every} or {@code any}, in any case
   * @return the redundancy
   * @throws InvalidInputException naming the accepted ids
   */
  public static Redundancy parse(String text) {
    return EnumIds.parse(Redundancy.class, text, "redundancy", EVERY);
  }
}
