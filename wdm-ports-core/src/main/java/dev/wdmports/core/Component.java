package dev.wdmports.core;

import static java.util.Objects.requireNonNull;

/**
 * A WDM software component, such as the GUI, the Web Service or the Web Agent.
 *
 * <pre>{@code
 * Component gui = new Component("gui", "GUI", "The WDM administrator console.");
 * }</pre>
 *
 * @param id kebab-case id, e.g. {@code web-service}
 * @param name display name, e.g. {@code Web Service}
 * @param description one sentence; may be empty
 * @since 0.1.0
 */
public record Component(String id, String name, String description) {
  /**
   * Validates the component.
   *
   * @throws IllegalArgumentException if the id is not kebab-case or the name is blank
   */
  public Component {
    Ids.check("component", id);
    requireNonNull(name, "name");
    requireNonNull(description, "description");
    if (name.isBlank()) {
      throw new IllegalArgumentException(
          "component " + id + " has a blank name: give a display name");
    }
  }
}
