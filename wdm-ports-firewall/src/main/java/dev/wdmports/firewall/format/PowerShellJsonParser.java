package dev.wdmports.firewall.format;

import com.fasterxml.jackson.databind.JsonNode;
import dev.wdmports.core.InvalidInputException;
import dev.wdmports.core.report.Direction;
import dev.wdmports.firewall.Rule;
import dev.wdmports.firewall.RulePolicy;
import java.util.ArrayList;
import java.util.List;

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
    JsonDocument doc =
        JsonDocument.parse(content, sourceName, "the JSON of Get-NetFirewallRule | ConvertTo-Json");
    RulePolicy.Builder policy = WindowsRules.policy(sourceName);
    List<Rule> rules = new ArrayList<>();
    if (doc.root.isObject()) {
      rules.add(rule(doc, doc.root, ""));
    } else if (doc.root.isArray()) {
      for (int i = 0; i < doc.root.size(); i++) {
        rules.add(rule(doc, doc.root.get(i), "/" + i));
      }
    } else {
      throw doc.error("", "expected an array of rules from ConvertTo-Json");
    }
    long unfiltered =
        rules.stream()
            .filter(r -> r.unknown().stream().anyMatch(u -> u.text().startsWith(NO_FILTERS)))
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

  private static Rule rule(JsonDocument doc, JsonNode n, String ptr) {
    if (!n.isObject()) {
      throw doc.error(ptr, "rule " + ptr + " is not an object");
    }
    String name = text(n, "DisplayName", text(n, "Name", "rule " + ptr));
    Rule.Builder b =
        Rule.builder()
            .text(name)
            .line(doc.line(ptr))
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
      if (!n.hasNonNull(required)) {
        throw doc.error(ptr, "rule \"" + name + "\" has no " + required + ": export it too");
      }
    }
    try {
      b.enabled(WindowsRules.enabled(text(n, "Enabled", "True")));
      Direction d = WindowsRules.direction(text(n, "Direction", ""));
      b.direction(d);
      b.profiles(WindowsRules.profiles(text(n, "Profile", "Any")));
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
          doc.source,
          doc.line(ptr),
          doc.column(ptr),
          fp,
          e.getMessage() + " (rule \"" + name + "\", " + fp + ")",
          e);
    }
    return b.build();
  }

  private static String text(JsonNode n, String field, String dflt) {
    JsonNode v = n.get(field);
    if (v == null || v.isNull()) {
      return dflt;
    }
    if (v.isBoolean()) {
      return v.asBoolean() ? "True" : "False";
    }
    if (v.isObject() && v.has("value")) {
      return v.get("value").asText();
    }
    return v.asText();
  }

  private static List<String> list(JsonNode n, String field) {
    JsonNode v = n.get(field);
    List<String> out = new ArrayList<>();
    if (v == null || v.isNull()) {
      out.add("Any");
    } else if (v.isArray()) {
      v.forEach(x -> out.add(x.asText()));
    } else {
      out.add(v.asText());
    }
    return out;
  }
}
