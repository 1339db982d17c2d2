package dev.wdmports.probe;

import com.google.common.testing.NullPointerTester;
import dev.wdmports.core.Transport;
import dev.wdmports.core.report.ProbeStatus;
import dev.wdmports.probe.spi.CheckContext;
import dev.wdmports.probe.spi.Ticker;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Every public constructor and method rejects null with a NullPointerException. */
class NullPointerTest {
  static final ProbeTarget TARGET = ProbeTarget.of("127.0.0.1", 80, "http");

  static NullPointerTester tester() {
    return new NullPointerTester()
        .setDefault(ProbeTarget.class, TARGET)
        .setDefault(ProbeOptions.class, ProbeOptions.defaults())
        .setDefault(Credentials.class, new Credentials("u", "p"))
        .setDefault(TlsTrust.class, TlsTrust.jdkDefault())
        .setDefault(Transport.class, Transport.TCP)
        .setDefault(ProbeStatus.class, ProbeStatus.OPEN)
        .setDefault(Duration.class, Duration.ofSeconds(1))
        .setDefault(Ticker.class, Ticker.system())
        .setDefault(InetSocketAddress.class, new InetSocketAddress("127.0.0.1", 80))
        .setDefault(Timings.class, Timings.NONE)
        .setDefault(Evidence.class, Evidence.none())
        .setDefault(ProbeSummary.class, new ProbeSummary(0, Map.of(), Duration.ZERO, false, false))
        .setDefault(ProbeTargets.class, ProbeTargets.parse("127.0.0.1:80/tcp"))
        .setDefault(String.class, "x")
        .setDefault(List.class, List.of())
        .setDefault(Map.class, Map.of())
        .setDefault(Optional.class, Optional.empty());
  }

  @Test
  void valueTypes_rejectNull() throws Exception {
    NullPointerTester t = tester();
    t.testAllPublicConstructors(ProbeTarget.class);
    t.testAllPublicStaticMethods(ProbeTarget.class);
    t.testAllPublicInstanceMethods(TARGET);
    t.testAllPublicConstructors(ProbeOptions.class);
    t.testAllPublicInstanceMethods(ProbeOptions.defaults());
    t.testAllPublicConstructors(Credentials.class);
    t.testAllPublicConstructors(Evidence.class);
    t.testAllPublicConstructors(TlsFacts.class);
    t.testAllPublicConstructors(Timings.class);
    t.testAllPublicConstructors(ProbeResult.class);
    t.testAllPublicConstructors(ProbeSummary.class);
    t.testAllPublicConstructors(ProbeReport.class);
    t.testAllPublicConstructors(ProviderProblem.class);
    t.testAllPublicStaticMethods(ProbeTargets.class);
    t.testAllPublicInstanceMethods(ProbeTargets.parse("10.0.0.0/30:80/tcp"));
    t.testAllPublicConstructors(ProbeAggregate.class);
    t.testAllPublicConstructors(ProbeAggregate.Group.class);
    t.testAllPublicConstructors(ProbeAggregate.StatusRange.class);
    tester()
        .setDefault(java.nio.file.Path.class, java.nio.file.Path.of("ca.pem"))
        // null means "no password"
        .ignore(
            TlsTrust.class.getMethod(
                "fromKeyStore", java.nio.file.Path.class, String.class, char[].class))
        .testAllPublicStaticMethods(TlsTrust.class);
  }

  @Test
  void servicesAndBuilders_rejectNull() throws Exception {
    NullPointerTester t = tester();
    t.testAllPublicInstanceMethods(Prober.builder());
    t.setDefault(ProbeListener.class, ProbeListener.none())
        .testAllPublicInstanceMethods(Prober.builder().build());
    t.testAllPublicInstanceMethods(CheckerRegistry.builder());
    t.testAllPublicInstanceMethods(CheckerRegistry.defaults());
    t.testAllPublicInstanceMethods(
        CheckContext.builder(TARGET, new InetSocketAddress("127.0.0.1", 80)));
    t.testAllPublicStaticMethods(CheckContext.class);
    NullPointerTester lenient =
        tester()
            // null means "none" for these two
            .ignore(ProbeResult.Builder.class.getMethod("address", InetSocketAddress.class))
            .ignore(ProbeResult.Builder.class.getMethod("tls", TlsFacts.class));
    lenient.testAllPublicInstanceMethods(
        ProbeResult.builder(TARGET, Transport.TCP, ProbeStatus.OPEN));
    t.testAllPublicStaticMethods(ProbeResult.class);
  }
}
