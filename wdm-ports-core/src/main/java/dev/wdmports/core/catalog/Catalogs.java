package dev.wdmports.core.catalog;

import static java.util.Objects.requireNonNull;

import dev.wdmports.core.DocumentFormat;
import dev.wdmports.core.InvalidInputException;
import dev.wdmports.core.internal.Node;
import dev.wdmports.core.internal.TreeReader;
import dev.wdmports.core.internal.Writers;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Loads, reads and writes catalogs.
 *
 * <pre>{@code
 * Catalog wdm = Catalogs.wdm();                              // the built-in WDM catalog
 * Catalog mine = Catalogs.read(Path.of("my-catalog.yaml"));  // JSON or YAML
 * String yaml = Catalogs.write(wdm, DocumentFormat.YAML);
 * }</pre>
 *
 * <p>A catalog file may start with {@code extends: wdm} to build on the built-in catalog without
 * copying it: entries with a new id are added, and an entry with an existing id is patched field by
 * field (give {@code id} and the fields to change). Files larger than {@link #MAX_BYTES} are
 * refused before they are read. Errors are {@link InvalidInputException}s whose message reads
 * {@code file:line:column: what is wrong}. All methods are thread-safe.
 *
 * @since 0.1.0
 */
public final class Catalogs {
  /** The largest catalog file read, 16 MiB: the built-in catalog is about 20 KiB. */
  public static final long MAX_BYTES = 16L << 20;

  private static final String EXPECTED = "a catalog (YAML or JSON)";
  private static final String BUILTIN = "wdm-catalog.yaml";
  private static final String BUILTIN_NAME = "wdm";

  private Catalogs() {}

  private static final class Builtin {
    static final Node TREE = load();
    static final Catalog CATALOG = CatalogCodec.read(TREE);

    private static Node load() {
      try (InputStream in = Catalogs.class.getResourceAsStream(BUILTIN)) {
        if (in == null) {
          throw new IllegalStateException(
              "the built-in catalog resource " + BUILTIN + " is missing from the jar");
        }
        String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        return new TreeReader(MAX_BYTES, EXPECTED)
            .parse(text, "builtin:" + BUILTIN, DocumentFormat.YAML);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  /**
   * Returns the built-in WDM catalog: every row of Table 4 of the WDM installation guide as
   * directed rules, plus inferred facts marked as such. Loaded once; cheap to call.
   *
   * @return the built-in catalog
   */
  public static Catalog wdm() {
    return Builtin.CATALOG;
  }

  /**
   * Reads a catalog file, JSON or YAML (by extension, else by content).
   *
   * @param file the file
   * @return the catalog
   * @throws InvalidInputException if the file is missing, a directory, unreadable, too large, not
   *     text, empty, malformed or invalid
   */
  public static Catalog read(Path file) {
    requireNonNull(file, "file");
    return resolve(new TreeReader(MAX_BYTES, EXPECTED).read(file));
  }

  /**
   * Parses a catalog held in memory.
   *
   * @param content the document, JSON or YAML
   * @param sourceName the name used in error messages, e.g. the file name
   * @return the catalog
   * @throws InvalidInputException if the content is too large, not text, empty, malformed or
   *     invalid
   */
  public static Catalog parse(String content, String sourceName) {
    requireNonNull(content, "content");
    requireNonNull(sourceName, "sourceName");
    TreeReader reader = new TreeReader(MAX_BYTES, EXPECTED);
    return resolve(reader.parse(content, sourceName, TreeReader.sniff(sourceName, content)));
  }

  private static Catalog resolve(Node root) {
    Node.Obj top = root.asObject("a catalog");
    Node ext = top.get("extends");
    if (ext == null) {
      return CatalogCodec.read(root);
    }
    String base = ext.asString("extends");
    if (!base.equals(BUILTIN_NAME)) {
      throw ext.error(
          "extends \""
              + base
              + "\" is not known: the only catalog to extend is wdm (the built-in)");
    }
    return CatalogCodec.read(CatalogCodec.merge(Builtin.TREE, root));
  }

  /**
   * Writes a catalog in the file format, which {@link #parse} reads back to an equal catalog.
   *
   * @param catalog the catalog
   * @param format JSON or YAML
   * @return the document
   */
  public static String write(Catalog catalog, DocumentFormat format) {
    requireNonNull(catalog, "catalog");
    requireNonNull(format, "format");
    var tree = CatalogCodec.write(catalog);
    return format == DocumentFormat.JSON ? Writers.json(tree) : Writers.yaml(tree);
  }
}
