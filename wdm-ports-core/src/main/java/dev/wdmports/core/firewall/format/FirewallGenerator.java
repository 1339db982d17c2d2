package dev.wdmports.core.firewall.format;

import static java.util.Objects.requireNonNull;

import dev.wdmports.core.Address;
import dev.wdmports.core.Cidr;
import dev.wdmports.core.Transport;
import dev.wdmports.core.firewall.Direction;
import dev.wdmports.core.firewall.RuleRequest;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Writes the firewall configuration that opens exactly the requested flows of one host.
 *
 * <pre>{@code
 * List<RuleRequest> needs = List.of(
 *     new RuleRequest(Flow.parse("10.0.1.0/24->10.0.0.5:443/tcp"), Direction.IN, "device check-in"));
 * String rules = FirewallGenerator.IPTABLES.generate(needs); // iptables-restore < rules
 * }</pre>
 *
 * <ul>
 *   <li>{@link #IPTABLES}: an {@code iptables-restore} file for the filter table: {@code INPUT} and
 *       {@code OUTPUT} policy {@code DROP}, loopback and {@code ESTABLISHED,RELATED} return traffic
 *       accepted, then one rule per flow with {@code -m comment --comment "WDM: ..."}. IPv4 only;
 *       it replaces the host's filter table.
 *   <li>{@link #NFTABLES}: an {@code nft -f} script that (re)creates table {@code inet wdm_ports}
 *       with {@code input} and {@code output} base chains of the same shape, IPv4 and IPv6. Other
 *       tables of the host still apply (a drop there is final).
 *   <li>{@link #NETSH} and {@link #POWERSHELL}: one allow rule per flow ({@code netsh advfirewall
 *       firewall add rule} / {@code New-NetFirewallRule}) for all profiles. Windows blocks inbound
 *       and allows outbound by default; these commands do not change the defaults.
 * </ul>
 *
 * <p>Every rule is restricted to the peer the flow names (the source of an inbound flow, the
 * destination of an outbound one), as an address or CIDR. A peer known only by a DNS name cannot be
 * restricted: its rule opens the port for every peer, and a comment line says so. Identical rules
 * are written once. Output is deterministic.
 */
public enum FirewallGenerator {
  /** iptables-restore format. */
  IPTABLES("iptables"),
  /** nft -f script. */
  NFTABLES("nftables"),
  /** netsh advfirewall commands. */
  NETSH("netsh"),
  /** PowerShell New-NetFirewallRule commands. */
  POWERSHELL("powershell");

  private final String id;

  FirewallGenerator(String id) {
    this.id = id;
  }

  /**
   * Returns the command-line id ({@code iptables}, {@code nftables}, {@code netsh}, {@code
   * powershell}).
   *
   * @return the id
   */
  public String id() {
    return id;
  }

  /**
   * Looks a generator up by id.
   *
   * @param id the id, in any case
   * @return the generator
   * @throws IllegalArgumentException naming the id and the known ones
   */
  public static FirewallGenerator fromId(String id) {
    for (FirewallGenerator g : values()) {
      if (g.id.equalsIgnoreCase(id.trim())) {
        return g;
      }
    }
    throw new IllegalArgumentException(
        "target \"" + id + "\" is not known: use iptables, nftables, netsh or powershell");
  }

  /**
   * Writes the configuration.
   *
   * @param requests the flows to open, each with its direction on this host
   * @return the text, ending with a newline
   * @throws IllegalArgumentException for {@link #IPTABLES} when a peer is IPv6
   */
  public String generate(List<RuleRequest> requests) {
    requireNonNull(requests, "requests");
    switch (this) {
      case IPTABLES:
        return iptables(requests);
      case NFTABLES:
        return nftables(requests);
      case NETSH:
        return windows(requests, false);
      default:
        return windows(requests, true);
    }
  }

  private static Optional<Cidr> peer(RuleRequest r) {
    return r.peer().filter(a -> !a.isDnsName()).flatMap(Address::cidr);
  }

  private static String unrestricted(RuleRequest r, String commentPrefix) {
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

  private static String iptables(List<RuleRequest> requests) {
    Set<String> in = new LinkedHashSet<>();
    Set<String> out = new LinkedHashSet<>();
    List<String> notes = new ArrayList<>();
    for (RuleRequest r : requests) {
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
    lines.add(
        "# Generated by wdm-ports: opens exactly the flows below. Load with iptables-restore.");
    lines.addAll(notes);
    lines.add("*filter");
    lines.add(":INPUT DROP [0:0]");
    lines.add(":OUTPUT DROP [0:0]");
    lines.add("-A INPUT -i lo -j ACCEPT");
    lines.add("-A INPUT -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT");
    lines.addAll(in);
    lines.add("-A OUTPUT -o lo -j ACCEPT");
    lines.add("-A OUTPUT -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT");
    lines.addAll(out);
    lines.add("COMMIT");
    return String.join("\n", lines) + "\n";
  }

  private static String cidr(Cidr c) {
    return c.network().getHostAddress().replaceAll("%.*$", "") + "/" + c.prefixLength();
  }

  private static String nftables(List<RuleRequest> requests) {
    Set<String> in = new LinkedHashSet<>();
    Set<String> out = new LinkedHashSet<>();
    List<String> notes = new ArrayList<>();
    for (RuleRequest r : requests) {
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
    lines.add("# Generated by wdm-ports: opens exactly the flows below. Load with nft -f.");
    lines.addAll(notes);
    lines.add("add table inet wdm_ports");
    lines.add("delete table inet wdm_ports");
    lines.add("table inet wdm_ports {");
    chain(lines, "input", "iif", in);
    chain(lines, "output", "oif", out);
    lines.add("}");
    return String.join("\n", lines) + "\n";
  }

  private static void chain(List<String> lines, String name, String iface, Set<String> rules) {
    lines.add("\tchain " + name + " {");
    lines.add("\t\ttype filter hook " + name + " priority filter; policy drop;");
    lines.add("\t\t" + iface + " \"lo\" accept");
    lines.add("\t\tct state established,related accept");
    lines.addAll(rules);
    lines.add("\t}");
  }

  private static String windows(List<RuleRequest> requests, boolean powershell) {
    Set<String> lines = new LinkedHashSet<>();
    List<String> notes = new ArrayList<>();
    String commentPrefix = powershell ? "#" : "REM";
    for (RuleRequest r : requests) {
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
    all.add(
        commentPrefix
            + " Generated by wdm-ports: allow rules for exactly the flows below"
            + (powershell ? " (run as administrator)." : " (run as administrator in cmd.exe)."));
    all.addAll(notes);
    all.addAll(lines);
    return String.join(powershell ? "\n" : "\r\n", all) + (powershell ? "\n" : "\r\n");
  }

  @Override
  public String toString() {
    return id.toLowerCase(Locale.ROOT);
  }
}
