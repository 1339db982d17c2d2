package dev.wdmports.firewall;

import static java.util.Objects.requireNonNull;

import dev.wdmports.core.PortRange;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The settings both policy models share, with their defaults: the source name ({@code policy}), the
 * notes (none), the interface flows use (unknown) and the ephemeral source ports (1024-65535). Both
 * builders delegate to one; a built policy holds a {@link #frozen()} copy, which it never changes.
 */
final class PolicySettings {
  private String sourceName = "policy";
  private List<String> notes = new ArrayList<>();
  private Optional<String> interfaceName = Optional.empty();
  private PortRange ephemeralPorts = PortRange.between(1024, 65535);

  void sourceName(String name) {
    sourceName = requireNonNull(name, "name");
  }

  void note(String note) {
    notes.add(requireNonNull(note, "note"));
  }

  void interfaceName(String name) {
    if (name.isBlank()) {
      throw new IllegalArgumentException("interface name is blank: give e.g. eth0");
    }
    interfaceName = Optional.of(name);
  }

  void ephemeralPorts(PortRange range) {
    ephemeralPorts = requireNonNull(range, "range");
  }

  String sourceName() {
    return sourceName;
  }

  List<String> notes() {
    return notes;
  }

  Optional<String> interfaceName() {
    return interfaceName;
  }

  PortRange ephemeralPorts() {
    return ephemeralPorts;
  }

  /** Returns what an evaluation assumes of a flow under these settings. */
  EvalConfig evalConfig() {
    return new EvalConfig(ephemeralPorts, interfaceName.orElse(null));
  }

  /** Returns a copy whose notes cannot change, for a built policy. */
  PolicySettings frozen() {
    return copy(List.copyOf(notes));
  }

  /** Returns a copy a builder may change, for {@code toBuilder()}. */
  PolicySettings modifiable() {
    return copy(new ArrayList<>(notes));
  }

  private PolicySettings copy(List<String> notesOfCopy) {
    PolicySettings s = new PolicySettings();
    s.sourceName = sourceName;
    s.notes = notesOfCopy;
    s.interfaceName = interfaceName;
    s.ephemeralPorts = ephemeralPorts;
    return s;
  }
}
