package dev.wdmports.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.wdmports.core.Flow;
import dev.wdmports.core.InvalidInputException;
import dev.wdmports.core.PortRule;
import dev.wdmports.core.catalog.Catalog;
import dev.wdmports.core.deploy.Deployment;
import dev.wdmports.core.graph.OperationStatus;
import dev.wdmports.firewall.CheckedFlow;
import dev.wdmports.firewall.Decision;
import dev.wdmports.firewall.Direction;
import dev.wdmports.firewall.FirewallCheck;
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
import java.util.stream.Collectors;
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
    enum Format {
      TEXT,
      JSON,
      JUNIT
    }

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
    Path ipsets;

    static final class Flows {
      @ArgGroup(exclusive = false)
      HostOfDeployment host;

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
    String profile;

    @Option(
        names = "--interface",
        paramLabel = "NAME",
        description = "The interface flows cross, for rules that match -i/-o (default: unknown).")
    String iface;

    @Option(
        names = "--max-policy-bytes",
        defaultValue = "67108864",
        description = "Refuse larger policy files (default: ${DEFAULT-VALUE}, 64 MiB).")
    long maxBytes;

    @Option(
        names = "--format",
        defaultValue = "text",
        description = "text, json or junit (default: ${DEFAULT-VALUE}).")
    Format format;

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
      List<CheckedFlow> checked;
      List<OperationStatus> operations = List.of();
      HostCheck host = null;
      // A denied flow whose alternative (http-or-https, a redundant host) is allowed is no failure.
      boolean passed;
      // The flows whose verdict fails the check (every one not allowed, unless an alternative is).
      Set<Flow> unmet = null;
      if (what.host != null) {
        Catalog catalog = catalogOption.catalog();
        Deployment d = what.host.deployment(catalog);
        CliInputs.requireHost(d, "--host " + what.host.host, what.host.host);
        host = HostCheck.of(p, d, what.host.host);
        checked = host.flows();
        operations = host.operations();
        Set<Flow> allowed =
            checked.stream()
                .filter(c -> c.decision() == Decision.ALLOW)
                .map(CheckedFlow::flow)
                .collect(Collectors.toSet());
        unmet =
            Set.copyOf(
                d.unmet(checked.stream().map(CheckedFlow::flow).toList(), allowed::contains));
        passed = unmet.isEmpty();
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
        checked = FirewallCheck.check(p, flows, f -> dir);
        passed = checked.stream().allMatch(c -> c.decision() == Decision.ALLOW);
      }
      var out = spec.commandLine().getOut();
      switch (format) {
        case JSON -> out.println(Json.write(json(checked, operations, host)));
        case JUNIT -> out.print(junit(checked, operations, host, unmet));
        case TEXT -> out.print(text(checked, operations, host));
      }
      if (passed
          && format == Format.TEXT
          && !checked.stream().allMatch(c -> c.decision() == Decision.ALLOW)) {
        out.println(
            "Each flow that is not allowed has an allowed alternative (the other port under"
                + " security http-or-https, or a redundant host).");
      }
      out.flush();
      return passed ? WdmPortsCli.OK : WdmPortsCli.FAILED;
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
        throw new InvalidInputException("--flow " + f, e.getMessage());
      }
    }

    private static String ruleOf(CheckedFlow c) {
      return c.verdict().rule().map(r -> r.text()).orElse("(default policy)");
    }

    static ObjectNode json(
        List<CheckedFlow> checked, List<OperationStatus> operations, HostCheck host) {
      ObjectNode root = Json.object();
      ObjectNode summary = root.putObject("summary");
      summary.put("flows", checked.size());
      for (Decision d : Decision.values()) {
        String key =
            switch (d) {
              case ALLOW -> "allowed";
              case DENY -> "denied";
              case UNKNOWN -> "unknown";
            };
        summary.put(key, checked.stream().filter(c -> c.decision() == d).count());
      }
      ArrayNode flows = root.putArray("flows");
      for (CheckedFlow c : checked) {
        ObjectNode o = flows.addObject();
        o.put("flow", c.flow().id());
        c.flow().rule().ifPresent(r -> o.put("catalogRule", r));
        o.put("direction", c.direction().name());
        o.put("verdict", c.decision().name());
        o.put("rule", ruleOf(c));
        o.put("line", c.verdict().line());
        ArrayNode path = o.putArray("path");
        c.verdict().path().forEach(path::add);
        ArrayNode warnings = o.putArray("warnings");
        c.verdict().warnings().forEach(warnings::add);
      }
      ArrayNode ops = root.putArray("operations");
      for (OperationStatus s : operations) {
        ObjectNode o = ops.addObject();
        o.put("id", s.operation().id());
        o.put("available", s.available());
        o.put("availability", s.availability().name());
        ArrayNode by = o.putArray("blockedBy");
        s.blockedBy().stream().map(Flow::id).distinct().forEach(by::add);
        o.put("reason", host.explain(s));
      }
      return root;
    }

    static String text(
        List<CheckedFlow> checked, List<OperationStatus> operations, HostCheck host) {
      TextTable t = new TextTable("FLOW", "DIR", "VERDICT", "DECIDED BY");
      for (CheckedFlow c : checked) {
        t.row(c.flow().toString(), c.direction(), c.decision(), HostCheck.decidedBy(c));
        for (String w : c.verdict().warnings()) {
          t.row("", "", "", "warning: " + w);
        }
      }
      StringBuilder sb = new StringBuilder(t.text());
      if (!operations.isEmpty()) {
        sb.append('\n');
        TextTable ops = new TextTable("OPERATION", "STATUS", "BECAUSE");
        for (OperationStatus s : operations) {
          String why = Reasons.because(host.explain(s));
          ops.row(s.operation().id(), s.availability(), why);
        }
        sb.append(ops.text());
      }
      sb.append('\n').append(HostCheck.summary(checked)).append('\n');
      return sb.toString();
    }

    /**
     * The JUnit XML of a check. {@code unmet}: the flows that fail it ({@code null}: every flow not
     * allowed); a flow not allowed whose alternative is allowed is skipped, neither a pass nor a
     * failure, as the exit code does not fail on it.
     */
    static String junit(
        List<CheckedFlow> checked,
        List<OperationStatus> operations,
        HostCheck host,
        Set<Flow> unmet) {
      JUnitXml x = new JUnitXml().suite("wdm-ports firewall flows");
      for (CheckedFlow c : checked) {
        if (c.decision() == Decision.ALLOW) {
          x.pass(c.flow().toString(), "firewall", 0);
        } else if (unmet != null && !unmet.contains(c.flow())) {
          x.skip(
              c.flow().toString(),
              "firewall",
              0,
              c.decision()
                  + " by "
                  + HostCheck.decidedBy(c)
                  + ", but an allowed alternative stands in for it (security http-or-https or a"
                  + " redundant host)");
        } else {
          x.fail(
              c.flow().toString(),
              "firewall",
              0,
              c.decision() + " by " + HostCheck.decidedBy(c),
              String.join("\n", c.verdict().warnings()));
        }
      }
      if (!operations.isEmpty()) {
        x.suite("wdm-ports firewall operations");
        for (OperationStatus s : operations) {
          String id = s.operation().id();
          switch (s.availability()) {
            case AVAILABLE, DEGRADED -> x.pass(id, "operations", 0);
            case BROKEN -> x.fail(id, "operations", 0, id + ": " + host.explain(s), null);
            case UNKNOWN -> x.skip(id, "operations", 0, id + ": " + host.explain(s));
          }
        }
      }
      return x.write();
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
        throw new InvalidInputException("--target " + target, e.getMessage());
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
      var direction = FirewallCheck.asSeenBy(host);
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
        throw new InvalidInputException("--policy-format " + id, e.getMessage());
      }
    }
  }
}
