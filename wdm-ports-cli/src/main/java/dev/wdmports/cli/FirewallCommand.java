package dev.wdmports.cli;

import dev.wdmports.core.Flow;
import dev.wdmports.core.InvalidInputException;
import dev.wdmports.core.PortRule;
import dev.wdmports.core.catalog.Catalog;
import dev.wdmports.core.deploy.Deployment;
import dev.wdmports.core.internal.Messages;
import dev.wdmports.core.report.Direction;
import dev.wdmports.core.report.HostReport;
import dev.wdmports.core.report.ReportFormat;
import dev.wdmports.firewall.FirewallPolicy;
import dev.wdmports.firewall.FlowToOpen;
import dev.wdmports.firewall.HostCheck;
import dev.wdmports.firewall.RulePolicy;
import dev.wdmports.firewall.WindowsProfile;
import dev.wdmports.firewall.format.FirewallGenerator;
import dev.wdmports.firewall.format.IpSets;
import dev.wdmports.firewall.format.PolicyFormat;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code wdm-ports firewall}: check firewall configurations, generate the rules WDM needs. */
@Command(
    name = "firewall",
    mixinStandardHelpOptions = true,
    description =
        "Check a firewall configuration against WDM's flows, or generate the rules that open them.",
    subcommands = {FirewallCommand.Check.class, FirewallCommand.Generate.class})
final class FirewallCommand {
  private FirewallCommand() {}

  /** {@code wdm-ports firewall check}. */
  @Command(
      name = "check",
      mixinStandardHelpOptions = true,
      description = {
        "Evaluate flows against a host's firewall configuration, as that host sees them: every",
        "flow of --host in the deployment (rolled up into operations), or the given --flow",
        "SRC->DST:PORT/TRANSPORT. Exits 0 when every flow is allowed, else 1."
      })
  static final class Check implements Callable<Integer> {
    @Spec picocli.CommandLine.Model.CommandSpec spec;

    @Mixin CatalogOption catalogOption;

    @Option(
        names = "--policy",
        required = true,
        paramLabel = "FILE",
        description = "The firewall configuration.")
    Path policy;

    @Option(
        names = "--policy-format",
        required = true,
        paramLabel = "FORMAT",
        description =
            "iptables-save (also ip6tables-save), nft-json (nft -j list ruleset), nft (nft list ruleset, or an nft -f file such as /etc/nftables.conf), netsh, powershell-json or aws-sg.")
    String policyFormat;

    @Option(
        names = "--ipsets",
        paramLabel = "FILE",
        description =
            "ipset save output of the same host, for iptables-save rules with -m set --match-set"
                + " (default: none; such rules are then UNKNOWN).")
    @Nullable Path ipsets;

    static final class Flows {
      @ArgGroup(exclusive = false)
      @Nullable HostOfDeployment host;

      @Option(
          names = "--flow",
          paramLabel = "FLOW",
          description =
              "In quotes, e.g. '10.0.0.20->10.0.0.5:443/tcp' (unquoted, the shell reads > as a"
                  + " redirect): SRC->DST:PORT/TRANSPORT. Repeatable.")
      List<String> flows;
    }

    static final class HostOfDeployment extends DeploymentFileOption {
      @Option(
          names = "--host",
          required = true,
          paramLabel = "NAME",
          description = "The deployment's host whose firewall this is.")
      String host;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    Flows what;

    @Option(
        names = "--direction",
        defaultValue = "in",
        description =
            "For --flow: in (the policy's host receives the flow) or out (it sends it). Default: ${DEFAULT-VALUE}.")
    String direction;

    @Option(
        names = "--profile",
        description =
            "Windows Firewall: evaluate one profile (domain, private or public); default: all must agree.")
    @Nullable String profile;

    @Option(
        names = "--interface",
        paramLabel = "NAME",
        description = "The interface flows cross, for rules that match -i/-o (default: unknown).")
    @Nullable String iface;

    @Option(
        names = "--max-policy-bytes",
        defaultValue = "67108864",
        description = "Refuse larger policy files (default: ${DEFAULT-VALUE}, 64 MiB).")
    long maxBytes;

    @Option(
        names = "--format",
        defaultValue = "text",
        description = "text, json, junit or markdown (default: ${DEFAULT-VALUE}).")
    ReportFormat format;

    @Mixin OutputOption output;

