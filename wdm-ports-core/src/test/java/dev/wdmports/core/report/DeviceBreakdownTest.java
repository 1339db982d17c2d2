package dev.wdmports.core.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wdmports.core.Flow;
import dev.wdmports.core.graph.Availability;
import dev.wdmports.core.graph.FlowVerdict;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** The fleet parts of the report model: a swept flow's evidence and an operation's breakdown. */
class DeviceBreakdownTest {
  private static Evidence.Swept swept(Map<ProbeStatus, Long> counts, long devices) {
    return new Evidence.Swept(
        "tcp",
        "10.10.8.0/21",
        devices,
        counts,
        List.of(
            new Evidence.Swept.Range("10.10.8.0/22", 1024, ProbeStatus.OPEN),
            new Evidence.Swept.Range("10.10.12.0/22", 1024, ProbeStatus.FILTERED)),
        0,
        OptionalLong.empty());
  }

  @Test
  void swept_isOpenOnlyWhenEveryDeviceWasProbedAndIsOpen() {
    assertThat(swept(Map.of(ProbeStatus.OPEN, 2048L), 2048).verdict()).isEqualTo(FlowVerdict.OPEN);
    assertThat(swept(Map.of(ProbeStatus.OPEN, 2000L), 2048).verdict())
        .isEqualTo(FlowVerdict.UNKNOWN);
    assertThat(swept(Map.of(ProbeStatus.OPEN, 1024L, ProbeStatus.ERROR, 1024L), 2048).verdict())
        .isEqualTo(FlowVerdict.UNKNOWN);
    assertThat(swept(Map.of(ProbeStatus.OPEN, 1024L, ProbeStatus.FILTERED, 1024L), 2048).verdict())
        .isEqualTo(FlowVerdict.BLOCKED);
    assertThat(swept(Map.of(), 2048).verdict()).isEqualTo(FlowVerdict.NOT_CHECKED);
  }

  @Test
  void swept_describesTheDevicesThatAreNotOpen_withTheirRanges() {
    assertThat(swept(Map.of(ProbeStatus.OPEN, 1024L, ProbeStatus.FILTERED, 1024L), 2048).describe())
        .isEqualTo("FILTERED for 1,024 of 2,048 devices (10.10.12.0/22)");
    assertThat(swept(Map.of(ProbeStatus.OPEN, 2048L), 2048).describe())
        .isEqualTo("OPEN on all 2,048 devices");
    assertThat(swept(Map.of(ProbeStatus.OPEN, 1000L), 2048).describe())
        .isEqualTo("not probed for 1,048 (the deadline passed)");
  }

  @Test
  void swept_rejectsMoreResultsThanDevices() {
    assertThatThrownBy(() -> swept(Map.of(ProbeStatus.OPEN, 3000L), 2048))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("3000 results for 2048 devices");
  }

  @Test
  void flowCheck_ofASweptFlow_hasTheDevicesWorstVerdict() {
    Flow f = Flow.parse("10.10.0.5->10.10.8.0/21:80/tcp");
    Evidence.Swept s = swept(Map.of(ProbeStatus.OPEN, 1024L, ProbeStatus.FILTERED, 1024L), 2048);
    assertThat(FlowCheck.swept(f, s).verdict()).isEqualTo(FlowVerdict.BLOCKED);
    assertThatThrownBy(() -> new FlowCheck(f, Direction.OUT, FlowVerdict.OPEN, s))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageEndingWith(": use BLOCKED");
  }

  private static DeviceBreakdown reboot(int moreRanges) {
    List<DeviceBreakdown.Range> ranges = new java.util.ArrayList<>();
    ranges.add(new DeviceBreakdown.Range("10.10.8.0/22", 1024, Availability.AVAILABLE, ""));
    ranges.add(
        new DeviceBreakdown.Range(
            "10.10.12.0/22",
            1024,
            Availability.BROKEN,
            "web-service-to-web-agent-wakeup 80/tcp FILTERED"));
    for (int i = 0; i < moreRanges; i++) {
      ranges.add(
          new DeviceBreakdown.Range(
              "10.10.16." + i,
              1,
              Availability.BROKEN,
              "web-service-to-web-agent-wakeup 80/tcp REFUSED"));
    }
    return new DeviceBreakdown(
        "reboot",
        "thin-clients",
        2048 + moreRanges,
        Map.of(Availability.AVAILABLE, 1024L, Availability.BROKEN, 1024L + moreRanges),
        ranges,
        0);
  }

  @Test
  void breakdown_saysForHowManyDevicesItIsBroken_andWhere() {
    assertThat(reboot(0).describe())
        .isEqualTo(
            "broken for 1,024 of 2,048 devices of thin-clients (10.10.12.0/22:"
                + " web-service-to-web-agent-wakeup 80/tcp FILTERED)");
    assertThat(reboot(0).worst()).isEqualTo(Availability.BROKEN);
  }

  @Test
  void breakdown_namesAtMostThreeRanges_andCountsTheRest() {
    assertThat(reboot(4).describe())
        .startsWith("broken for 1,028 of 2,052 devices of thin-clients (10.10.12.0/22: ")
        .endsWith("10.10.16.1: web-service-to-web-agent-wakeup 80/tcp REFUSED and 2 more ranges)");
  }

  @Test
  void breakdown_rejectsCountsThatDoNotAddUp() {
    assertThatThrownBy(
            () ->
                new DeviceBreakdown(
                    "reboot", "thin-clients", 10, Map.of(Availability.BROKEN, 9L), List.of(), 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "reboot on thin-clients: 9 devices by availability for 10 devices: the counts must add"
                + " up");
  }

  @Test
  void breakdown_countsAreTheSameInEveryLocale() {
    java.util.Locale before = java.util.Locale.getDefault();
    try {
      java.util.Locale.setDefault(java.util.Locale.GERMANY);
      assertThat(reboot(0).describe()).startsWith("broken for 1,024 of 2,048 devices");
    } finally {
      java.util.Locale.setDefault(before);
    }
  }
}
