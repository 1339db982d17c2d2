package dev.wdmports.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Type;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarFile;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The public API of every published module, as a signature file under {@code api/} that a change to
 * the API shows in a diff, the way OkHttp and Kotlin libraries keep theirs: each public or
 * protected type of an exported package (not the qualified exports), with its supertypes, the
 * subtypes a sealed type permits, and its public and protected constructors, methods and fields,
 * read from the compiled classes. The test fails when the compiled API and the file differ; after a
 * deliberate change, regenerate the files and review them with the change:
 *
 * <pre>
 * ./mvnw -B -pl wdm-ports-examples -am test -Dtest=ApiSignatureTest \
 *     -Dsurefire.failIfNoSpecifiedTests=false -Dwdmports.api.update=true
 * </pre>
 */
class ApiSignatureTest {
  /** Each published module and one of its classes, to find where its classes are. */
  static final Map<String, Class<?>> MODULES = new LinkedHashMap<>();

  static {
    MODULES.put("wdm-ports-core", dev.wdmports.core.Flow.class);
    MODULES.put("wdm-ports-firewall", dev.wdmports.firewall.FirewallPolicy.class);
    MODULES.put("wdm-ports-probe", dev.wdmports.probe.Prober.class);
    MODULES.put("wdm-ports-exporter", dev.wdmports.exporter.Exporter.class);
    MODULES.put("wdm-ports-peers", dev.wdmports.peers.LocalPeers.class);
    MODULES.put("wdm-ports-test", dev.wdmports.test.WdmAssertions.class);
    MODULES.put("wdm-ports-cli", dev.wdmports.cli.WdmPortsCli.class);
  }

  private static final boolean UPDATE = Boolean.getBoolean("wdmports.api.update");

  @Test
  void publicApiOfEveryPublishedModule_isTheCheckedInSignatureFile() throws Exception {
    Path dir = Path.of("..", "api").toAbsolutePath().normalize();
    List<String> changed = new ArrayList<>();
    for (Map.Entry<String, Class<?>> m : MODULES.entrySet()) {
      String actual = signatures(m.getValue());
      Path file = dir.resolve(m.getKey() + ".api");
      String expected = Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
      if (!actual.equals(expected)) {
        if (UPDATE) {
          Files.createDirectories(dir);
          Files.writeString(file, actual, StandardCharsets.UTF_8);
        } else {
          changed.add(m.getKey() + " (" + firstDifference(expected, actual) + ")");
        }
      }
    }
    assertThat(changed)
        .as(
            "the public API changed in %s; if that is meant, regenerate api/*.api with"
                + " -Dwdmports.api.update=true (see this test's Javadoc) and review the diff",
            changed)
        .isEmpty();
  }

  @Test
  void signatures_listTypesOfExportedPackagesOnly_andNoInternals() throws Exception {
    String core = signatures(dev.wdmports.core.Flow.class);
    assertThat(core)
        .contains("public final record dev.wdmports.core.Flow")
        .contains("  public static dev.wdmports.core.Flow parse(java.lang.String)\n")
        .contains("public abstract sealed interface dev.wdmports.core.report.Evidence permits")
        .doesNotContain("dev.wdmports.core.internal.");
    assertThat(signatures(dev.wdmports.probe.Prober.class))
        .contains("public final class dev.wdmports.probe.Prober")
        .doesNotContain("class dev.wdmports.probe.internal.")
        .doesNotContain("class dev.wdmports.probe.Aggregator");
  }

  /** The signature file of the module that holds a class. */
  static String signatures(Class<?> anchor) throws IOException, URISyntaxException {
    StringBuilder sb = new StringBuilder("# module ").append(module(anchor).name()).append('\n');
    for (Class<?> c : apiTypes(anchor)) {
      sb.append('\n').append(type(c));
    }
    return sb.toString();
  }

  /**
   * The public and protected types of the unqualified exported packages of the module that holds a
   * class, by binary name: the types the signature file lists.
   */
  static List<Class<?>> apiTypes(Class<?> anchor) throws IOException, URISyntaxException {
    Path where = location(anchor);
    Set<String> exported =
        module(anchor).exports().stream()
            .filter(e -> !e.isQualified())
            .map(ModuleDescriptor.Exports::source)
            .collect(Collectors.toSet());
    List<Class<?>> types = new ArrayList<>();
    for (String name : classNames(where)) {
      int dot = name.lastIndexOf('.');
      if (!exported.contains(name.substring(0, dot))) {
        continue;
      }
      Class<?> c;
      try {
        c = Class.forName(name, false, anchor.getClassLoader());
      } catch (ClassNotFoundException e) {
        throw new IllegalStateException("cannot load " + name, e);
      }
      if (visible(c)) {
        types.add(c);
      }
    }
    return types;
  }

