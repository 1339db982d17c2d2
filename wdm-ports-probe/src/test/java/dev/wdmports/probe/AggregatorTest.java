package dev.wdmports.probe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wdmports.core.Transport;
import dev.wdmports.core.report.ProbeStatus;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class AggregatorTest {
  private static ProbeResult result(String host, int port, ProbeStatus s) {
    return ProbeResult.builder(ProbeTarget.of(host, port, "tcp"), Transport.TCP, s).build();
  }

  private static ProbeAggregate fold(List<ProbeResult> results) {
    Aggregator a = new Aggregator();
    results.forEach(a::accept);
    return a.finish(results.size(), 0, Duration.ZERO, false);
  }

  @Test
  void contiguousAddressesWithOneStatus_collapse_intoCidrsOrRanges() {
    List<ProbeResult> rs = new java.util.ArrayList<>();
    for (int i = 0; i < 256; i++) {
      rs.add(result("10.10.12." + i, 80, i < 8 ? ProbeStatus.OPEN : ProbeStatus.REFUSED));
    }
    rs.add(result("10.10.14.0", 80, ProbeStatus.REFUSED)); // not contiguous: a new range
    ProbeAggregate a = fold(rs);
    ProbeAggregate.Group g = a.groups().get(0);
    assertThat(g.ranges())
        .extracting(ProbeAggregate.StatusRange::text, ProbeAggregate.StatusRange::status)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("10.10.12.0/29", ProbeStatus.OPEN),
            org.assertj.core.groups.Tuple.tuple("10.10.12.8-10.10.12.255", ProbeStatus.REFUSED),
            org.assertj.core.groups.Tuple.tuple("10.10.14.0", ProbeStatus.REFUSED));
    assertThat(g.ranges().get(1).addresses()).isEqualTo(248);
    assertThat(g.byStatus())
        .containsEntry(ProbeStatus.OPEN, 8L)
        .containsEntry(ProbeStatus.REFUSED, 249L);
    assertThat(a.count(ProbeStatus.REFUSED)).isEqualTo(249);
    assertThat(a.allOpen()).isFalse();
  }

  @Test
  void portsInterleavedPerAddress_areGroupedByPort_eachCollapsed() {
    List<ProbeResult> rs = new java.util.ArrayList<>();
    for (int i = 0; i < 4; i++) {
      rs.add(result("10.0.0." + i, 443, ProbeStatus.FILTERED));
      rs.add(result("10.0.0." + i, 80, ProbeStatus.OPEN));
    }
    ProbeAggregate a = fold(rs);
    assertThat(a.groups()).extracting(ProbeAggregate.Group::port).containsExactly(80, 443);
    assertThat(a.groups().get(0).ranges())
        .extracting(Object::toString)
        .containsExactly("10.0.0.0/30");
    assertThat(a.groups().get(1).ranges().get(0).status()).isEqualTo(ProbeStatus.FILTERED);
  }

  @Test
  void namesAndIpv6_areRangesToo_namesNeverMerge() {
    ProbeAggregate a =
        fold(
            List.of(
                result("2001:db8::", 80, ProbeStatus.OPEN),
                result("2001:db8::1", 80, ProbeStatus.OPEN),
                result("a.example", 80, ProbeStatus.OPEN),
                result("b.example", 80, ProbeStatus.OPEN)));
    assertThat(a.groups().get(0).ranges())
        .extracting(Object::toString)
        .containsExactly("2001:db8::/127", "a.example", "b.example");
    assertThat(a.allOpen()).isTrue();
  }

  @Test
  void allOpen_isNeverTrue_forAnEmptyOrUnfinishedSweep() {
    Aggregator a = new Aggregator();
    assertThat(a.finish(0, 0, Duration.ZERO, false).allOpen()).isFalse();
    a.accept(result("10.0.0.1", 80, ProbeStatus.OPEN));
    assertThat(a.finish(2, 1, Duration.ZERO, true).allOpen()).isFalse();
  }
}
