package dev.wdmports.probe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wdmports.core.Transport;
import dev.wdmports.core.report.ProbeStatus;
import dev.wdmports.probe.spi.CheckContext;
import dev.wdmports.probe.spi.HandshakeChecker;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;

/** Which checkers run on the non-blocking scanners, and what a cancelled result says. */
class ScannerCapabilityTest {
  private static void answerHttp(java.net.Socket s) throws java.io.IOException {
    s.getInputStream().read(new byte[4096]);
    s.getOutputStream().write("HTTP/1.1 200 OK\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
    s.getOutputStream().flush();
  }

  /** A user's own {@code http} checker: it says who it is. */
  private static final class ReplacementHttp implements HandshakeChecker {
    final AtomicInteger calls = new AtomicInteger();

    @Override
    public String id() {
      return "http";
    }

    @Override
    public Transport transport() {
      return Transport.TCP;
    }

    @Override
    public ProbeResult check(ProbeTarget target, CheckContext ctx) {
      calls.incrementAndGet();
      return ctx.result(ProbeStatus.OPEN).detail("the replacement http checker").build();
    }
  }

  @Test
  void replacementHttpChecker_registeredExplicitly_isUsed_notTheHttpScanner() throws Exception {
    try (TestServer http = TestServer.start("http", ScannerCapabilityTest::answerHttp)) {
      ReplacementHttp mine = new ReplacementHttp();
      Prober p =
          Prober.builder()
              .registry(CheckerRegistry.defaults().toBuilder().register(mine).build())
              .build();
      ProbeReport report = p.run(Collections.nCopies(5, http.target("http")));
      assertThat(report.results())
          .allSatisfy(r -> assertThat(r.detail()).isEqualTo("the replacement http checker"));
      assertThat(mine.calls).hasValue(5);
    }
  }

  @Test
  void builtInHttpChecker_onTheScanner_decidesAsTheChecker() throws Exception {
    try (TestServer http = TestServer.start("http", ScannerCapabilityTest::answerHttp)) {
      ProbeReport report = Prober.builder().build().run(List.of(http.target("http")));
      assertThat(report.results().get(0).status()).isEqualTo(ProbeStatus.OPEN);
      assertThat(report.results().get(0).detail()).isEqualTo("HTTP/1.1 200 OK");
      assertThat(report.results().get(0).cancelled()).isFalse();
    }
  }

  @Test
  void cancel_marksEveryResultCancelled_andOnlyThen() throws Exception {
    try (TestServer silent = TestServer.start("silent", TestServer::drain)) {
      Prober p = Prober.builder().concurrency(2).timeout(Duration.ofSeconds(60)).build();
      ProbeRun run =
          p.start(
              List.of(
                  silent.target("http"),
                  silent.target("ftp"),
                  silent.target("vnc"),
                  silent.target("tds")),
              ProbeListener.none());
      long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      while (silent.accepted.get() < 2 && System.nanoTime() - end < 0) {
        LockSupport.parkNanos(1_000_000);
      }
      run.cancel();
      ProbeReport report = run.await();
      assertThat(report.results())
          .allSatisfy(
              r -> {
                assertThat(r.cancelled()).as(r.toString()).isTrue();
                assertThat(r.status()).isEqualTo(ProbeStatus.ERROR);
                assertThat(r.detail()).doesNotStartWith("cancelled: cancelled");
              });
    }
  }

  @Test
  void uncancelledRun_hasNoCancelledResult() throws Exception {
    try (TestServer silent = TestServer.start("silent", TestServer::drain)) {
      Prober p = Prober.builder().timeout(Duration.ofMillis(50)).build();
      ProbeReport report = p.run(List.of(silent.target("http"), silent.target("ftp")));
      assertThat(report.results()).allSatisfy(r -> assertThat(r.cancelled()).isFalse());
    }
  }
}
