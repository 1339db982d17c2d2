package dev.wdmports.probe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wdmports.core.Component;
import dev.wdmports.core.Operation;
import dev.wdmports.core.PortSet;
import dev.wdmports.core.Protocol;
import dev.wdmports.core.Provenance;
import dev.wdmports.core.Requirement;
import dev.wdmports.core.Transport;
import dev.wdmports.core.catalog.Catalog;
import dev.wdmports.core.deploy.Deployment;
import dev.wdmports.core.deploy.Host;
import dev.wdmports.core.graph.Availability;
import dev.wdmports.core.graph.FlowVerdict;
import dev.wdmports.core.graph.OperationStatus;
import dev.wdmports.core.report.DeviceBreakdown;
import dev.wdmports.core.report.Evidence;
import dev.wdmports.core.report.FlowCheck;
import dev.wdmports.core.report.HostReport;
import dev.wdmports.core.report.ProbeStatus;
import dev.wdmports.core.report.ReportFormat;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A preflight of flows to a device network, checked on each device: a "fleet" of 16 loopback
 * addresses (127.77.0.0/28), of which the first eight have the agent's port open and the other
 * eight refuse it. Only loopback is touched.
 */
class FleetPreflightTest {
  private final List<ServerSocket> agents = new ArrayList<>();
  private ServerSocket server;
  private int agentPort;

  @BeforeEach
  void startFleet() throws IOException {
    ServerSocket first = new ServerSocket(0, 50, InetAddress.getByName("127.77.0.0"));
    agentPort = first.getLocalPort();
    agents.add(first);
    for (int i = 1; i < 8; i++) {
      agents.add(new ServerSocket(agentPort, 50, InetAddress.getByName("127.77.0." + i)));
    }
    server = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
  }

  @AfterEach
  void stopFleet() throws IOException {
    for (ServerSocket s : agents) {
      s.close();
    }
    server.close();
  }

  private Deployment fleet(String... extraHosts) {
    Provenance p = Provenance.user();
    Catalog c =
        Catalog.builder()
            .name("fleet")
            .component(new Component("server", "Server", ""))
            .component(new Component("agent", "Agent", ""))
            .protocol(new Protocol("wake", "Wake-up", Transport.TCP, PortSet.empty()))
            .protocol(new Protocol("checkin", "Check-in", Transport.TCP, PortSet.empty()))
            .rule(
                PreflightTest.rule("server-to-agent-wakeup", "server", "agent", "wake", agentPort))
            .rule(
                PreflightTest.rule(
                    "agent-to-server-checkin", "agent", "server", "checkin", server.getLocalPort()))
            .operation(
                new Operation(
                    "reboot",
                    "Reboot",
                    Operation.Kind.PUSH,
                    "",
                    List.of(new Requirement.AllFlowsOf("server-to-agent-wakeup")),
                    p))
            .operation(
                new Operation(
                    "check-in",
                    "Check in",
                    Operation.Kind.PUSH,
                    "",
                    List.of(new Requirement.AllFlowsOf("agent-to-server-checkin")),
                    p))
            .build();
    Deployment.Builder b =
        Deployment.builder(c)
            .host(Host.of("wdm-server", "127.0.0.1", "server"))
            .host(Host.of("thin-clients", "127.77.0.0/28", "agent"));
    for (int i = 0; i < extraHosts.length; i += 2) {
      b.host(Host.of(extraHosts[i], extraHosts[i + 1], "agent"));
    }
    return b.build();
  }

  private static Preflight preflight(Devices devices) {
    return Preflight.builder()
        .prober(Prober.builder().timeout(Duration.ofSeconds(2)).build())
        .devices(devices)
        .build();
  }

