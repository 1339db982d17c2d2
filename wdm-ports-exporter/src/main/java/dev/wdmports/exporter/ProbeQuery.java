package dev.wdmports.exporter;

import static java.util.Objects.requireNonNull;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The query of one {@code /probe} scrape: {@code module=MODULE&target=TARGET}. Parsing is bounded:
 * at most {@value #MAX_QUERY_LENGTH} characters, each parameter once, no other parameters.
 *
 * @param module the module
 * @param target {@code HOST:PORT} for a handshake module, a deployment host's name for {@code
 *     preflight}
 */
record ProbeQuery(Module module, String target) {
  /** The longest query accepted. */
  static final int MAX_QUERY_LENGTH = 1024;

  /** What a scrape runs. */
  enum Module {
    TCP,
    HTTP,
    HTTPS,
    FTP,
    VNC,
    TDS,
    TFTP,
    PREFLIGHT;

    /** The module's name in queries, e.g. {@code https}. */
    String id() {
      return name().toLowerCase(Locale.ROOT);
    }

    /** The checker of a handshake module; preflight has none. */
    boolean isHandshake() {
      return switch (this) {
        case TCP, HTTP, HTTPS, FTP, VNC, TDS, TFTP -> true;
        case PREFLIGHT -> false;
      };
    }

    static Module parse(String id) {
      for (Module m : values()) {
        if (m.id().equals(id)) {
          return m;
        }
      }
      throw new BadQueryException(
          "unknown module \"" + id + "\": use tcp, http, https, ftp, vnc, tds, tftp or preflight");
    }
  }

  ProbeQuery {
    requireNonNull(module, "module");
    requireNonNull(target, "target");
    if (target.isBlank()) {
      throw new BadQueryException("target is empty: use target=HOST:PORT, e.g. 10.0.0.5:443");
    }
  }

  /**
   * Parses a raw (still percent-encoded) query.
   *
   * @param rawQuery the query, or null when the URI has none
   * @return the query
   * @throws BadQueryException saying in one line what is wrong
   */
  static ProbeQuery parse(String rawQuery) {
    if (rawQuery == null || rawQuery.isEmpty()) {
      throw new BadQueryException("missing query: use /probe?module=MODULE&target=TARGET");
    }
    if (rawQuery.length() > MAX_QUERY_LENGTH) {
      throw new BadQueryException(
          "query is longer than " + MAX_QUERY_LENGTH + " characters: probe one target a scrape");
    }
    Map<String, String> params = new LinkedHashMap<>();
    for (String pair : rawQuery.split("&", -1)) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String name = decode(eq < 0 ? pair : pair.substring(0, eq));
      String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
      if (!name.equals("module") && !name.equals("target")) {
        throw new BadQueryException(
            "unknown parameter \"" + Text.printable(name) + "\": use module and target");
      }
      if (params.put(name, value) != null) {
        throw new BadQueryException("parameter " + name + " is given twice");
      }
    }
    String module = params.get("module");
    String target = params.get("target");
    if (module == null) {
      throw new BadQueryException(
          "missing parameter module: add module=MODULE (tcp, http, https, ftp, vnc, tds, tftp or"
              + " preflight)");
    }
    if (target == null) {
      throw new BadQueryException(
          "missing parameter target: add target=HOST:PORT (for module=preflight, a deployment"
              + " host or device network)");
    }
    return new ProbeQuery(Module.parse(module.trim()), target.trim());
  }

  private static String decode(String s) {
    try {
      return URLDecoder.decode(s, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw new BadQueryException("malformed percent-encoding in the query: write % as %25");
    }
  }

  /** A query the exporter refuses with HTTP 400 and this one-line message. */
  static final class BadQueryException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    BadQueryException(String message) {
      super(Text.printable(message), null, false, false);
    }
  }
}
