package dev.wdmports.firewall;

import dev.wdmports.core.report.Direction;

/**
 * Where a base chain is attached in the packet path. Inbound flows traverse {@code INGRESS}, {@code
 * PREROUTING} then {@code INPUT} base chains; outbound flows {@code OUTPUT}, {@code POSTROUTING}
 * then {@code EGRESS}; {@code FORWARD} chains never see a flow to or from the host itself.
 *
 * @since 0.1.0
 */
public enum Hook {
  /**
   * nftables {@code netdev} (or {@code inet}) ingress: every packet arriving on the chain's
   * devices, before the IP stack and before {@code PREROUTING}.
   */
  INGRESS,
  /** Before routing, for every arriving packet. */
  PREROUTING,
  /** Packets for this host. */
  INPUT,
  /** Packets routed through this host. */
  FORWARD,
  /** Packets this host sends. */
  OUTPUT,
  /** After routing, for every leaving packet. */
  POSTROUTING,
  /** nftables {@code netdev} egress: every packet leaving on the chain's devices, last. */
  EGRESS;

  /**
   * Tells whether a flow in a direction passes this hook.
   *
   * @param direction the flow's direction
   * @return true for {@code INGRESS}/{@code PREROUTING}/{@code INPUT} inbound and {@code
   *     OUTPUT}/{@code POSTROUTING}/{@code EGRESS} outbound
   */
  public boolean sees(Direction direction) {
    return direction == Direction.IN
        ? this == INGRESS || this == PREROUTING || this == INPUT
        : this == OUTPUT || this == POSTROUTING || this == EGRESS;
  }
}
