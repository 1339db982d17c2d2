package dev.wdmports.firewall.format;

import dev.wdmports.core.Flow;
import dev.wdmports.core.report.Direction;
import dev.wdmports.firewall.ChainPolicy;
import dev.wdmports.firewall.Decision;
import dev.wdmports.firewall.Evaluation;
import dev.wdmports.firewall.FirewallPolicy;
import dev.wdmports.firewall.IpFamily;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * What the corpus tests ({@link CorpusTest} over netfilter's own test material, {@link
 * RealWorldConfigsTest} over published exports) ask of every firewall file a reader is given: the
 * same standard flows, evaluated in both directions, and the rule that an {@code UNKNOWN} verdict
 * says which line made it so.
 */
final class ReaderOracle {
  /** A warning that names a line: {@code line 12}. */
  static final Pattern NAMES_A_LINE = Pattern.compile("line \\d+");

  /** IPv4 flows every file is asked about: SSH, HTTPS, SQL Server, DNS, loopback HTTP. */
  static final List<String> FLOWS_V4 =
      List.of(
          "10.0.0.20->10.0.0.5:22/tcp",
          "10.0.0.20->10.0.0.5:443/tcp",
          "192.168.1.7->10.0.0.5:1433/tcp",
          "10.0.0.20->10.0.0.5:53/udp",
          "127.0.0.1->127.0.0.1:80/tcp");

  /** IPv6 flows every file is asked about: SSH, HTTPS, DNS from link-local, loopback HTTP. */
  static final List<String> FLOWS_V6 =
      List.of(
          "[2001:db8::20]->[2001:db8::5]:22/tcp",
          "[2001:db8::20]->[2001:db8::5]:443/tcp",
          "[fe80::1]->[2001:db8::5]:53/udp",
          "[::1]->[::1]:80/tcp");

  private ReaderOracle() {}

  /**
   * Parses a file the way {@code --policy-format} would, with {@code ip6tables-save} documents read
   * as IPv6.
   *
   * @param format the format id, e.g. {@code iptables-save}
   * @param ip6 whether an iptables-save document is ip6tables-save output
   * @param content the text
   * @param name the name for messages
   * @param ipsets the sets {@code -m set} rules refer to ({@link IpSets#none()} when not known)
   * @return the policy
   * @throws dev.wdmports.core.InvalidInputException when the reader rejects the text
   */
  static FirewallPolicy parse(
      String format, boolean ip6, String content, String name, IpSets ipsets) {
    if (format.equals("iptables-save") && ip6) {
      return IptablesSaveParser.parseIp6(content, name);
    }
    return PolicyFormat.fromId(format).parse(content, name, ipsets);
  }

  /** The verdicts of the standard flows, and those {@code UNKNOWN} ones that name no line. */
  record Verdicts(int total, int unknown, List<String> unlocated) {}

  /**
   * Evaluates the standard flows of the families the policy covers (for the other family the
   * verdict is {@code UNKNOWN} by design), inbound and outbound.
   *
   * @param policy the parsed file
   * @param name the file, for the list of unlocated verdicts
   * @return the counts and every {@code UNKNOWN} verdict whose warnings name no line
   */
  static Verdicts verdicts(FirewallPolicy policy, String name) {
    List<String> flows = new ArrayList<>();
    boolean v4 = true;
    boolean v6 = true;
    if (policy instanceof ChainPolicy chains) {
      v4 = chains.families().stream().anyMatch(x -> x.covers(IpFamily.IPV4));
      v6 = chains.families().stream().anyMatch(x -> x.covers(IpFamily.IPV6));
    }
    if (v4) {
      flows.addAll(FLOWS_V4);
    }
    if (v6) {
      flows.addAll(FLOWS_V6);
    }
    int total = 0;
    int unknown = 0;
    List<String> unlocated = new ArrayList<>();
    for (String text : flows) {
      for (Direction d : Direction.values()) {
        Evaluation v = policy.evaluate(Flow.parse(text), d);
        total++;
        if (v.decision() == Decision.UNKNOWN) {
          unknown++;
          if (v.warnings().stream().noneMatch(w -> NAMES_A_LINE.matcher(w).find())) {
            unlocated.add(name + " " + text + " " + d + ": " + v.warnings());
          }
        }
      }
    }
    return new Verdicts(total, unknown, unlocated);
  }
}