    @Override
    public Integer call() {
      PolicyFormat pf = Generate.policyFormat(policyFormat);
      FirewallPolicy p =
          pf.read(policy, maxBytes, ipsets == null ? IpSets.none() : IpSets.read(ipsets));
      if (profile != null) {
        try {
          WindowsProfile chosen = WindowsProfile.valueOf(profile.trim().toUpperCase(Locale.ROOT));
          // Only Windows policies have profiles; chains ignore the option.
          if (p instanceof RulePolicy windows) {
            p = windows.withProfile(chosen);
          }
        } catch (IllegalArgumentException | InvalidInputException e) {
          throw new InvalidInputException(
              "--profile " + profile, "unknown profile: use domain, private or public");
        }
      }
      if (iface != null) {
        p = p.withInterface(iface);
      }
      HostReport report;
      if (what.host != null) {
        Catalog catalog = catalogOption.catalog();
        Deployment d = what.host.deployment(catalog);
        CliInputs.requireHost(d, "--host " + what.host.host, what.host.host);
        // A denied flow whose alternative (http-or-https, a redundant host) is allowed is no
        // failure: the report knows which.
        report = HostCheck.of(p, d, what.host.host);
      } else {
        Direction dir =
            switch (direction.trim().toLowerCase(Locale.ROOT)) {
              case "in" -> Direction.IN;
              case "out" -> Direction.OUT;
              default ->
                  throw new InvalidInputException("--direction " + direction, "use in or out");
            };
        List<Flow> flows = new ArrayList<>();
        for (String f : what.flows) {
          flows.add(parseFlow(f));
        }
        report =
            HostReport.ofFirewall("", HostCheck.check(p, flows, f -> dir), List.of(), Set.of());
      }
      output.write(spec.commandLine().getOut(), format.render(report));
      return report.passed() ? WdmPortsCli.OK : WdmPortsCli.FAILED;
    }

    /**
     * Parses a --flow. Unquoted, {@code 10.0.0.20->10.0.0.5:443/tcp} reaches us as {@code
     * 10.0.0.20-}: the shell took {@code >} for a redirect and wrote a file named after the rest.
     */
    static Flow parseFlow(String f) {
      if (!f.contains("->")) {
        throw new InvalidInputException(
            "--flow " + f,
            f.endsWith("-")
                ? "the flow was cut at '>': the shell read it as a redirect (and created a file"
                    + " named after the rest of the flow; delete it). Quote the flow, e.g. --flow"
                    + " '10.0.0.20->10.0.0.5:443/tcp'"
                : "a flow is SRC->DST:PORT/TRANSPORT, quoted in the shell, e.g. --flow"
                    + " '10.0.0.20->10.0.0.5:443/tcp'");
      }
      try {
        return Flow.parse(f);
      } catch (IllegalArgumentException | InvalidInputException e) {
        throw new InvalidInputException("--flow " + f, Messages.of(e));
      }
    }
  }

  /** {@code wdm-ports firewall generate}. */
  @Command(
      name = "generate",
      mixinStandardHelpOptions = true,
      description = {
        "Print the rules that open exactly what --host needs (inbound for what it listens on,",
        "outbound for what it initiates), restricted to the peer addresses the deployment names.",
        "By default they only add allow rules and change no policy; --default-deny prints a",
        "strict ruleset that drops everything else (SSH, DNS and ICMP included)."
      })
  static final class Generate implements Callable<Integer> {
    @Spec picocli.CommandLine.Model.CommandSpec spec;

    @Mixin CatalogOption catalogOption;

    @Mixin DeploymentFileOption deployment;

    @Option(
        names = "--host",
        required = true,
        paramLabel = "NAME",
        description = "The deployment's host to generate rules for.")
    String host;

    @Option(
        names = "--target",
        required = true,
        description =
            "iptables (iptables-restore --noflush input), nftables (nft -f input), netsh or powershell.")
    String target;

    @Option(
        names = "--default-deny",
        description =
            "Print a strict ruleset instead: policy drop (Windows: block inbound and outbound) for"
                + " everything but these flows, loopback and established traffic. It cuts off SSH,"
                + " DNS, ICMP and every other service; the header says so. Default: off (allow"
                + " rules only).")
    boolean defaultDeny;

    @Override
    public Integer call() {
      FirewallGenerator g;
      try {
        g = FirewallGenerator.fromId(target);
      } catch (IllegalArgumentException | InvalidInputException e) {
        throw new InvalidInputException("--target " + target, Messages.of(e));
      }
      Catalog catalog = catalogOption.catalog();
      Deployment d = deployment.deployment(catalog);
      CliInputs.requireHost(d, "--host " + host, host);
      spec.commandLine()
          .getOut()
          .print(
              g.generate(
                  requests(d, host),
                  defaultDeny
                      ? FirewallGenerator.Mode.DEFAULT_DENY
                      : FirewallGenerator.Mode.ADD_ONLY));
      spec.commandLine().getOut().flush();
      return WdmPortsCli.OK;
    }

    static List<FlowToOpen> requests(Deployment d, String host) {
      List<FlowToOpen> out = new ArrayList<>();
      var direction = HostCheck.asSeenBy(host);
      for (Flow f : d.flowsOf(host)) {
        String function =
            f.rule()
                .flatMap(r -> d.catalog().rule(r))
                .map(PortRule::function)
                .filter(s -> !s.isBlank())
                .orElse(f.rule().orElse("WDM flow"));
        out.add(new FlowToOpen(f, direction.apply(f), function));
      }
      return out;
    }

    static PolicyFormat policyFormat(String id) {
      try {
        return PolicyFormat.fromId(id);
      } catch (IllegalArgumentException | InvalidInputException e) {
        throw new InvalidInputException("--policy-format " + id, Messages.of(e));
      }
    }
  }
}
