package dev.wdmports.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wdmports.core.Transport;
import dev.wdmports.core.report.ProbeStatus;
import dev.wdmports.probe.spi.CheckContext;
import dev.wdmports.probe.spi.HandshakeChecker;
import dev.wdmports.probe.thirdparty.EchoChecker;
import dev.wdmports.probe.thirdparty.EchoCheckerV2;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckerRegistryTest {

  @Test
  void defaults_discoverEveryBuiltInChecker() {
    CheckerRegistry r = CheckerRegistry.defaults();
    assertThat(r.ids()).contains("tcp", "http", "https", "ftp", "vnc", "tds", "tftp");
    assertThat(r.require("tftp").transport()).isEqualTo(Transport.UDP);
    assertThat(r.require("http").transport()).isEqualTo(Transport.TCP);
    assertThat(r.problems()).isEmpty();
  }

  @Test
  void discover_picksHighestPriority_amongThirdPartyProviders() throws Exception {
    CheckerRegistry r = CheckerRegistry.defaults();
    assertThat(r.require("echo")).isInstanceOf(EchoCheckerV2.class);
    try (TestServer echo = TestServer.start("echo", CheckerRegistryTest::echo)) {
      ProbeResult result = Prober.builder().registry(r).build().probe(echo.target("echo"));
      assertThat(result.status()).isEqualTo(ProbeStatus.OPEN);
      assertThat(result.detail()).isEqualTo("v2 echoed 5 bytes");
    }
  }

  @Test
  void register_winsOverDiscovery() {
    HandshakeChecker mine = new EchoChecker();
    CheckerRegistry r = CheckerRegistry.builder().discover().register(mine).build();
    assertThat(r.require("echo")).isSameAs(mine);
    // and registration before discovery still wins
    CheckerRegistry r2 = CheckerRegistry.builder().register(mine).discover().build();
    assertThat(r2.require("echo")).isSameAs(mine);
  }

  @Test
  void remove_dropsDiscoveredAndRegisteredCheckers() {
    CheckerRegistry r =
        CheckerRegistry.builder().discover().register(new EchoChecker()).remove("echo").build();
    assertThat(r.find("echo")).isEmpty();
    assertThat(r.toBuilder().remove("tftp").build().ids()).doesNotContain("tftp", "echo");
  }

  @Test
  void require_namesUnknownCheckerAndKnownOnes() {
    CheckerRegistry r = CheckerRegistry.builder().register(new EchoChecker()).build();
    assertThatThrownBy(() -> r.require("gopher"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "unknown checker \"gopher\": known checkers are echo; add one with"
                + " CheckerRegistry.builder().register(...) or a ServiceLoader provider");
    assertThatThrownBy(
            () -> Prober.builder().registry(r).build().run(ProbeTarget.parse("127.0.0.1:1/gopher")))
        .hasMessageStartingWith("unknown checker \"gopher\"");
  }

  @Test
  void register_rejectsMalformedId() {
    HandshakeChecker bad =
        new EchoChecker() {
          @Override
          public String id() {
            return "Echo!";
          }
        };
    assertThatThrownBy(() -> CheckerRegistry.builder().register(bad))
        .hasMessageContaining("has id \"Echo!\": use 1 to 32 lower-case letters");
  }

  @Test
  void discover_reportsAndSkipsFailingProviders_andKeepsTheOthers(@TempDir Path dir)
      throws Exception {
    Path services = dir.resolve("META-INF/services");
    Files.createDirectories(services);
    Files.writeString(
        services.resolve(HandshakeChecker.class.getName()),
        String.join(
            "\n",
            "dev.wdmports.probe.thirdparty.ExplodingChecker",
            "dev.wdmports.probe.thirdparty.NoSuchChecker",
            "dev.wdmports.probe.thirdparty.TiedEchoChecker",
            ""),
        StandardCharsets.UTF_8);
    try (URLClassLoader loader =
        new URLClassLoader(new URL[] {dir.toUri().toURL()}, getClass().getClassLoader())) {
      CheckerRegistry r = CheckerRegistry.builder().discover(loader).build();
      assertThat(r.ids()).contains("tcp", "http", "echo");
      assertThat(r.require("echo")).isInstanceOf(EchoCheckerV2.class);
      List<ProviderProblem> problems = r.problems();
      assertThat(problems)
          .anySatisfy(
              p -> {
                assertThat(p.provider())
                    .isEqualTo("dev.wdmports.probe.thirdparty.ExplodingChecker");
                assertThat(p.message()).contains("license file missing");
                assertThat(p.cause()).isPresent();
              })
          .anySatisfy(p -> assertThat(p.message()).contains("NoSuchChecker"))
          .anySatisfy(
              p ->
                  assertThat(p.message())
                      .contains("checker \"echo\" is provided by both")
                      .contains("TiedEchoChecker"));
    }
  }

  @Test
  void checkContext_builderDefaultsAndBounds() {
    ProbeTarget t = ProbeTarget.of("127.0.0.1", 7, "echo");
    CheckContext ctx =
        CheckContext.builder(t, new java.net.InetSocketAddress("127.0.0.1", 7)).build();
    assertThat(ctx.maxBytes()).isEqualTo(CheckContext.DEFAULT_MAX_BYTES);
    assertThat(ctx.remainingMillis()).isBetween(1, 2000);
    assertThat(ctx.options()).isEqualTo(ProbeOptions.defaults());
    assertThatThrownBy(() -> CheckContext.builder(t, ctx.address()).maxBytes(10))
        .hasMessage("maxBytes 10 is too small: allow at least 64 bytes per probe");
    assertThatThrownBy(
            () -> CheckContext.builder(t, ctx.address()).timeout(java.time.Duration.ZERO))
        .hasMessageContaining("is not positive");
    CheckContext expired =
        CheckContext.builder(t, ctx.address())
            .ticker(() -> 100)
            .startNanos(0)
            .deadlineNanos(50)
            .build();
    assertThat(expired.isExpired()).isTrue();
    assertThat(expired.remainingMillis()).isZero();
    ctx.cancel();
    assertThat(ctx.isCancelled()).isTrue();
    boolean[] closed = {false};
    ctx.onCancel(() -> closed[0] = true);
    assertThat(closed[0]).isTrue();
  }

  static void echo(java.net.Socket s) throws Exception {
    InputStream in = s.getInputStream();
    OutputStream out = s.getOutputStream();
    byte[] buf = new byte[64];
    int n;
    while ((n = in.read(buf)) > 0) {
      out.write(buf, 0, n);
    }
  }
}
