package com.example.consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wdmports.core.Flow;
import dev.wdmports.core.catalog.Catalogs;
import dev.wdmports.core.deploy.Deployment;
import dev.wdmports.core.deploy.Host;
import dev.wdmports.firewall.Decision;
import dev.wdmports.core.report.Direction;
import dev.wdmports.firewall.FirewallPolicy;
import dev.wdmports.firewall.format.PolicyFormat;
import dev.wdmports.probe.CheckerRegistry;
import dev.wdmports.core.report.HostReport;
import dev.wdmports.probe.Preflight;
import dev.wdmports.core.report.ProbeStatus;
import dev.wdmports.probe.ProbeTarget;
import dev.wdmports.probe.Prober;
import dev.wdmports.peers.LocalPeer;
import dev.wdmports.peers.LocalPeers;
import dev.wdmports.peers.PeerKind;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** What a user does with the published artifacts; runs on the module path and the class path. */
class ConsumerTest {
  private static final String PATH = System.getProperty("consumer.path", "?");

  @Test
  void serviceLoader_findsTheBuiltInCheckers_andOurs() {
    CheckerRegistry registry = CheckerRegistry.defaults();
    for (String id : new String[] {"tcp", "http", "https", "ftp", "vnc", "tds", "tftp", "greeting"}) {
      assertTrue(registry.find(id).isPresent(), PATH + " path: checker " + id + " in " + registry.ids());
    }
    assertTrue(registry.problems().isEmpty(), PATH + " path: " + registry.problems());
    assertEquals(module(), PATH.equals("module"), "running on the " + PATH + " path");
  }

  private static boolean module() {
    return ConsumerTest.class.getModule().isNamed();
  }

  @Test
  void ourChecker_andABuiltInOne_probeLocalPeers() {
    try (LocalPeers peers = LocalPeers.start(PeerKind.FTP)) {
      LocalPeer ftp = peers.peer(PeerKind.FTP);
      Prober prober = Prober.builder().timeout(Duration.ofSeconds(2)).build();
      assertEquals(ProbeStatus.OPEN, prober.probe(ProbeTarget.of(ftp.host(), ftp.port(), "greeting")).status());
      assertEquals(ProbeStatus.OPEN, prober.probe(ProbeTarget.of(ftp.host(), ftp.port(), "ftp")).status());
    }
  }

  @Test
  void preflight_rollsLocalPeersUpIntoOperations() {
    try (LocalPeers peers = LocalPeers.start(PeerKind.FTP)) {
      Deployment d =
          Deployment.builder(
                  Catalogs.wdm().toBuilder()
                      .rule(new dev.wdmports.core.PortRule(
                          "gui-to-master-repository-ftp", "gui", "master-repository", "ftp",
                          dev.wdmports.core.PortSet.of(peers.peer(PeerKind.FTP).port()),
                          peers.peer(PeerKind.FTP).port(), java.util.Optional.empty(), false,
                          "Register new packages into the Master Software Repository.",
                          dev.wdmports.core.Provenance.user()))
                      .build())
              .host(Host.of("console", "127.0.0.1", "gui"))
              .host(Host.of("repo", "127.0.0.1", "master-repository"))
              .build();
      HostReport report = Preflight.builder().build().run(d, "console");
      assertEquals("available", report.explain(report.operations().get(7)));
    }
  }

  @Test
  void softAssertions_collectFailures_withNoJvmFlag() {
    FirewallPolicy p =
        PolicyFormat.IPTABLES_SAVE.parse(
            "*filter\n:INPUT DROP [0:0]\nCOMMIT\n", "closed.rules");
    dev.wdmports.test.WdmSoftAssertions softly = new dev.wdmports.test.WdmSoftAssertions();
    softly.assertThat(p).allows(Flow.parse("10.0.0.20->10.0.0.5:443/tcp"));
    softly.assertThat(p).allows(Flow.parse("10.0.0.20->10.0.0.5:80/tcp"));
    assertEquals(2, softly.errorsCollected().size(), PATH);
  }

  @Test
  void firewallFile_isEvaluated() {
    FirewallPolicy p =
        PolicyFormat.IPTABLES_SAVE.parse(
            "*filter\n:INPUT DROP [0:0]\n:OUTPUT ACCEPT [0:0]\n-A INPUT -p tcp --dport 443 -j ACCEPT\nCOMMIT\n",
            "server.rules");
    assertEquals(Decision.ALLOW, p.evaluate(Flow.parse("10.0.0.20->10.0.0.5:443/tcp"), Direction.IN).decision());
    assertEquals(Decision.DENY, p.evaluate(Flow.parse("10.0.0.20->10.0.0.5:80/tcp"), Direction.IN).decision());
  }
}
