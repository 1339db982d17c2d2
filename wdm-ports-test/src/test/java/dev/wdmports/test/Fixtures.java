package dev.wdmports.test;

import dev.wdmports.core.catalog.Catalogs;
import dev.wdmports.core.deploy.Deployment;
import dev.wdmports.core.deploy.Deployments;
import dev.wdmports.firewall.FirewallPolicy;
import dev.wdmports.firewall.format.PolicyFormat;
import java.nio.file.Path;

/** The example deployment and firewall policies the tests share. */
final class Fixtures {
  static final Deployment SITE =
      Deployments.read(Path.of("../examples/branch-office.yaml"), Catalogs.wdm());
  static final FirewallPolicy OPEN_SERVER =
      PolicyFormat.IPTABLES_SAVE.read(Path.of("../examples/firewall/wdm-server.iptables"));
  static final FirewallPolicy DROPS_443 =
      PolicyFormat.IPTABLES_SAVE.read(
          Path.of("../examples/firewall/wdm-server-drops-443.iptables"));

  private Fixtures() {}

  /** Joins lines as the failure messages do. */
  static String lines(String... lines) {
    return String.join(System.lineSeparator(), lines);
  }
}
