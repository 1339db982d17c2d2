package dev.wdmports.probe.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.List;
import org.junit.jupiter.api.Test;

class IpSpanTest {
  private static IpSpan v4(long first, long last) {
    return new IpSpan(false, BigInteger.valueOf(first), BigInteger.valueOf(last));
  }

  private static IpSpan span(String text) {
    return IpSpan.parse(text).orElseThrow();
  }

  @Test
  void text_isACidr_whenTheSpanIsExactlyOneNetwork_elseARange() {
    assertThat(span("10.10.12.0/22")).hasToString("10.10.12.0/22");
    assertThat(span("10.10.12.0-10.10.15.255")).hasToString("10.10.12.0/22");
    assertThat(span("10.10.12.0-10.10.15.254")).hasToString("10.10.12.0-10.10.15.254");
    assertThat(span("10.10.12.2-10.10.12.5")).hasToString("10.10.12.2-10.10.12.5");
    assertThat(span("10.10.12.7")).hasToString("10.10.12.7");
    assertThat(span("0.0.0.0/0")).hasToString("0.0.0.0/0");
    assertThat(span("2001:db8::/112")).hasToString("2001:db8::/112");
    assertThat(span("2001:db8::1-2001:db8::2")).hasToString("2001:db8::1-2001:db8::2");
  }

  @Test
  void dnsNames_areNotSpans_evenWithAHyphen() {
    assertThat(IpSpan.parse("db.example")).isEmpty();
    assertThat(IpSpan.parse("db-1.example")).isEmpty();
  }

  @Test
  void subtract_leavesTheRest_sortedAndDisjoint() {
    assertThat(IpSpan.subtract(List.of(v4(0, 15)), List.of(v4(4, 7), v4(0, 0), v4(15, 20))))
        .containsExactly(v4(1, 3), v4(8, 14));
    assertThat(IpSpan.subtract(List.of(v4(0, 15)), List.of(v4(0, 15)))).isEmpty();
  }

  @Test
  void merge_joinsOverlappingAndTouchingSpans() {
    assertThat(IpSpan.merge(List.of(v4(5, 6), v4(0, 2), v4(3, 3), v4(9, 9))))
        .containsExactly(v4(0, 3), v4(5, 6), v4(9, 9));
  }

  @Test
  void addressAt_countsFromTheFirst() {
    assertThat(span("10.0.0.254/31").addressAt(1)).isEqualTo("10.0.0.255");
    assertThat(span("10.0.0.0/8").addressAt(16_777_215)).isEqualTo("10.255.255.255");
    assertThat(span("2001:db8::/120").addressAt(255)).isEqualTo("2001:db8::ff");
  }
}
