package dev.wdmports.firewall.format;

import static java.util.Objects.requireNonNull;

import dev.wdmports.core.Address;
import dev.wdmports.core.Cidr;
import dev.wdmports.core.Transport;
import dev.wdmports.core.internal.EnumIds;
import dev.wdmports.core.report.Direction;
import dev.wdmports.firewall.FlowToOpen;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Writes the firewall configuration that opens the requested flows of one host.
 *
 * <pre>{@code
 * List<FlowToOpen> needs = List.of(
 *     new FlowToOpen(Flow.parse("10.0.1.0/24->10.0.0.5:443/tcp"), Direction.IN, "device check-in"));
 * String rules = FirewallGenerator.IPTABLES.generate(needs); // iptables-restore --noflush < rules
 * String strict = FirewallGenerator.IPTABLES.generate(needs, FirewallGenerator.Mode.DEFAULT_DENY);
 * }</pre>
 *
 * <p>By default ({@link Mode#ADD_ONLY}) the output only adds allow rules for WDM's flows: it
 * changes no policy and removes no rule of the host, so it cannot cut the operator off.
 *
 * <ul>
 *   <li>{@link #IPTABLES}: an {@code iptables-restore --noflush} file for the filter table that
 *       appends one {@code ACCEPT} rule per flow to {@code INPUT} or {@code OUTPUT}, with {@code -m
 *       comment --comment "WDM: ..."}; no chain declarations, so no policy changes. An earlier
 *       {@code DROP} or {@code REJECT} of the host's still wins. IPv4 only.
 *   <li>{@link #NFTABLES}: an {@code nft -f} script that (re)creates table {@code inet wdm_ports}
 *       with {@code input} and {@code output} base chains of {@code policy accept} holding accept
 *       rules only, IPv4 and IPv6. A packet dropped by any base chain is dropped, so this table
 *       changes nothing for other traffic, and the host's own tables must let WDM's flows through.
 *   <li>{@link #NETSH} and {@link #POWERSHELL}: one allow rule per flow ({@code netsh advfirewall
 *       firewall add rule} / {@code New-NetFirewallRule}) for all profiles; the defaults (inbound
 *       blocked, outbound allowed) are not changed.
 * </ul>
 *
 * <p>{@link Mode#DEFAULT_DENY} writes a strict ruleset instead: iptables {@code INPUT} and {@code
 * OUTPUT} policy {@code DROP} (replacing the host's filter table), nftables chains with {@code
 * policy drop}, Windows profiles that block inbound and outbound by default; loopback and
 * established traffic are kept, and the header says in capitals what it cuts off (SSH, DNS, ICMP,
 * every other service).
 *
 * <p>Every rule is restricted to the peer the flow names (the source of an inbound flow, the
 * destination of an outbound one), as an address or CIDR. A peer known only by a DNS name cannot be
 * restricted: its rule opens the port for every peer, and a comment line says so. Identical rules
 * are written once. Output is deterministic. The enum is immutable and thread-safe.
 *
 * @since 0.1.0
 */
public enum FirewallGenerator {
  /** iptables-restore format. */
  IPTABLES,
  /** nft -f script. */
  NFTABLES,
  /** netsh advfirewall commands. */
  NETSH,
  /** PowerShell New-NetFirewallRule commands. */
  POWERSHELL;

  /**
   * What a generated ruleset does to traffic that is not one of the requested flows.
   *
   * @since 0.1.0
   */
  public enum Mode {
    /**
     * The default: only allow rules for the requested flows are added; no policy, chain or rule of
     * the host changes, so other traffic is treated as before.
     */
    ADD_ONLY,
    /**
     * A strict ruleset: everything that is not a requested flow, loopback or established traffic is
     * dropped (SSH, DNS and ICMP included); the output's header says so.
     */
    DEFAULT_DENY
  }

  /**
   * Returns the command-line id ({@code iptables}, {@code nftables}, {@code netsh}, {@code
   * powershell}).
   *
   * @return the id
   */
  public String id() {
    return EnumIds.id(this);
  }

  /**
   * Looks a generator up by id.
   *
   * @param id the id, in any case
   * @return the generator
   * @throws dev.wdmports.core.InvalidInputException naming the id and the known ones
   */
  public static FirewallGenerator fromId(String id) {
    return EnumIds.parse(FirewallGenerator.class, id, "target");
  }

  /**
   * Writes the allow rules for the requested flows, changing nothing else ({@link Mode#ADD_ONLY}).
   *
   * @param requests the flows to open, each with its direction on this host
   * @return the text, ending with a newline
   * @throws IllegalArgumentException for {@link #IPTABLES} when a peer is IPv6
   */
  public String generate(List<FlowToOpen> requests) {
    return generate(requests, Mode.ADD_ONLY);
  }

  /**
   * Writes the configuration in the given mode.
   *
   * @param requests the flows to open, each with its direction on this host
   * @param mode {@link Mode#ADD_ONLY} (allow rules only) or {@link Mode#DEFAULT_DENY} (a strict
   *     ruleset that drops everything else)
   * @return the text, ending with a newline
   * @throws IllegalArgumentException for {@link #IPTABLES} when a peer is IPv6
   */
  public String generate(List<FlowToOpen> requests, Mode mode) {
    requireNonNull(requests, "requests");
    requireNonNull(mode, "mode");
    boolean deny = mode == Mode.DEFAULT_DENY;
    return switch (this) {
      case IPTABLES -> iptables(requests, deny);
      case NFTABLES -> nftables(requests, deny);
      case NETSH -> windows(requests, false, deny);
      case POWERSHELL -> windows(requests, true, deny);
    };
  }

  /**
   * The header of a default-deny ruleset: what it cuts off, in capitals.
   *
   * @param prefix the comment marker of the target ({@code #} or {@code REM})
   * @param keeps what the ruleset still lets through besides the flows
   */
  private static List<String> denyHeader(String prefix, String keeps) {
    return List.of(
        prefix
            + " WARNING: DEFAULT-DENY RULESET. EVERYTHING NOT LISTED BELOW IS BLOCKED, INBOUND AND",
        prefix + " OUTBOUND: IT CUTS OFF SSH (TCP 22), DNS (UDP/TCP 53), ICMP (PING, PATH MTU",
        prefix + " DISCOVERY), AND EVERY OTHER INBOUND AND OUTBOUND SERVICE OF THIS HOST.",
        prefix + " IT KEEPS " + keeps + ". ADD YOUR OWN",
        prefix + " MANAGEMENT ACCESS BEFORE LOADING IT, OR YOU MAY LOCK YOURSELF OUT.");
  }

  private static Optional<Cidr> peer(FlowToOpen r) {
    return r.peer().filter(a -> !a.isDnsName()).flatMap(Address::cidr);
  }

  private static String unrestricted(FlowToOpen r, String commentPrefix) {
    return commentPrefix
        + " WDM: peer "
        + r.peer().map(Address::text).orElse("(none)")
        + " of "
        + r.flow().id()
        + " is not an IP address or CIDR: its rule is open to every peer";
  }

  private static String sanitize(String comment, int max) {
    String c = comment.replace('"', '\'').replace('\\', '/').replaceAll("[\\r\\n]+", " ");
    return c.length() > max ? c.substring(0, max - 3) + "..." : c;
  }

  private static String iptables(List<FlowToOpen> requests, boolean deny) {
    Set<String> in = new LinkedHashSet<>();
    Set<String> out = new LinkedHashSet<>();
    List<String> notes = new ArrayList<>();
    for (FlowToOpen r : requests) {
      Optional<Cidr> peer = peer(r);
      if (peer.isPresent() && !peer.get().isIpv4()) {
        throw new IllegalArgumentException(
            "flow "
                + r.flow().id()
                + " has an IPv6 peer: iptables rules are IPv4; generate nftables (inet) instead");
      }
      if (peer.isEmpty()) {
        notes.add(unrestricted(r, "#"));
      }
      boolean inbound = r.direction() == Direction.IN;
      StringBuilder sb = new StringBuilder(inbound ? "-A INPUT" : "-A OUTPUT");
      peer.ifPresent(p -> sb.append(inbound ? " -s " : " -d ").append(cidr(p)));
      String t = r.flow().transport().id();
      sb.append(" -p ")
          .append(t)
          .append(" -m ")
          .append(t)
          .append(" --dport ")
          .append(r.flow().port());
      sb.append(" -m comment --comment \"").append(sanitize(r.comment(), 250)).append('"');
      sb.append(" -j ACCEPT");
      (inbound ? in : out).add(sb.toString());
    }
    List<String> lines = new ArrayList<>();
    if (deny) {
      lines.add(
          "# Generated by wdm-ports: opens exactly the flows below and drops everything else."
              + " Load with iptables-restore (it replaces the filter table).");
      lines.addAll(denyHeader("#", "LOOPBACK AND ESTABLISHED/RELATED TRAFFIC"));
    } else {
      lines.add(
          "# Generated by wdm-ports: allow rules for the flows below, appended to INPUT and OUTPUT;"
              + " no policy or existing rule changes.");
      lines.add("# Load with: iptables-restore --noflush < FILE (without --noflush it would flush");
      lines.add(
          "# the filter table). A DROP or REJECT of yours earlier in a chain still wins: check");
      lines.add("# your rules with wdm-ports firewall check --policy-format iptables-save.");
    }
    lines.addAll(notes);
    lines.add("*filter");
    if (deny) {
      lines.add(":INPUT DROP [0:0]");
      lines.add(":OUTPUT DROP [0:0]");
      lines.add("-A INPUT -i lo -j ACCEPT");
      lines.add("-A INPUT -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT");
    }
    lines.addAll(in);
    if (deny) {
      lines.add("-A OUTPUT -o lo -j ACCEPT");
      lines.add("-A OUTPUT -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT");
    }
    lines.addAll(out);
    lines.add("COMMIT");
    return String.join("\n", lines) + "\n";
  }

  private static String cidr(Cidr c) {
    return c.network().getHostAddress().replaceAll("%.*$", "") + "/" + c.prefixLength();
  }

  private static String nftables(List<FlowToOpen> requests, boolean deny) {
    Set<String> in = new LinkedHashSet<>();
    Set<String> out = new LinkedHashSet<>();
    List<String> notes = new ArrayList<>();
    for (FlowToOpen r : requests) {
      Optional<Cidr> peer = peer(r);
      if (peer.isEmpty()) {
        notes.add(unrestricted(r, "#"));
      }
      boolean inbound = r.direction() == Direction.IN;
      StringBuilder sb = new StringBuilder("\t\t");
      peer.ifPresent(
          p ->
              sb.append(p.isIpv4() ? "ip " : "ip6 ")
                  .append(inbound ? "saddr " : "daddr ")
                  .append(p)
                  .append(' '));
      sb.append(r.flow().transport().id()).append(" dport ").append(r.flow().port());
      sb.append(" accept comment \"").append(sanitize(r.comment(), 120)).append('"');
      (inbound ? in : out).add(sb.toString());
    }
    List<String> lines = new ArrayList<>();
    lines.add("#!/usr/sbin/nft -f");
    if (deny) {
      lines.add(
          "# Generated by wdm-ports: opens exactly the flows below and drops everything else."
              + " Load with nft -f.");
      lines.addAll(denyHeader("#", "LOOPBACK AND ESTABLISHED/RELATED TRAFFIC"));
    } else {
      lines.add(
          "# Generated by wdm-ports: accept rules for the flows below in a table of its own whose"
              + " chains have policy accept. Load with nft -f.");
      lines.add(
          "# A packet dropped by any base chain is dropped, so this table changes nothing for");
      lines.add(
          "# other traffic, and it cannot open what your own tables drop: they must let these");
      lines.add(
          "# flows through (check with wdm-ports firewall check --policy-format nft-json on the");
      lines.add("# output of nft -j list ruleset).");
    }
    lines.addAll(notes);
    lines.add("add table inet wdm_ports");
    lines.add("delete table inet wdm_ports");
    lines.add("table inet wdm_ports {");
    chain(lines, "input", "iif", in, deny);
    chain(lines, "output", "oif", out, deny);
    lines.add("}");
    return String.join("\n", lines) + "\n";
  }

  private static void chain(
      List<String> lines, String name, String iface, Set<String> rules, boolean deny) {
    lines.add("\tchain " + name + " {");
    lines.add(
        "\t\ttype filter hook "
            + name
            + " priority filter; policy "
            + (deny ? "drop" : "accept")
            + ";");
    if (deny) {
      lines.add("\t\t" + iface + " \"lo\" accept");
      lines.add("\t\tct state established,related accept");
    }
    lines.addAll(rules);
    lines.add("\t}");
  }

  private static String windows(List<FlowToOpen> requests, boolean powershell, boolean deny) {
    Set<String> lines = new LinkedHashSet<>();
    List<String> notes = new ArrayList<>();
    String commentPrefix = powershell ? "#" : "REM";
    for (FlowToOpen r : requests) {
      Optional<Cidr> peer = peer(r);
      if (peer.isEmpty()) {
        notes.add(unrestricted(r, commentPrefix));
      }
      boolean inbound = r.direction() == Direction.IN;
      String proto = r.flow().transport() == Transport.TCP ? "TCP" : "UDP";
      String name = sanitize(r.comment(), 200);
      int port = r.flow().port();
      if (powershell) {
        StringBuilder sb =
            new StringBuilder("New-NetFirewallRule -DisplayName '")
                .append(name.replace("'", "''"))
                .append("' -Direction ")
                .append(inbound ? "Inbound" : "Outbound")
                .append(" -Action Allow -Protocol ")
                .append(proto)
                .append(inbound ? " -LocalPort " : " -RemotePort ")
                .append(port);
        peer.ifPresent(p -> sb.append(" -RemoteAddress ").append(p));
        sb.append(" -Profile Any -Enabled True");
        lines.add(sb.toString());
      } else {
        StringBuilder sb =
            new StringBuilder("netsh advfirewall firewall add rule name=\"")
                .append(name)
                .append("\" dir=")
                .append(inbound ? "in" : "out")
                .append(" action=allow protocol=")
                .append(proto)
                .append(inbound ? " localport=" : " remoteport=")
                .append(port);
        peer.ifPresent(p -> sb.append(" remoteip=").append(p));
        sb.append(" profile=any enable=yes");
        lines.add(sb.toString());
      }
    }
    List<String> all = new ArrayList<>();
    String run = powershell ? " (run as administrator)." : " (run as administrator in cmd.exe).";
    if (deny) {
      all.add(
          commentPrefix
              + " Generated by wdm-ports: allow rules for exactly the flows below, and every"
              + " profile set to block all other inbound and outbound connections"
              + run);
      all.addAll(
          denyHeader(
              commentPrefix,
              "THE REPLIES TO ALLOWED CONNECTIONS (WINDOWS FIREWALL IS STATEFUL) AND THE ALLOW"
                  + " RULES ALREADY ON THE HOST"));
    } else {
      all.add(
          commentPrefix
              + " Generated by wdm-ports: allow rules for exactly the flows below; the profiles'"
              + " defaults are not changed"
              + run);
    }
    all.addAll(notes);
    if (deny) {
      all.add(
          powershell
              ? "Set-NetFirewallProfile -Profile Domain,Private,Public -Enabled True"
                  + " -DefaultInboundAction Block -DefaultOutboundAction Block"
              : "netsh advfirewall set allprofiles state on\r\n"
                  + "netsh advfirewall set allprofiles firewallpolicy blockinbound,blockoutbound");
    }
    all.addAll(lines);
    return String.join(powershell ? "\n" : "\r\n", all) + (powershell ? "\n" : "\r\n");
  }

  @Override
  public String toString() {
    return id();
  }
}
