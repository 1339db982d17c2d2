package dev.wdmports.firewall.format;

import dev.wdmports.core.InvalidInputException;
import dev.wdmports.core.internal.Node;
import dev.wdmports.core.report.Direction;
import dev.wdmports.firewall.FlatRule;
import dev.wdmports.firewall.Rule;
import dev.wdmports.firewall.RulePolicy;
import dev.wdmports.firewall.WindowsProfile;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Reads Windows Firewall rules exported as JSON from PowerShell.
 *
 * <p>The export users run (PowerShell 5.1 or 7, as administrator):
 *
 * <pre>{@code
 * Get-NetFirewallRule | ForEach-Object { $r=$_; $p=$r | Get-NetFirewallPortFilter;
 *   $a=$r | Get-NetFirewallAddressFilter;
 *   [pscustomobject]@{Name=$r.Name; DisplayName=$r.DisplayName; Enabled=$r.Enabled;
 *     Direction=$r.Direction; Action=$r.Action; Profile=$r.Profile; Protocol=$p.Protocol;
 *     LocalPort=$p.LocalPort; RemotePort=$p.RemotePort; LocalAddress=$a.LocalAddress;
 *     RemoteAddress=$a.RemoteAddress} } | ConvertTo-Json -Depth 3 > rules.json
 * }</pre>
 *
 * <p>and then, in Java:
 *
 * <pre>{@code
 * FirewallPolicy p = PowerShellJsonParser.parse(Files.readString(Path.of("rules.json")), "rules.json");
 * }</pre>
 *
 * <p>The top level is an array of rules or, for a single rule, one object. Enumerations may be
 * numbers (the default of {@code ConvertTo-Json}) or strings ({@code -EnumsAsStrings}, or values
 * converted with {@code .ToString()}): {@code Enabled} True=1/False=2 (or a JSON boolean), {@code
 * Direction} Inbound=1/Outbound=2, {@code Action} Allow=2/Block=4, {@code Profile} flags Any=0,
 * Domain=1, Private=2, Public=4 (or {@code "Domain, Private"}). Ports and addresses are a string or
 * an array of strings, with the same values as in netsh ({@code Any}, ranges, {@code LocalSubnet},
 * ...). {@code Direction} and {@code Action} are required; the other fields default to {@code Any}
 * and {@code Enabled} to true. A rule that has none of {@code Protocol}, {@code LocalPort}, {@code
 * RemotePort}, {@code LocalAddress} and {@code RemoteAddress} comes from a plain {@code
 * Get-NetFirewallRule | ConvertTo-Json}, which leaves its filters out: the flows it might decide
 * are {@code UNKNOWN}, with a warning that gives the pipeline above, never allowed or blocked as if
 * it matched any port.
 */
final class PowerShellJsonParser {
  /** The export that joins each rule with its port and address filters, on one line. */
  static final String PIPELINE =
      "Get-NetFirewallRule | ForEach-Object { $r=$_; $p=$r | Get-NetFirewallPortFilter;"
          + " $a=$r | Get-NetFirewallAddressFilter; [pscustomobject]@{Name=$r.Name;"
          + " DisplayName=$r.DisplayName; Enabled=$r.Enabled; Direction=$r.Direction;"
          + " Action=$r.Action; Profile=$r.Profile; Protocol=$p.Protocol; LocalPort=$p.LocalPort;"
          + " RemotePort=$p.RemotePort; LocalAddress=$a.LocalAddress;"
          + " RemoteAddress=$a.RemoteAddress} } | ConvertTo-Json -Depth 3 > rules.json";

  private static final String NO_FILTERS =
      "no Protocol, LocalPort, RemotePort, LocalAddress or RemoteAddress in the export";

  private static final List<String> FILTERS =
      List.of("Protocol", "LocalPort", "RemotePort", "LocalAddress", "RemoteAddress");

  private PowerShellJsonParser() {}

