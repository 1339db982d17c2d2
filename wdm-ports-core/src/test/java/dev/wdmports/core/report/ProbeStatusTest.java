package dev.wdmports.core.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wdmports.core.graph.FlowVerdict;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProbeStatusTest {
  @Test
  void verdict_mapsEveryStatus() {
    assertThat(ProbeStatus.OPEN.verdict()).isEqualTo(FlowVerdict.OPEN);
    assertThat(ProbeStatus.OPEN_OR_FILTERED.verdict()).isEqualTo(FlowVerdict.UNKNOWN);
    assertThat(ProbeStatus.ERROR.verdict()).isEqualTo(FlowVerdict.UNKNOWN);
    for (ProbeStatus s :
        List.of(
            ProbeStatus.REFUSED,
            ProbeStatus.FILTERED,
            ProbeStatus.UNREACHABLE,
            ProbeStatus.UNRESOLVED,
            ProbeStatus.PROTOCOL_MISMATCH,
            ProbeStatus.TLS_FAILURE,
            ProbeStatus.SERVICE_UNAVAILABLE,
            ProbeStatus.TIMEOUT)) {
      assertThat(s.verdict()).as(s.name()).isEqualTo(FlowVerdict.BLOCKED);
    }
  }

  @Test
  void saysItAll_onlyForOpenRefusedAndFiltered() {
    assertThat(List.of(ProbeStatus.values()))
        .filteredOn(ProbeStatus::saysItAll)
        .containsExactly(ProbeStatus.OPEN, ProbeStatus.REFUSED, ProbeStatus.FILTERED);
  }
}
