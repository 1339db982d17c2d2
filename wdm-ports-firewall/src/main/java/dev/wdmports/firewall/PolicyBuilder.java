package dev.wdmports.firewall;

import dev.wdmports.core.PortRange;

/**
 * What both policy builders set: the source name, the notes, the interface and the ephemeral ports
 * ({@link PolicySettings}). Package-private, as {@code AbstractStringBuilder} is behind {@code
 * StringBuilder}: its methods appear on {@link ChainPolicy.Builder} and {@link RulePolicy.Builder}
 * and return them.
 *
 * @param <B> the builder
 */
abstract class PolicyBuilder<B extends PolicyBuilder<B>> {
  PolicySettings settings = new PolicySettings();

  PolicyBuilder() {}

  /**
   * Returns this builder as its own type: every subclass {@code X} extends {@code
   * PolicyBuilder<X>}.
   */
  @SuppressWarnings("unchecked")
  private B self() {
    return (B) this;
  }

  /**
   * Sets the name of the input (default {@code policy}).
   *
   * @param name e.g. the file name
   * @return this builder
   */
  public B sourceName(String name) {
    settings.sourceName(name);
    return self();
  }

  /**
   * Adds a note on something skipped or assumed.
   *
   * @param note the note
   * @return this builder
   */
  public B note(String note) {
    settings.note(note);
    return self();
  }

  /**
   * Sets the interface flows use (default unknown).
   *
   * @param name the interface name
   * @return this builder
   * @throws IllegalArgumentException if the name is blank
   */
  public B interfaceName(String name) {
    settings.interfaceName(name);
    return self();
  }

  /**
   * Sets the source ports flows use (default 1024-65535).
   *
   * @param range the range
   * @return this builder
   */
  public B ephemeralPorts(PortRange range) {
    settings.ephemeralPorts(range);
    return self();
  }
}
