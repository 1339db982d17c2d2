package dev.wdmports.core;

import static java.util.Objects.requireNonNull;

import dev.wdmports.core.internal.EnumIds;

/**
 * Where a fact of the catalog comes from.
 *
 * <pre>{@code
 * Provenance p = Provenance.seed("Table 4: GUI, HTTP, 80/280");
 * }</pre>
 *
 * @param kind the kind of source
 * @param evidence what supports the fact: a table row, a document, an exploit module; may be empty
 *     only for {@link Kind#USER}
 * @since 0.1.0
 */
public record Provenance(Kind kind, String evidence) {
  /**
   * The kinds of source, from most to least authoritative.
   *
   * @since 0.1.0
   */
  public enum Kind {
    /** The WDM installation guide's communication-port page, the project's seed document. */
    SEED,
    /** Public evidence beyond the seed; the evidence names it. */
    INFERRED,
    /** Given by the user of the SDK in their own catalog. */
    USER;

    /**
     * Returns the lower-case name used in files ({@code seed}, {@code inferred}, {@code user}).
     *
     * @return the id
     */
    public String id() {
      return EnumIds.id(this);
    }

    /**
     * Parses a kind.
     *
     * @param text {@code seed}, {@code inferred} or {@code user}
     * @return the kind
     * @throws InvalidInputException if the text is none of them
     */
    public static Kind parse(String text) {
      return EnumIds.parse(Kind.class, text, "provenance kind");
    }
  }

  /**
   * Validates the provenance.
   *
   * @throws IllegalArgumentException if a seed or inferred fact has no evidence
   */
  public Provenance {
    requireNonNull(kind, "kind");
    requireNonNull(evidence, "evidence");
    if (kind != Kind.USER && evidence.isBlank()) {
      throw new IllegalArgumentException(
          "provenance "
              + kind.id()
              + " needs evidence: say which document or table row supports it");
    }
  }

  /**
   * A fact from the seed document.
   *
   * @param evidence the table row or sentence
   * @return the provenance
   */
  public static Provenance seed(String evidence) {
    return new Provenance(Kind.SEED, evidence);
  }

  /**
   * A fact inferred from public evidence.
   *
   * @param evidence the evidence
   * @return the provenance
   */
  public static Provenance inferred(String evidence) {
    return new Provenance(Kind.INFERRED, evidence);
  }

  /**
   * A fact given by the user.
   *
   * @return the provenance, without evidence
   */
  public static Provenance user() {
    return new Provenance(Kind.USER, "");
  }
}
