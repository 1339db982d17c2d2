package dev.wdmports.firewall;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wdmports.core.Address;
import dev.wdmports.core.Flow;
import dev.wdmports.core.Transport;
import dev.wdmports.core.graph.FlowVerdict;
import dev.wdmports.core.report.Direction;
import dev.wdmports.core.report.FlowCheck;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class FirewallCheckTest {
  private final FirewallPolicy policy =
      TestPolicies.iptablesSave(
          "*filter\n:INPUT DROP [0:0]\n:OUTPUT DROP [0:0]\n"
              + "-A INPUT -p tcp --dport 443 -j ACCEPT\n-A OUTPUT -p tcp --dport 1433 -j ACCEPT\nCOMMIT\n",
          "server.rules");

  private static Flow flow(String from, String to, String fromAddr, String toAddr, int port) {
    return new Flow(
        from,
        to,
        Optional.of(Address.parse(fromAddr)),
        Optional.of(Address.parse(toAddr)),
        Transport.TCP,
        port,
        Optional.empty(),
        Optional.of("rule-" + port));
  }

  @Test
  void check_evaluatesEachFlowInItsDirectionOnTheHost() {
    List<Flow> flows =
        List.of(
            flow("devices", "wdm-server", "10.0.1.0/24", "10.0.0.5", 443),
            flow("wdm-server", "db", "10.0.0.5", "10.0.0.9", 1433),
            flow("devices", "wdm-server", "10.0.1.0/24", "10.0.0.5", 80));
    List<FlowCheck> v = HostCheck.check(policy, flows, HostCheck.asSeenBy("wdm-server"));
    assertThat(v)
        .extracting(FlowCheck::direction)
        .containsExactly(Direction.IN, Direction.OUT, Direction.IN);
    assertThat(v)
        .extracting(FlowCheck::verdict)
        .containsExactly(FlowVerdict.OPEN, FlowVerdict.OPEN, FlowVerdict.BLOCKED);
    assertThat(HostCheck.check(policy, flows, HostCheck.asSeenBy("10.0.0.5")))
        .extracting(FlowCheck::verdict)
        .containsExactly(FlowVerdict.OPEN, FlowVerdict.OPEN, FlowVerdict.BLOCKED);
  }

  @Test
  void asSeenBy_refusesFlowsOfOtherHosts() {
    Flow f = flow("a", "b", "10.0.0.1", "10.0.0.2", 1);
    assertThatThrownBy(() -> HostCheck.asSeenBy("c").apply(f))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "flow a->b:1/tcp neither starts nor ends at host c: check only the flows of that host,"
                + " or pass another direction rule");
  }
}
