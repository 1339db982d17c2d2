package dev.wdmports.core;

import static java.util.Objects.requireNonNull;

import dev.wdmports.core.internal.EnumIds;
import java.util.List;

/**
 * A WDM operation, such as Reboot, and what it needs from the network.
 *
 * <pre>{@code
 * Operation shadow = new Operation("remote-shadow", "Remote Shadow", Operation.Kind.CONSOLE,
 *     "Shadow a device with the VNC viewer.",
 *     List.of(new Requirement.AllFlowsOf("gui-to-web-agent-vnc")),
 *     Provenance.seed("Table 4: GUI, VNC, 5800 / 5900"));
 * }</pre>
 *
 * @param id kebab-case id, unique in a catalog
 * @param name display name
 * @param kind push, console or pull
 * @param description one sentence; may be empty
 * @param requires what the operation needs, all of it; not empty
 * @param provenance where the requirements come from
 * @since 0.1.0
 */
public record Operation(
    String id,
    String name,
    Kind kind,
    String description,
    List<Requirement> requires,
    Provenance provenance) {

  /**
   * The kinds of operation.
   *
   * @since 0.1.0
   */
  public enum Kind {
    /** Initiated by WDM and sent to devices (the seed's "push operations"). */
    PUSH,
    /** Done by an administrator at the console. */
    CONSOLE,
    /** Initiated by the device agent. */
    PULL;

    /**
     * Returns the lower-case name used in files.
     *
     * @return {@code push}, {@code console} or {@code pull}
     */
    public String id() {
      return EnumIds.id(this);
    }

    /**
     * Parses a kind.
     *
     * @param text {@code push}, {@code console} or {@code pull}
     * @return the kind
     * @throws InvalidInputException if the text is none of them
     */
    public static Kind parse(String text) {
      return EnumIds.parse(Kind.class, text, "operation kind");
    }
  }

  /**
   * Validates the operation.
   *
   * @throws IllegalArgumentException if the id is invalid, the name blank or nothing is required
   */
  public Operation {
    Ids.check("operation", id);
    requireNonNull(name, "name");
    requireNonNull(kind, "kind");
    requireNonNull(description, "description");
    requireNonNull(provenance, "provenance");
    requires = List.copyOf(requireNonNull(requires, "requires"));
    if (name.isBlank()) {
      throw new IllegalArgumentException(
          "operation " + id + " has a blank name: give a display name");
    }
    if (requires.isEmpty()) {
      throw new IllegalArgumentException(
          "operation " + id + " requires nothing: list the rules it needs under requires");
    }
  }

  /**
   * Returns the ids of every rule the operation refers to, without repeats.
   *
   * @return rule ids, in order of first mention
   */
  public List<String> ruleIds() {
    return requires.stream().flatMap(r -> r.ruleIds().stream()).distinct().toList();
  }
}