  @Test
  void flowToADeviceNetwork_isCheckedOnEveryDevice_andCollapsedIntoRanges() {
    HostReport r = preflight(Devices.all()).run(fleet(), "wdm-server");

    FlowCheck wake = r.flows().get(0);
    assertThat(wake.verdict()).isEqualTo(FlowVerdict.BLOCKED);
    Evidence.Swept swept = (Evidence.Swept) wake.evidence();
    assertThat(swept.network()).isEqualTo("127.77.0.0/28");
    assertThat(swept.devices()).isEqualTo(16);
    assertThat(swept.byStatus())
        .containsExactlyInAnyOrderEntriesOf(Map.of(ProbeStatus.OPEN, 8L, ProbeStatus.REFUSED, 8L));
    assertThat(swept.ranges())
        .extracting(Evidence.Swept.Range::range, Evidence.Swept.Range::status)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("127.77.0.0/29", ProbeStatus.OPEN),
            org.assertj.core.groups.Tuple.tuple("127.77.0.8/29", ProbeStatus.REFUSED));
    assertThat(swept.seed()).isEmpty();
  }

  @Test
  void operationOnDevices_saysForHowManyItIsBroken_andWhere() {
    HostReport r = preflight(Devices.all()).run(fleet(), "wdm-server");

    OperationStatus reboot = status(r, "reboot");
    assertThat(reboot.availability()).isEqualTo(Availability.BROKEN);
    DeviceBreakdown b = r.devicesOf("reboot").get(0);
    assertThat(b.network()).isEqualTo("thin-clients");
    assertThat(b.devices()).isEqualTo(16);
    assertThat(b.byAvailability())
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(Availability.AVAILABLE, 8L, Availability.BROKEN, 8L));
    assertThat(r.explain(reboot))
        .isEqualTo(
            "broken for 8 of 16 devices of thin-clients (127.77.0.8/29: server-to-agent-wakeup "
                + agentPort
                + "/tcp REFUSED)");
    assertThat(r.passed()).isFalse();
    // check-in starts on the devices: not checked from the server, and not broken by the sweep.
    assertThat(status(r, "check-in").availability()).isEqualTo(Availability.UNKNOWN);
    assertThat(r.devicesOf("check-in")).isEmpty();
  }

  @Test
  void everyDeviceOpen_isAvailableForAll() {
    for (int i = 8; i < 16; i++) {
      try {
        agents.add(new ServerSocket(agentPort, 50, InetAddress.getByName("127.77.0." + i)));
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }
    HostReport r = preflight(Devices.all()).run(fleet(), "wdm-server");

    assertThat(r.flows().get(0).verdict()).isEqualTo(FlowVerdict.OPEN);
    assertThat(status(r, "reboot").availability()).isEqualTo(Availability.AVAILABLE);
    assertThat(r.explain(status(r, "reboot")))
        .isEqualTo("available for all 16 devices of thin-clients");
  }

  @Test
  void sample_checksThatManyDevices_andTheSameSeedPicksTheSameOnes() {
    HostReport a = preflight(Devices.sample(5, 42L)).run(fleet(), "wdm-server");
    HostReport b = preflight(Devices.sample(5, 42L)).run(fleet(), "wdm-server");

    Evidence.Swept sa = (Evidence.Swept) a.flows().get(0).evidence();
    Evidence.Swept sb = (Evidence.Swept) b.flows().get(0).evidence();
    assertThat(sa.devices()).isEqualTo(5);
    assertThat(sa.probed()).isEqualTo(5);
    assertThat(sa.seed()).hasValue(42L);
    assertThat(sa.ranges()).isEqualTo(sb.ranges());
    assertThat(a.devicesOf("reboot").get(0).devices()).isEqualTo(5);
  }

  @Test
  void fromAHostInsideTheDeviceNetwork_theDevicesOwnFlowsAreChecked() {
    // A device placed in the device network checks the network's own flows to the server too.
    HostReport r = preflight(Devices.all()).run(fleet("vlan-probe", "127.77.0.3"), "vlan-probe");

    assertThat(r.flows())
        .extracting(c -> c.flow().from() + "->" + c.flow().to(), FlowCheck::verdict)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("vlan-probe->wdm-server", FlowVerdict.OPEN),
            org.assertj.core.groups.Tuple.tuple("thin-clients->wdm-server", FlowVerdict.OPEN));
    assertThat(status(r, "check-in").availability()).isEqualTo(Availability.AVAILABLE);
    assertThat(r.local(status(r, "check-in"))).isTrue();
    assertThat(r.passed()).isTrue();
  }

  @Test
  void renderers_showTheBreakdown_oneEntryPerRange() throws Exception {
    HostReport r = preflight(Devices.all()).run(fleet(), "wdm-server");

    String text = ReportFormat.TEXT.render(r);
    assertThat(text)
        .contains("broken for 8 of 16 devices of thin-clients (127.77.0.8/29:")
        .contains("MIXED")
        .contains("REFUSED for 8 of 16 devices (127.77.0.8/29)");
    com.fasterxml.jackson.databind.JsonNode json =
        new com.fasterxml.jackson.databind.ObjectMapper().readTree(ReportFormat.JSON.render(r));
    com.fasterxml.jackson.databind.JsonNode devices = json.get("flows").get(0).get("devices");
    assertThat(devices.get("ranges")).hasSize(2);
    assertThat(devices.get("byStatus").get("REFUSED").asLong()).isEqualTo(8);
    com.fasterxml.jackson.databind.JsonNode op = json.get("operations").get(0);
    assertThat(op.get("devices").get(0).get("byAvailability").get("BROKEN").asLong()).isEqualTo(8);
    assertThat(json.get("summary").get("total").asLong()).isEqualTo(16);
    String junit = ReportFormat.JUNIT.render(r);
    assertThat(junit).contains("broken for 8 of 16 devices of thin-clients");
    assertThat(junit.split("<testcase", -1)).hasSize(1 + 1 + 2); // one flow, two operations
  }

  @Test
  void overallDeadline_leavesTheRestNotProbed_andNeverAvailable() {
    Preflight p =
        Preflight.builder()
            .prober(
                Prober.builder()
                    .timeout(Duration.ofSeconds(2))
                    .overallTimeout(Duration.ofMillis(1))
                    .build())
            .build();
    HostReport r = p.run(fleet(), "wdm-server");

    assertThat(r.flows().get(0).verdict()).isNotEqualTo(FlowVerdict.OPEN);
    assertThat(status(r, "reboot").availability()).isNotEqualTo(Availability.AVAILABLE);
    DeviceBreakdown b = r.devicesOf("reboot").get(0);
    assertThat(b.count(Availability.AVAILABLE)).isZero();
    assertThat(b.byAvailability().values().stream().mapToLong(Long::longValue).sum()).isEqualTo(16);
  }

  @Test
  void fleetPreflights_leaveNoProberThreadOrSocketBehind() throws Exception {
    org.junit.jupiter.api.Assumptions.assumeTrue(
        java.nio.file.Files.isDirectory(java.nio.file.Path.of("/proc/self/fd")),
        "needs /proc/self/fd (Linux)");
    preflight(Devices.all()).run(fleet(), "wdm-server"); // warm: lazily opened JDK descriptors
    long fds = HostilePeerTest.openFileDescriptors();
    for (int i = 0; i < 5; i++) {
      preflight(Devices.all()).run(fleet(), "wdm-server");
    }
    // A finished run's threads end just after it returns: wait for them, with a deadline.
    CheckerFixtures.waitFor(() -> HostilePeerTest.liveProberThreads().isEmpty());
    assertThat(HostilePeerTest.liveProberThreads()).isEmpty();
    assertThat(HostilePeerTest.openFileDescriptors()).isLessThanOrEqualTo(fds);
  }

  private static OperationStatus status(HostReport r, String id) {
    return r.operations().stream().filter(s -> s.operation().id().equals(id)).findFirst().get();
  }
}
