package dev.wdmports.probe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wdmports.probe.spi.HandshakeChecker;
import java.io.InputStream;
import java.lang.module.ModuleDescriptor;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Tests run on the class path, where ServiceLoader reads META-INF/services; module-path users get
 * the checkers from {@code provides} in module-info. Both lists must name the same classes, and
 * only the API packages may be exported.
 */
class ModuleDescriptorTest {
  static ModuleDescriptor descriptor() throws Exception {
    Path classes =
        Path.of(HandshakeChecker.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    try (InputStream in = Files.newInputStream(classes.resolve("module-info.class"))) {
      return ModuleDescriptor.read(in);
    }
  }

  static List<String> servicesFile() throws Exception {
    Path classes =
        Path.of(HandshakeChecker.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    Path file = classes.resolve("META-INF/services/" + HandshakeChecker.class.getName());
    return Files.readAllLines(file, StandardCharsets.UTF_8).stream()
        .map(String::trim)
        .filter(l -> !l.isEmpty() && !l.startsWith("#"))
        .toList();
  }

  @Test
  void moduleInfo_providesTheSameCheckers_asMetaInfServices() throws Exception {
    ModuleDescriptor d = descriptor();
    List<String> provided =
        d.provides().stream()
            .filter(p -> p.service().equals(HandshakeChecker.class.getName()))
            .flatMap(p -> p.providers().stream())
            .toList();
    assertThat(provided).hasSize(7).containsExactlyInAnyOrderElementsOf(servicesFile());
    assertThat(d.uses()).contains(HandshakeChecker.class.getName());
  }

  @Test
  void moduleInfo_exportsOnlyTheApiPackages() throws Exception {
    ModuleDescriptor d = descriptor();
    Set<String> exported =
        d.exports().stream().map(ModuleDescriptor.Exports::source).collect(Collectors.toSet());
    assertThat(exported).containsExactlyInAnyOrder("dev.wdmports.probe", "dev.wdmports.probe.spi");
    assertThat(d.packages()).contains("dev.wdmports.probe.internal");
    assertThat(d.requires().stream().map(ModuleDescriptor.Requires::name))
        .contains("dev.wdmports.core", "org.slf4j");
  }

  /**
   * Boots the module on the module path in its own layer (core and its dependencies beside it) and
   * discovers the checkers through {@code provides}, as a module-path user would.
   */
  @Test
  void modulePath_discoversEveryBuiltInChecker_throughProvides() throws Exception {
    Path classes =
        Path.of(HandshakeChecker.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    List<Path> path = new java.util.ArrayList<>();
    path.add(classes);
    for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
      Path p = Path.of(entry);
      // only the jars the probe module needs at run time: core and what core requires
      String name = p.getFileName().toString();
      if (name.startsWith("wdm-ports-core")
          || (name.endsWith(".jar")
              && (name.startsWith("guava-3")
                  || name.startsWith("failureaccess")
                  || name.startsWith("jspecify")
                  || name.startsWith("jackson-")
                  || name.startsWith("snakeyaml")
                  || name.startsWith("slf4j-api")))) {
        path.add(p);
      } else if (p.endsWith("wdm-ports-core/target/classes")) {
        path.add(p);
      }
    }
    java.lang.module.ModuleFinder finder =
        java.lang.module.ModuleFinder.of(path.toArray(Path[]::new));
    ModuleLayer boot = ModuleLayer.boot();
    java.lang.module.Configuration cf =
        boot.configuration()
            .resolve(finder, java.lang.module.ModuleFinder.of(), Set.of("dev.wdmports.probe"));
    ModuleLayer layer = boot.defineModulesWithOneLoader(cf, ClassLoader.getPlatformClassLoader());
    ClassLoader loader = layer.findLoader("dev.wdmports.probe");
    Class<?> service = loader.loadClass(HandshakeChecker.class.getName());
    assertThat(service).isNotSameAs(HandshakeChecker.class);
    List<String> ids = new java.util.ArrayList<>();
    for (Object checker : java.util.ServiceLoader.load(layer, service)) {
      ids.add((String) service.getMethod("id").invoke(checker));
    }
    assertThat(ids).containsExactlyInAnyOrder("tcp", "http", "https", "ftp", "vnc", "tds", "tftp");
  }
}
