package dev.wdmports.firewall.format;

import com.fasterxml.jackson.databind.JsonNode;
import dev.wdmports.core.Cidr;
import dev.wdmports.core.InvalidInputException;
import dev.wdmports.core.PortRange;
import dev.wdmports.core.PortSet;
import dev.wdmports.core.Transport;
import dev.wdmports.core.report.Direction;
import dev.wdmports.firewall.Action;
import dev.wdmports.firewall.AddressMatch;
import dev.wdmports.firewall.Decision;
import dev.wdmports.firewall.PortMatch;
import dev.wdmports.firewall.Rule;
import dev.wdmports.firewall.RulePolicy;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

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
    JsonDocument doc =
        JsonDocument.parse(content, sourceName, "the JSON of aws ec2 describe-security-groups");
    JsonNode groups = doc.root.get("SecurityGroups");
    if (groups == null || !groups.isArray()) {
      throw doc.error(
          "", "no \"SecurityGroups\" array: expected the JSON of aws ec2 describe-security-groups");
    }
    RulePolicy.Builder policy =
        RulePolicy.builder().sourceName(sourceName).defaults(Decision.DENY, Decision.DENY);
    for (int g = 0; g < groups.size(); g++) {
      JsonNode group = groups.get(g);
      String id = group.path("GroupId").asText("sg-?");
      String name = group.path("GroupName").asText("");
      String groupLabel = name.isEmpty() ? id : id + " (" + name + ")";
      permissions(
          doc, policy, group, "/SecurityGroups/" + g, "IpPermissions", Direction.IN, groupLabel);
      permissions(
          doc,
          policy,
          group,
          "/SecurityGroups/" + g,
          "IpPermissionsEgress",
          Direction.OUT,
          groupLabel);
    }
    return policy.build();
  }

  private static void permissions(
      JsonDocument doc,
      RulePolicy.Builder policy,
      JsonNode group,
      String gptr,
      String field,
      Direction d,
      String groupLabel) {
    JsonNode perms = group.get(field);
    if (perms == null || !perms.isArray()) {
      return;
    }
    String way = d == Direction.IN ? "inbound" : "outbound";
    for (int i = 0; i < perms.size(); i++) {
      JsonNode p = perms.get(i);
      String ptr = gptr + "/" + field + "/" + i;
      String proto = p.path("IpProtocol").asText("-1").toLowerCase(Locale.ROOT);
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
          ports = ports(doc, p, ptr);
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
      int n = 0;
      for (JsonNode r : p.path("IpRanges")) {
        add(
            doc,
            policy,
            d,
            transports,
            ports,
            r.path("CidrIp").asText(),
            ptr + "/IpRanges/" + n++,
            what,
            r);
      }
      n = 0;
      for (JsonNode r : p.path("Ipv6Ranges")) {
        add(
            doc,
            policy,
            d,
            transports,
            ports,
            r.path("CidrIpv6").asText(),
            ptr + "/Ipv6Ranges/" + n++,
            what,
            r);
      }
      n = 0;
      for (JsonNode r : p.path("UserIdGroupPairs")) {
        String peer = r.path("GroupId").asText("?");
        policy.rule(
            base(
                    doc,
                    d,
                    transports,
                    ports,
                    ptr + "/UserIdGroupPairs/" + n++,
                    what + " from " + peer,
                    r)
                .addUnknown(
                    "peer security group " + peer + " (its members' addresses are not in the file)")
                .build());
      }
      n = 0;
      for (JsonNode r : p.path("PrefixListIds")) {
        String peer = r.path("PrefixListId").asText("?");
        policy.rule(
            base(
                    doc,
                    d,
                    transports,
                    ports,
                    ptr + "/PrefixListIds/" + n++,
                    what + " from " + peer,
                    r)
                .addUnknown("prefix list " + peer + " (its networks are not in the file)")
                .build());
      }
    }
  }

  /** The TCP/UDP ports of a permission; null for port 0 alone ({@code FromPort 0, ToPort 0}). */
  private static PortMatch ports(JsonDocument doc, JsonNode p, String ptr) {
    int from = p.path("FromPort").asInt(-1);
    int to = p.path("ToPort").asInt(-1);
    if (from == -1 || (from <= 1 && to == 65535) || (from == 0 && to == 0 && !p.has("ToPort"))) {
      return PortMatch.any();
    }
    if (from == 0 && to == 0) {
      return null;
    }
    try {
      return PortMatch.of(PortSet.of(PortRange.between(Math.max(1, from), to)));
    } catch (IllegalArgumentException e) {
      throw doc.error(ptr, e.getMessage() + " (FromPort " + from + ", ToPort " + to + ")");
    }
  }

  private static Rule.Builder base(
      JsonDocument doc,
      Direction d,
      Set<Transport> transports,
      PortMatch ports,
      String ptr,
      String text,
      JsonNode r) {
    Rule.Builder b =
        Rule.builder()
            .direction(d)
            .transports(transports)
            .destinationPorts(ports)
            .action(Action.ACCEPT)
            .text(text)
            .line(doc.line(ptr))
            .label(ptr);
    if (r.hasNonNull("Description")) {
      b.comment(r.get("Description").asText());
    }
    return b;
  }

  private static void add(
      JsonDocument doc,
      RulePolicy.Builder policy,
      Direction d,
      Set<Transport> transports,
      PortMatch ports,
      String cidr,
      String ptr,
      String what,
      JsonNode r) {
    Cidr c;
    try {
      c = Cidr.parse(cidr);
    } catch (IllegalArgumentException | InvalidInputException e) {
      throw doc.error(ptr, e.getMessage());
    }
    AddressMatch peer = AddressMatch.of(c);
    Rule.Builder b =
        base(doc, d, transports, ports, ptr, what + (d == Direction.IN ? " from " : " to ") + c, r);
    if (d == Direction.IN) {
      b.source(peer);
    } else {
      b.destination(peer);
    }
    policy.rule(b.build());
  }
}
