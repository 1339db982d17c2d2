package dev.wdmports.examples;

import static com.tngtech.archunit.base.DescribedPredicate.alwaysTrue;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Keeps the dependencies between modules and packages that {@code docs/architecture.md} draws. The
 * classes come from the class path (this module depends on every library module), so the rules see
 * the compiled main code of core, firewall, probe, peers, the test kit, the CLI and the examples.
 */
class ArchitectureTest {
  /** Each module's root package; the module holds it and every package below it. */
  private static final Map<String, String> MODULES =
      Map.of(
          "core", "dev.wdmports.core..",
          "firewall", "dev.wdmports.firewall..",
          "probe", "dev.wdmports.probe..",
          "exporter", "dev.wdmports.exporter..",
          "peers", "dev.wdmports.peers..",
          "test kit", "dev.wdmports.test..",
          "cli", "dev.wdmports.cli..",
          "examples", "dev.wdmports.examples..");

  private static JavaClasses classes;

  @BeforeAll
  static void importMainClasses() {
    classes =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.wdmports");
  }

  @Test
  void everyModuleIsOnTheClassPath_soNoRuleHoldsVacuously() {
    MODULES.forEach(
        (module, pkg) ->
            assertThat(classes.stream().filter(c -> packageOf(pkg).test(c.getPackageName())))
                .as("main classes of %s (%s)", module, pkg)
                .isNotEmpty());
  }

  @Test
  void modulesDependOnlyDownward_coreAtTheBottom_cliAndExamplesOnTop() {
    layeredArchitecture()
        .consideringOnlyDependenciesInLayers()
        .layer("core")
        .definedBy(MODULES.get("core"))
        .layer("firewall")
        .definedBy(MODULES.get("firewall"))
        .layer("probe")
        .definedBy(MODULES.get("probe"))
        .layer("exporter")
        .definedBy(MODULES.get("exporter"))
        .layer("peers")
        .definedBy(MODULES.get("peers"))
        .layer("test kit")
        .definedBy(MODULES.get("test kit"))
        .layer("cli")
        .definedBy(MODULES.get("cli"))
        .layer("examples")
        .definedBy(MODULES.get("examples"))
        .whereLayer("core")
        .mayNotAccessAnyLayer()
        .whereLayer("peers")
        .mayNotAccessAnyLayer()
        .whereLayer("firewall")
        .mayOnlyAccessLayers("core")
        .whereLayer("probe")
        .mayOnlyAccessLayers("core")
        .whereLayer("exporter")
        .mayOnlyAccessLayers("core", "probe")
        .whereLayer("test kit")
        .mayOnlyAccessLayers("core", "firewall", "probe", "peers")
        .whereLayer("cli")
        .mayOnlyAccessLayers("core", "firewall", "probe", "exporter", "peers")
        .whereLayer("examples")
        .mayOnlyAccessLayers("core", "firewall", "probe", "exporter", "peers", "cli")
        .whereLayer("test kit")
        .mayNotBeAccessedByAnyLayer()
        .whereLayer("examples")
        .mayNotBeAccessedByAnyLayer()
        .check(classes);
  }

  @Test
  void internalPackages_areUsedOnlyInsideTheirModule_exceptCoresQualifiedExport() {
    noClasses()
        .that()
        .resideOutsideOfPackages(
            "dev.wdmports.core..",
            "dev.wdmports.firewall..",
            "dev.wdmports.probe..",
            "dev.wdmports.exporter..",
            "dev.wdmports.cli..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("dev.wdmports.core.internal..")
        .because(
            "core exports its internal package (the one input pipeline and JSON writer) to the"
                + " firewall and probe modules (the probe's @FILE of targets is read like every"
                + " other file), the exporter and the CLI only")
        .check(classes);
    noClasses()
        .that()
        .resideOutsideOfPackage("dev.wdmports.probe..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("dev.wdmports.probe.internal..")
        .because("the built-in checkers and the scheduler are not API")
        .check(classes);
  }

  /**
   * An API package and its {@code internal} package call each other (the API is the facade, the
   * internals use its records), and the probe SPI speaks the probe API's records ({@code
   * ProbeTarget}, {@code ProbeResult}); apart from those, packages form no cycle.
   */
  @Test
  void packagesHaveNoCycles_besidesFacadeAndInternals() {
    slices()
        .matching("dev.wdmports.(**)")
        .should()
        .beFreeOfCycles()
        .ignoreDependency(resideInAPackage("..internal.."), alwaysTrue())
        .ignoreDependency(alwaysTrue(), resideInAPackage("..internal.."))
        .ignoreDependency(
            resideInAPackage("dev.wdmports.probe.spi"), resideInAPackage("dev.wdmports.probe"))
        .check(classes);
  }

  @Test
  void theVocabularyKnowsNothingAboveIt_andTheSpiKnowsNoImplementation() {
    noClasses()
        .that()
        .resideInAPackage("dev.wdmports.core")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "dev.wdmports.core.catalog..",
            "dev.wdmports.core.deploy..",
            "dev.wdmports.core.graph..")
        .because("records such as Flow and PortSet are the words every other package uses")
        .check(classes);
    noClasses()
        .that()
        .resideInAPackage("dev.wdmports.probe.spi..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("dev.wdmports.probe.internal..")
        .because("a third-party checker implements the SPI without the built-in ones")
        .check(classes);
    noClasses()
        .that()
        .resideInAPackage("dev.wdmports.firewall")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("dev.wdmports.firewall.format..")
        .because("the readers build the model; the model does not know its file formats")
        .check(classes);
  }

  private static java.util.function.Predicate<String> packageOf(String pattern) {
    String root = pattern.substring(0, pattern.length() - 2);
    return p -> p.equals(root) || p.startsWith(root + ".");
  }
}