  /**
   * Parses the JSON export.
   *
   * @param content the JSON
   * @param sourceName the name for messages
   * @return a block-wins policy over the Domain, Private and Public profiles
   * @throws InvalidInputException naming the line, column and JSON pointer of the first fault
   */
  static RulePolicy parse(String content, String sourceName) {
    FormatSniffer.expect(content, sourceName, PolicyFormat.POWERSHELL_JSON);
    Node root = Inputs.json(content, sourceName, PolicyFormat.POWERSHELL_JSON);
    RulePolicy.Builder policy = WindowsRules.policy(sourceName);
    List<FlatRule> rules = new ArrayList<>();
    if (root instanceof Node.Obj) {
      rules.add(rule(root));
    } else if (root instanceof Node.Arr a) {
      for (Node item : a.items()) {
        rules.add(rule(item));
      }
    } else {
      throw root.error("expected an array of rules from ConvertTo-Json");
    }
    long unfiltered =
        rules.stream()
            .filter(r -> r.rule().unknown().stream().anyMatch(u -> u.text().startsWith(NO_FILTERS)))
            .count();
    if (unfiltered > 0) {
      policy.note(
          sourceName
              + ": "
              + unfiltered
              + " of "
              + rules.size()
              + " rules have no port or address filters in the export (a plain Get-NetFirewallRule |"
              + " ConvertTo-Json leaves them out); their flows are UNKNOWN. Export with: "
              + PIPELINE);
    }
    rules.forEach(policy::rule);
    return policy.build();
  }

  private static FlatRule rule(Node node) {
    String ptr = node.pointer();
    if (!(node instanceof Node.Obj n)) {
      throw node.error("rule " + ptr + " is not an object");
    }
    String name = text(n, "DisplayName", text(n, "Name", "rule " + ptr));
    Rule.Builder b =
        Rule.builder()
            .text(name)
            .line(n.line())
            .label("rule \"" + name + "\", JSON " + ptr)
            .comment(name);
    if (FILTERS.stream().noneMatch(n::has)) {
      b.addUnknown(
          NO_FILTERS
              + " (a plain Get-NetFirewallRule | ConvertTo-Json leaves the filters out; export with: "
              + PIPELINE
              + ")");
    }
    for (String required : new String[] {"Direction", "Action"}) {
      Node v = n.get(required);
      if (v == null || v.isNull()) {
        throw n.error("rule \"" + name + "\" has no " + required + ": export it too");
      }
    }
    boolean enabled;
    Direction d;
    Set<WindowsProfile> profiles;
    try {
      enabled = WindowsRules.enabled(text(n, "Enabled", "True"));
      d = WindowsRules.direction(text(n, "Direction", ""));
      profiles = WindowsRules.profiles(text(n, "Profile", "Any"));
      b.transports(WindowsRules.protocol(text(n, "Protocol", "Any")));
      WindowsRules.endpoints(
          b,
          d,
          list(n, "LocalAddress"),
          list(n, "RemoteAddress"),
          list(n, "LocalPort"),
          list(n, "RemotePort"),
          "LocalAddress",
          "RemoteAddress");
      b.action(WindowsRules.action(text(n, "Action", ""), b));
    } catch (WindowsRules.FieldException e) {
      String fp = ptr + "/" + e.field;
      throw new InvalidInputException(
          n.source(),
          n.line(),
          n.column(),
          fp,
          e.getMessage() + " (rule \"" + name + "\", " + fp + ")",
          e);
    }
    return new FlatRule(b.build(), d, profiles, enabled);
  }

  /**
   * The text of a field as {@code ConvertTo-Json} writes it: a string, a number (an enumeration), a
   * boolean as {@code True}/{@code False}, or an object whose {@code value} holds it; empty for a
   * list or another object (as Jackson's {@code asText} has it).
   */
  private static String text(Node.Obj n, String field, String dflt) {
    Node v = n.get(field);
    if (v == null || v.isNull()) {
      return dflt;
    }
    if (v instanceof Node.Scalar s) {
      return s.type() == Node.Scalar.Type.BOOLEAN
          ? (Boolean.parseBoolean(s.text()) ? "True" : "False")
          : s.text();
    }
    if (v instanceof Node.Obj o && o.has("value")) {
      Node inner = o.get("value");
      return inner instanceof Node.Scalar s && !inner.isNull() ? s.text() : "";
    }
    return "";
  }

  private static List<String> list(Node.Obj n, String field) {
    Node v = n.get(field);
    List<String> out = new ArrayList<>();
    if (v == null || v.isNull()) {
      out.add("Any");
    } else if (v instanceof Node.Arr a) {
      a.items().forEach(x -> out.add(scalarText(x)));
    } else {
      out.add(scalarText(v));
    }
    return out;
  }

  private static String scalarText(Node v) {
    return v instanceof Node.Scalar s ? s.text() : "";
  }
}
