package dev.wdmports.firewall;

import static java.util.Objects.requireNonNull;

import dev.wdmports.core.Transport;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * One firewall rule: what it matches and what it does, with the text and line it was read from.
 *
 * <pre>{@code
 * Rule ssh = Rule.builder()
 *     .transports(Transport.TCP)
 *     .source(AddressMatch.of(Cidr.parse("10.0.0.0/8")))
 *     .destinationPorts(PortMatch.of(PortSet.of(22)))
 *     .action(Action.ACCEPT)
 *     .text("-A INPUT -s 10.0.0.0/8 -p tcp --dport 22 -j ACCEPT")
 *     .line(7)
 *     .build();
 * }</pre>
 *
 * <p>A rule is made of its {@link #match() match}, its {@link #action() action} (with the target
 * chain of a jump) and its {@link #origin() origin}; the accessors {@link #transports()}, {@link
 * #source()}, ..., {@link #text()}, {@link #line()} read through to them. It is the same in both
 * models: a {@link Chain} orders rules, a {@link FlatRule} adds the direction, Windows profiles and
 * enabled flag that only a {@link RulePolicy} has.
 *
 * @param match what the rule matches
 * @param action what the rule does
 * @param origin the text, line, label and comment the rule was read with
 * @since 0.1.0
 */
public record Rule(Match match, Action action, Origin origin) {

  /**
   * Validates the rule.
   *
   * @throws NullPointerException if a part is null
   */
  public Rule {
    requireNonNull(match, "match");
    requireNonNull(action, "action");
    requireNonNull(origin, "origin");
  }

  /**
   * Returns the transports matched.
   *
   * @return the transports matched ({@link Match#transports()})
   */
  public Set<Transport> transports() {
    return match.transports();
  }

  /**
   * Returns the source address match.
   *
   * @return the source address match ({@link Match#source()})
   */
  public AddressMatch source() {
    return match.source();
  }

  /**
   * Returns the destination address match.
   *
   * @return the destination address match ({@link Match#destination()})
   */
  public AddressMatch destination() {
    return match.destination();
  }

  /**
   * Returns the source port match.
   *
   * @return the source port match ({@link Match#sourcePorts()})
   */
  public PortMatch sourcePorts() {
    return match.sourcePorts();
  }

  /**
   * Returns the destination port match.
   *
   * @return the destination port match ({@link Match#destinationPorts()})
   */
  public PortMatch destinationPorts() {
    return match.destinationPorts();
  }

  /**
   * Returns the arriving interface match.
   *
   * @return the arriving interface match ({@link Match#inInterface()})
   */
  public Optional<InterfaceMatch> inInterface() {
    return match.inInterface();
  }

  /**
   * Returns the leaving interface match.
   *
   * @return the leaving interface match ({@link Match#outInterface()})
   */
  public Optional<InterfaceMatch> outInterface() {
    return match.outInterface();
  }

  /**
   * Returns the connection-state match.
   *
   * @return the connection-state match ({@link Match#state()})
   */
  public Optional<StateMatch> state() {
    return match.state();
  }

  /**
   * Returns the constructs not understood.
   *
   * @return the constructs not understood ({@link Match#unknown()})
   */
  public List<UnknownMatch> unknown() {
    return match.unknown();
  }

  /**
   * Returns the rule as written.
   *
   * @return the rule as written ({@link Origin#text()})
   */
  public String text() {
    return origin.text();
  }

  /**
   * Returns the 1-based source line, 0 when unknown.
   *
   * @return the 1-based source line, 0 when unknown ({@link Origin#line()})
   */
  public int line() {
    return origin.line();
  }

  /**
   * Returns the label.
   *
   * @return the label ({@link Origin#label()})
   */
  public Optional<String> label() {
    return origin.label();
  }

  /**
   * Returns the comment.
   *
   * @return the comment ({@link Origin#comment()})
   */
  public Optional<String> comment() {
    return origin.comment();
  }

  /**
   * Returns a builder of a rule that matches everything and continues.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Returns a builder holding this rule's values.
   *
   * @return a new builder
   */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.transports = EnumSet.noneOf(Transport.class);
    b.transports.addAll(match.transports());
    b.source = match.source();
    b.destination = match.destination();
    b.sourcePorts = match.sourcePorts();
    b.destinationPorts = match.destinationPorts();
    b.inInterface = match.inInterface();
    b.outInterface = match.outInterface();
    b.state = match.state();
    b.unknown = new ArrayList<>(match.unknown());
    b.action = action;
    b.text = origin.text();
    b.line = origin.line();
    b.label = origin.label();
    b.comment = origin.comment();
    return b;
  }

  /**
   * Describes where the rule is, for messages: {@code line 12}, or the label when there is no line,
   * or both.
   *
   * @return the location
   */
  public String location() {
    return origin.location();
  }

  /**
   * Builds a {@link Rule}; every match defaults to "any", the action to {@code CONTINUE}.
   *
   * @since 0.1.0
   */
  public static final class Builder {
    private EnumSet<Transport> transports = EnumSet.allOf(Transport.class);
    private AddressMatch source = AddressMatch.any();
    private AddressMatch destination = AddressMatch.any();
    private PortMatch sourcePorts = PortMatch.any();
    private PortMatch destinationPorts = PortMatch.any();
    private Optional<InterfaceMatch> inInterface = Optional.empty();
    private Optional<InterfaceMatch> outInterface = Optional.empty();
    private Optional<StateMatch> state = Optional.empty();
    private List<UnknownMatch> unknown = new ArrayList<>();
    private Action action = Action.CONTINUE;
    private String text = "";
    private int line;
    private Optional<String> label = Optional.empty();
    private Optional<String> comment = Optional.empty();

    private Builder() {}

    /**
     * Sets the transports matched (default both).
     *
     * @param values the transports; none for a non-TCP/UDP protocol
     * @return this builder
     */
    public Builder transports(Transport... values) {
      transports = EnumSet.noneOf(Transport.class);
      transports.addAll(List.of(values));
      return this;
    }

    /**
     * Sets the transports matched (default both).
     *
     * @param values the transports; empty for a non-TCP/UDP protocol
     * @return this builder
     */
    public Builder transports(Set<Transport> values) {
      transports = EnumSet.noneOf(Transport.class);
      transports.addAll(values);
      return this;
    }

    /**
     * Sets the source address match (default any).
     *
     * @param value the match
     * @return this builder
     */
    public Builder source(AddressMatch value) {
      source = requireNonNull(value, "source");
      return this;
    }

    /**
     * Sets the destination address match (default any).
     *
     * @param value the match
     * @return this builder
     */
    public Builder destination(AddressMatch value) {
      destination = requireNonNull(value, "destination");
      return this;
    }

    /**
     * Sets the source port match (default any).
     *
     * @param value the match
     * @return this builder
     */
    public Builder sourcePorts(PortMatch value) {
      sourcePorts = requireNonNull(value, "sourcePorts");
      return this;
    }

    /**
     * Sets the destination port match (default any).
     *
     * @param value the match
     * @return this builder
     */
    public Builder destinationPorts(PortMatch value) {
      destinationPorts = requireNonNull(value, "destinationPorts");
      return this;
    }

    /**
     * Sets the arriving interface match (default none).
     *
     * @param value the match
     * @return this builder
     */
    public Builder inInterface(InterfaceMatch value) {
      inInterface = Optional.of(value);
      return this;
    }

    /**
     * Sets the leaving interface match (default none).
     *
     * @param value the match
     * @return this builder
     */
    public Builder outInterface(InterfaceMatch value) {
      outInterface = Optional.of(value);
      return this;
    }

    /**
     * Sets the connection-state match (default none).
     *
     * @param value the match
     * @return this builder
     */
    public Builder state(StateMatch value) {
      state = Optional.of(value);
      return this;
    }

    /**
     * Adds a construct the model does not understand.
     *
     * @param text the construct as written
     * @return this builder
     */
    public Builder addUnknown(String text) {
      unknown.add(new UnknownMatch(text));
      return this;
    }

    /**
     * Adds a condition the model does not understand, one that only decides whether the rule
     * matches (an unresolved set lookup, an unknown match module): a flow that ends the same way
     * whether the rule matches or not is decided.
     *
     * @param text the construct as written
     * @return this builder
     */
    public Builder addUnknownCondition(String text) {
      unknown.add(new UnknownMatch(text, true));
      return this;
    }

    /**
     * Sets the action (default {@code CONTINUE}).
     *
     * @param value the action, e.g. {@link Action#ACCEPT} or {@link Action#jump(String)}
     * @return this builder
     */
    public Builder action(Action value) {
      action = requireNonNull(value, "action");
      return this;
    }

    /**
     * Sets the source text (default empty).
     *
     * @param value the rule as written
     * @return this builder
     */
    public Builder text(String value) {
      text = requireNonNull(value, "text");
      return this;
    }

    /**
     * Sets the source line (default 0, unknown).
     *
     * @param value the 1-based line
     * @return this builder
     */
    public Builder line(int value) {
      line = value;
      return this;
    }

    /**
     * Sets the label (default none).
     *
     * @param value e.g. {@code chain input handle 4}
     * @return this builder
     */
    public Builder label(String value) {
      label = Optional.of(value);
      return this;
    }

    /**
     * Sets the comment (default none).
     *
     * @param value the comment
     * @return this builder
     */
    public Builder comment(String value) {
      comment = Optional.of(value);
      return this;
    }

    /**
     * Builds the rule.
     *
     * @return the rule
     * @throws IllegalArgumentException as {@link Origin#Origin} does
     */
    public Rule build() {
      return new Rule(
          new Match(
              transports,
              source,
              destination,
              sourcePorts,
              destinationPorts,
              inInterface,
              outInterface,
              state,
              unknown),
          action,
          new Origin(text, line, label, comment));
    }
  }
}
