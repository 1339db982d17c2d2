package dev.wdmports.firewall.format;

import dev.wdmports.core.Cidr;
import dev.wdmports.core.InvalidInputException;
import dev.wdmports.core.PortRange;
import dev.wdmports.core.PortSet;
import dev.wdmports.core.Transport;
import dev.wdmports.core.internal.Messages;
import dev.wdmports.core.internal.Node;
import dev.wdmports.core.report.Direction;
import dev.wdmports.firewall.Action;
import dev.wdmports.firewall.AddressMatch;
import dev.wdmports.firewall.Decision;
import dev.wdmports.firewall.FlatRule;
import dev.wdmports.firewall.PortMatch;
import dev.wdmports.firewall.Rule;
import dev.wdmports.firewall.RulePolicy;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Reads the JSON of {@code aws ec2 describe-security-groups}.
 *
 * <pre>{@code
 * // aws ec2 describe-security-groups --group-ids sg-0123 sg-0456 > groups.json
 * FirewallPolicy p = AwsSecurityGroupParser.parse(Files.readString(Path.of("groups.json")), "groups.json");
 * }</pre>
 *
 * <p>Every group in the file applies to the host (security groups of an instance are unioned):
 * export only the groups of the instance in question. Security groups only allow, are stateful
 * (return traffic is always allowed) and deny by default in both directions; an egress rule such as
 * the default {@code -1 0.0.0.0/0} opens outbound traffic. {@code IpProtocol} {@code tcp}, {@code
 * udp}, {@code 6}, {@code 17} and {@code -1} (all; ports ignored) are read, others match no TCP/UDP
 * flow. Each {@code IpRanges[].CidrIp} and {@code Ipv6Ranges[].CidrIpv6} is an allow rule on the
 * peer address; a {@code UserIdGroupPairs} or {@code PrefixListIds} entry names peers the file does
 * not list, so it is an unknown rule: flows it might allow are {@code UNKNOWN} with a warning.
 */
final class AwsSecurityGroupParser {
  private AwsSecurityGroupParser() {}

  /**
   * Parses the JSON.
   *
   * @param content the JSON
   * @param sourceName the name for messages
   * @return a block-wins policy with only allow rules, default deny in both directions
   * @throws InvalidInputException naming the line, column and JSON pointer of the first fault
   */
  static RulePolicy parse(String content, String sourceName) {
    FormatSniffer.expect(content, sourceName, PolicyFormat.AWS_SG);
    Node root = Inputs.json(content, sourceName, PolicyFormat.AWS_SG);
    if (!(field(root, "SecurityGroups") instanceof Node.Arr groups)) {
      throw root.error(
          "no \"SecurityGroups\" array: expected the JSON of aws ec2 describe-security-groups");
    }
    RulePolicy.Builder policy =
        RulePolicy.builder().sourceName(sourceName).defaults(Decision.DENY, Decision.DENY);
    for (Node group : groups.items()) {
      String id = text(field(group, "GroupId"), "sg-?");
      String name = text(field(group, "GroupName"), "");
      String groupLabel = name.isEmpty() ? id : id + " (" + name + ")";
      permissions(policy, group, "IpPermissions", Direction.IN, groupLabel);
      permissions(policy, group, "IpPermissionsEgress", Direction.OUT, groupLabel);
    }
    return policy.build();
  }

