package dev.wdmports.probe.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wdmports.core.Transport;
import dev.wdmports.probe.ProbeResult;
import dev.wdmports.probe.ProbeTarget;
import dev.wdmports.probe.spi.CheckContext;
import dev.wdmports.probe.spi.HandshakeChecker;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class PlanTest {
  /** A user's checker registered as {@code http}. */
  private static final HandshakeChecker REPLACEMENT_HTTP =
      new HandshakeChecker() {
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
          throw new AssertionError("not called by a plan");
        }
      };

  private static final Function<String, HandshakeChecker> BUILT_IN =
      Map.<String, HandshakeChecker>of(
              "tcp", new TcpChecker(), "http", new HttpChecker(), "ftp", new FtpChecker())
          ::get;

  private static List<ProbeTarget> targets(String... ids) {
    List<ProbeTarget> t = new ArrayList<>();
    for (int i = 0; i < ids.length; i++) {
      t.add(ProbeTarget.of("127.0.0.1", 1000 + i, ids[i]));
    }
    return t;
  }

  @Test
  void builtInTcpAndHttp_goToTheirScanners_othersToTheWorkers() {
    Plan p = Plan.of(targets("tcp", "http", "ftp", "tcp", "http"), BUILT_IN, true, true, 64);
    assertThat(p.scanTargets()).containsExactly(0, 3);
    assertThat(p.httpTargets()).containsExactly(1, 4);
    assertThat(p.workerTargets()).containsExactly(2);
    assertThat(p.checker(1)).isInstanceOf(HttpChecker.class);
  }

  @Test
  void scannersOff_everythingGoesToTheWorkers() {
    Plan p = Plan.of(targets("tcp", "http", "ftp"), BUILT_IN, false, false, 64);
    assertThat(p.scanTargets()).isEmpty();
    assertThat(p.httpTargets()).isEmpty();
    assertThat(p.workerTargets()).containsExactly(0, 1, 2);
  }

  @Test
  void replacementHttpChecker_withoutTheCapability_goesToTheWorkers() {
    Plan p =
        Plan.of(
            targets("http", "tcp"),
            id -> id.equals("http") ? REPLACEMENT_HTTP : BUILT_IN.apply(id),
            true,
            true,
            64);
    assertThat(p.httpTargets()).isEmpty();
    assertThat(p.workerTargets()).containsExactly(0);
    assertThat(p.scanTargets()).containsExactly(1);
  }

  @Test
  void concurrencyOne_httpAndOtherHandshakes_allGoToTheWorkers_inOrder() {
    Plan p = Plan.of(targets("http", "ftp", "http", "tcp"), BUILT_IN, true, true, 1);
    assertThat(p.httpTargets()).isEmpty();
    assertThat(p.workerTargets()).containsExactly(0, 1, 2);
    assertThat(p.workers()).isEqualTo(1);
    assertThat(p.httpShare()).isZero();
  }

  @Test
  void concurrencyOne_onlyHttp_staysOnTheScanner() {
    Plan p = Plan.of(targets("http", "http"), BUILT_IN, true, true, 1);
    assertThat(p.httpTargets()).containsExactly(0, 1);
    assertThat(p.httpShare()).isEqualTo(1);
    assertThat(p.workers()).isZero();
  }

  @Test
  void httpShare_isProportional_withAtLeastOneSlotEachSide() {
    List<String> ids = new ArrayList<>(Collections.nCopies(1, "http"));
    ids.addAll(Collections.nCopies(3, "ftp"));
    Plan p = Plan.of(targets(ids.toArray(String[]::new)), BUILT_IN, true, true, 64);
    assertThat(p.httpShare()).isEqualTo(16);
    assertThat(p.workers()).isEqualTo(3); // at most one per target

    ids = new ArrayList<>(Collections.nCopies(1, "http"));
    ids.addAll(Collections.nCopies(200, "ftp"));
    p = Plan.of(targets(ids.toArray(String[]::new)), BUILT_IN, true, true, 64);
    assertThat(p.httpShare()).isEqualTo(1);
    assertThat(p.workers()).isEqualTo(63);

    ids = new ArrayList<>(Collections.nCopies(200, "http"));
    ids.add("ftp");
    p = Plan.of(targets(ids.toArray(String[]::new)), BUILT_IN, true, true, 64);
    assertThat(p.httpShare()).isEqualTo(63);
    assertThat(p.workers()).isEqualTo(1);
  }

  @Test
  void everyTargetHttp_theScannersTakeTheWholeConcurrency() {
    Plan p = Plan.of(targets("http", "http", "tcp"), BUILT_IN, true, true, 64);
    assertThat(p.httpShare()).isEqualTo(64);
    assertThat(p.workers()).isZero();
  }

  @Test
  void anUnknownChecker_failsThePlan() {
    Function<String, HandshakeChecker> strict =
        id -> {
          HandshakeChecker c = BUILT_IN.apply(id);
          if (c == null) {
            throw new IllegalArgumentException("no checker " + id);
          }
          return c;
        };
    assertThatThrownBy(() -> Plan.of(targets("tcp", "nope"), strict, true, true, 64))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("no checker nope");
  }
}
