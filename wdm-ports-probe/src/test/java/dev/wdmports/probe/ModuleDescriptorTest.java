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
}