  private static void permissions(
      RulePolicy.Builder policy, Node group, String field, Direction d, String groupLabel) {
    if (!(field(group, field) instanceof Node.Arr perms)) {
      return;
    }
    String way = d == Direction.IN ? "inbound" : "outbound";
    for (Node p : perms.items()) {
      String proto = text(field(p, "IpProtocol"), "-1").toLowerCase(Locale.ROOT);
      Set<Transport> transports;
      PortMatch ports = PortMatch.any();
      boolean portZero = false;
      switch (proto) {
        case "-1":
        case "all":
          transports = EnumSet.allOf(Transport.class);
          break;
        case "tcp":
        case "6":
        case "udp":
        case "17":
          transports =
              EnumSet.of(proto.equals("tcp") || proto.equals("6") ? Transport.TCP : Transport.UDP);
          ports = ports(p);
          if (ports == null) {
            // FromPort 0, ToPort 0: port 0, a valid number that no flow has
            portZero = true;
            transports = EnumSet.noneOf(Transport.class);
            ports = PortMatch.any();
          }
          break;
        default:
          transports = EnumSet.noneOf(Transport.class);
      }
      String what =
          groupLabel
              + " "
              + way
              + " "
              + proto
              + " "
              + (portZero ? "port 0" : ports.isAny() ? "all ports" : ports.toString());
      for (Node r : items(field(p, "IpRanges"))) {
        add(policy, d, transports, ports, text(field(r, "CidrIp"), ""), what, r);
      }
      for (Node r : items(field(p, "Ipv6Ranges"))) {
        add(policy, d, transports, ports, text(field(r, "CidrIpv6"), ""), what, r);
      }
      for (Node r : items(field(p, "UserIdGroupPairs"))) {
        String peer = text(field(r, "GroupId"), "?");
        policy.rule(
            FlatRule.of(
                d,
                base(transports, ports, what + " from " + peer, r)
                    .addUnknown(
                        "peer security group "
                            + peer
                            + " (its members' addresses are not in the file)")
                    .build()));
      }
      for (Node r : items(field(p, "PrefixListIds"))) {
        String peer = text(field(r, "PrefixListId"), "?");
        policy.rule(
            FlatRule.of(
                d,
                base(transports, ports, what + " from " + peer, r)
                    .addUnknown("prefix list " + peer + " (its networks are not in the file)")
                    .build()));
      }
    }
  }

  /** The TCP/UDP ports of a permission; null for port 0 alone ({@code FromPort 0, ToPort 0}). */
  private static @Nullable PortMatch ports(Node p) {
    int from = integer(field(p, "FromPort"));
    int to = integer(field(p, "ToPort"));
    boolean hasTo = p instanceof Node.Obj o && o.has("ToPort");
    if (from == -1 || (from <= 1 && to == 65535) || (from == 0 && to == 0 && !hasTo)) {
      return PortMatch.any();
    }
    if (from == 0 && to == 0) {
      return null;
    }
    try {
      return PortMatch.of(PortSet.of(PortRange.between(Math.max(1, from), to)));
    } catch (IllegalArgumentException e) {
      throw p.error(e.getMessage() + " (FromPort " + from + ", ToPort " + to + ")");
    }
  }

  private static Rule.Builder base(
      Set<Transport> transports, PortMatch ports, String text, Node r) {
    Rule.Builder b =
        Rule.builder()
            .transports(transports)
            .destinationPorts(ports)
            .action(Action.ACCEPT)
            .text(text)
            .line(r.line())
            .label(r.pointer());
    Node description = field(r, "Description");
    if (description != null && !description.isNull()) {
      b.comment(text(description, ""));
    }
    return b;
  }

  private static void add(
      RulePolicy.Builder policy,
      Direction d,
      Set<Transport> transports,
      PortMatch ports,
      String cidr,
      String what,
      Node r) {
    Cidr c;
    try {
      c = Cidr.parse(cidr);
    } catch (IllegalArgumentException | InvalidInputException e) {
      throw r.error(Messages.of(e));
    }
    AddressMatch peer = AddressMatch.of(c);
    Rule.Builder b = base(transports, ports, what + (d == Direction.IN ? " from " : " to ") + c, r);
    if (d == Direction.IN) {
      b.source(peer);
    } else {
      b.destination(peer);
    }
    policy.rule(FlatRule.of(d, b.build()));
  }

  /** A field of an object; null when the node is not an object or has no such field. */
  private static @Nullable Node field(@Nullable Node n, String name) {
    return n instanceof Node.Obj o ? o.get(name) : null;
  }

  /** The items of a list; none for a missing value or anything else. */
  private static List<Node> items(@Nullable Node n) {
    return n instanceof Node.Arr a ? a.items() : List.of();
  }

  /** The text of a scalar; the default for a missing value or null, empty for a container. */
  private static String text(@Nullable Node n, String dflt) {
    if (n == null || n.isNull()) {
      return dflt;
    }
    return n instanceof Node.Scalar s ? s.text() : "";
  }

  /** A whole number, or a string holding one; -1 when missing or anything else. */
  private static int integer(@Nullable Node n) {
    if (n instanceof Node.Scalar s
        && (s.type() == Node.Scalar.Type.NUMBER || s.type() == Node.Scalar.Type.STRING)) {
      try {
        return Integer.parseInt(s.text().trim());
      } catch (NumberFormatException e) {
        return -1;
      }
    }
    return -1;
  }
}