  private static Path location(Class<?> anchor) throws URISyntaxException {
    return Path.of(anchor.getProtectionDomain().getCodeSource().getLocation().toURI());
  }

  private static ModuleDescriptor module(Class<?> anchor) throws URISyntaxException {
    return ModuleFinder.of(location(anchor)).findAll().iterator().next().descriptor();
  }

  /** Public or protected, and so is every type it is nested in. */
  private static boolean visible(Class<?> c) {
    for (Class<?> x = c; x != null; x = x.getDeclaringClass()) {
      int m = x.getModifiers();
      if (!Modifier.isPublic(m) && !Modifier.isProtected(m)) {
        return false;
      }
      if (x.isAnonymousClass() || x.isLocalClass() || x.isSynthetic()) {
        return false;
      }
    }
    return true;
  }

  private static String type(Class<?> c) {
    StringBuilder head = new StringBuilder();
    int mods = c.getModifiers() & ~Modifier.INTERFACE & ~Modifier.SYNCHRONIZED;
    String m = Modifier.toString(mods);
    head.append(m.isEmpty() ? "" : m + " ");
    if (c.isSealed()) {
      head.append("sealed ");
    }
    head.append(
        c.isAnnotation()
            ? "@interface "
            : c.isInterface()
                ? "interface "
                : c.isEnum() ? "enum " : c.isRecord() ? "record " : "class ");
    head.append(c.getName());
    Type sup = c.getGenericSuperclass();
    if (sup != null
        && sup != Object.class
        && sup != Record.class
        && !(c.isEnum() && c.getSuperclass() == Enum.class)) {
      head.append(" extends ").append(sup.getTypeName());
    }
    Type[] ifaces = c.getGenericInterfaces();
    if (ifaces.length > 0) {
      head.append(c.isInterface() ? " extends " : " implements ")
          .append(Arrays.stream(ifaces).map(Type::getTypeName).collect(Collectors.joining(", ")));
    }
    if (c.isSealed()) {
      head.append(" permits ")
          .append(
              Arrays.stream(c.getPermittedSubclasses())
                  .map(Class::getName)
                  .sorted()
                  .collect(Collectors.joining(", ")));
    }
    Set<String> members = new TreeSet<>();
    // A member's text names its class before its name: said once, in the type's line.
    String owner = c.getTypeName() + ".";
    for (Field f : c.getDeclaredFields()) {
      if (!f.isSynthetic() && api(f.getModifiers())) {
        members.add(f.toGenericString().replace(owner, ""));
      }
    }
    for (Constructor<?> k : c.getDeclaredConstructors()) {
      if (!k.isSynthetic() && api(k.getModifiers())) {
        members.add(k.toGenericString());
      }
    }
    for (Method x : c.getDeclaredMethods()) {
      if (!x.isSynthetic() && !x.isBridge() && api(x.getModifiers())) {
        // synchronized is how, not what: not part of the API
        members.add(x.toGenericString().replace(owner, "").replace("synchronized ", ""));
      }
    }
    StringBuilder sb = new StringBuilder(head).append('\n');
    members.forEach(s -> sb.append("  ").append(s).append('\n'));
    return sb.toString();
  }

  private static boolean api(int modifiers) {
    return Modifier.isPublic(modifiers) || Modifier.isProtected(modifiers);
  }

  /** The binary names of the classes in a directory or jar, sorted. */
  private static List<String> classNames(Path where) throws IOException {
    List<String> entries = new ArrayList<>();
    if (Files.isDirectory(where)) {
      try (Stream<Path> files = Files.walk(where)) {
        files
            .filter(p -> p.toString().endsWith(".class"))
            .forEach(p -> entries.add(where.relativize(p).toString().replace('\\', '/')));
      }
    } else {
      try (JarFile jar = new JarFile(where.toFile())) {
        jar.stream()
            .map(java.util.zip.ZipEntry::getName)
            .filter(n -> n.endsWith(".class"))
            .forEach(entries::add);
      }
    }
    return entries.stream()
        .filter(n -> !n.endsWith("module-info.class") && !n.endsWith("package-info.class"))
        .filter(n -> !n.startsWith("META-INF/"))
        .map(n -> n.substring(0, n.length() - ".class".length()).replace('/', '.'))
        .sorted()
        .toList();
  }

  /** Where two texts part: the first line that differs. */
  private static String firstDifference(String expected, String actual) {
    List<String> e = expected.lines().toList();
    List<String> a = actual.lines().toList();
    for (int i = 0; i < Math.max(e.size(), a.size()); i++) {
      String x = i < e.size() ? e.get(i) : "<end>";
      String y = i < a.size() ? a.get(i) : "<end>";
      if (!x.equals(y)) {
        return "line " + (i + 1) + ": file has \"" + x + "\", the classes have \"" + y + "\"";
      }
    }
    return "they differ";
  }
}
