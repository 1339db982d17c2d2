package dev.wdmports.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Every type of the public API (the types {@link ApiSignatureTest} lists: public and protected
 * types of the exported packages of the published modules) says in its source Javadoc since which
 * release it exists ({@code @since 0.1.0}), so a type added later is seen to be new.
 */
class ApiSinceTest {

  @Test
  void everyPublicTypeOfAnExportedPackage_hasSinceInItsJavadoc() throws Exception {
    List<String> missing = new ArrayList<>();
    int checked = 0;
    for (Map.Entry<String, Class<?>> m : ApiSignatureTest.MODULES.entrySet()) {
      Path sources = Path.of("..", m.getKey(), "src", "main", "java").toAbsolutePath().normalize();
      for (Class<?> c : ApiSignatureTest.apiTypes(m.getValue())) {
        checked++;
        Path file = sourceFile(sources, c);
        Optional<String> doc = javadoc(Files.readString(file, StandardCharsets.UTF_8), c);
        if (doc.isEmpty()) {
          missing.add(c.getName() + " (no Javadoc in " + file + ")");
        } else if (!SINCE.matcher(doc.get()).find()) {
          missing.add(c.getName() + " (no @since in its Javadoc in " + file + ")");
        }
      }
    }
    assertThat(checked).as("API types checked").isGreaterThan(100);
    assertThat(missing)
        .as(
            "these public types lack '@since <version>' in their Javadoc; add it (the release"
                + " that first has the type, e.g. @since 0.1.0)")
        .isEmpty();
  }

  @Test
  void javadoc_isTheCommentBeforeTheDeclaration_pastAnnotationsAndModifiers() {
    String source =
        "/** Top. @since 1 */\n"
            + "public final class Top {\n"
            + "  /** Not this: class Held. */ int x;\n"
            + "  @Command(name = \"a)\", sub = {A.class})\n"
            + "  public static record Inner(int y) {}\n"
            + "  /** Held.\n   * @since 2\n   */\n"
            + "  @Deprecated // why\n"
            + "  protected static sealed interface Held permits X {}\n"
            + "  /** An annotation.\n   * @since 3\n   */\n"
            + "  @Documented\n"
            + "  public @interface Marker {}\n"
            + "}\n";
    assertThat(javadoc(source, "Top")).hasValue("/** Top. @since 1 */");
    assertThat(javadoc(source, "Inner")).isEmpty();
    assertThat(javadoc(source, "Top", "Inner")).isEmpty();
    assertThat(javadoc(source, "Inner", "Top")).isEmpty();
    assertThat(javadoc(source, "Held")).hasValueSatisfying(d -> assertThat(d).contains("@since 2"));
    assertThat(javadoc(source, "Top", "Marker"))
        .hasValueSatisfying(d -> assertThat(d).contains("@since 3"));
    assertThat(javadoc(source, "Absent")).isEmpty();
  }

  private static final Pattern SINCE = Pattern.compile("(?m)^\\s*\\*?\\s*@since\\s+\\S");

  private static final Pattern BETWEEN =
      Pattern.compile(
          "(?:\\s+|//[^\\n]*|@[\\w.]+|\\b(?:public|protected|private|static|final|abstract"
              + "|sealed|non-sealed|strictfp)\\b)*");

  /**
   * The source with the text of comments, strings and character literals blanked (same length), so
   * that "the record Flow" in a comment is not taken for a declaration.
   */
  private static String code(String source) {
    StringBuilder sb = new StringBuilder(source);
    int i = 0;
    while (i < sb.length()) {
      int from = i;
      if (source.startsWith("/*", i)) {
        int close = source.indexOf("*/", i + 2);
        i = close < 0 ? sb.length() : close + 2;
      } else if (source.startsWith("//", i)) {
        int eol = source.indexOf('\n', i);
        i = eol < 0 ? sb.length() : eol;
      } else if (source.charAt(i) == '"' || source.charAt(i) == '\'') {
        char quote = source.charAt(i);
        i++;
        while (i < sb.length() && source.charAt(i) != quote) {
          i += source.charAt(i) == '\\' ? 2 : 1;
        }
        i = Math.min(i + 1, sb.length());
      } else {
        i++;
        continue;
      }
      for (int k = from; k < i; k++) {
        if (sb.charAt(k) != '\n') {
          sb.setCharAt(k, ' ');
        }
      }
    }
    return sb.toString();
  }

  /** The file a type is declared in: its outermost type's. */
  private static Path sourceFile(Path sources, Class<?> c) {
    Class<?> top = c;
    while (top.getEnclosingClass() != null) {
      top = top.getEnclosingClass();
    }
    return sources.resolve(top.getName().replace('.', '/') + ".java");
  }

  private static Optional<String> javadoc(String source, Class<?> c) {
    List<String> chain = new ArrayList<>();
    for (Class<?> x = c; x != null; x = x.getEnclosingClass()) {
      chain.add(0, x.getSimpleName());
    }
    return javadoc(source, chain.toArray(String[]::new));
  }

  /**
   * The Javadoc comment of a type, named by its simple name and those of the types it is nested in
   * (outermost first): the last {@code /**} comment before its declaration, when only annotations,
   * modifiers and line comments stand between.
   */
  static Optional<String> javadoc(String source, String... simpleNames) {
    String code = code(source);
    Matcher decl = null;
    int from = 0;
    for (String name : simpleNames) {
      decl =
          Pattern.compile(
                  "(?:@\\s*interface|\\b(?:class|interface|enum|record))\\s+" + name + "\\b")
              .matcher(code);
      if (!decl.find(from)) {
        return Optional.empty();
      }
      from = decl.end();
    }
    if (decl == null) {
      return Optional.empty();
    }
    String before = source.substring(0, decl.start());
    int end = before.lastIndexOf("*/");
    int start = end < 0 ? -1 : before.lastIndexOf("/**", end);
    if (start < 0) {
      return Optional.empty();
    }
    // Annotation arguments may hold anything: drop strings, then parenthesised groups.
    String between = before.substring(end + 2).replaceAll("\"(?:\\\\.|[^\"\\\\])*\"", "\"\"");
    for (String prev = ""; !prev.equals(between); ) {
      prev = between;
      between = between.replaceAll("\\([^()]*\\)", "");
    }
    return BETWEEN.matcher(between).matches()
        ? Optional.of(before.substring(start, end + 2))
        : Optional.empty();
  }
}
