package dev.wdmports.core.firewall;

/**
 * Where a base chain is attached in the packet path. Inbound flows traverse {@code PREROUTING} then
 * {@code INPUT} base chains; outbound flows {@code OUTPUT} then {@code POSTROUTING}; {@code
 * FORWARD} chains never see a flow to or from the host itself.
 */
public enum Hook {
  /** Before routing, for every arriving packet. */
  PREROUTING,
  /** Packets for this host. */
  INPUT,
  /** Packets routed through this host. */
  FORWARD,
  /** Packets this host sends. */
  OUTPUT,
  /** After routing, for every leaving packet. */
  POSTROUTING;

  /**
   * Tells whether a flow in a direction passes this hook.
   *
   * @param direction the flow's direction
   * @return true for {@code PREROUTING}/{@code INPUT} inbound and {@code OUTPUT}/{@code
   *     POSTROUTING} outbound
   */
  public boolean sees(Direction direction) {
    return direction == Direction.IN
        ? this == PREROUTING || this == INPUT
        : this == OUTPUT || this == POSTROUTING;
  }
}
