package dev.wdmports.firewall.format;

import dev.wdmports.core.InvalidInputException;
import dev.wdmports.core.internal.TextFiles;
import dev.wdmports.core.report.Direction;
import dev.wdmports.firewall.FlatRule;
import dev.wdmports.firewall.Rule;
import dev.wdmports.firewall.RulePolicy;
import dev.wdmports.firewall.WindowsProfile;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Reads the English output of {@code netsh advfirewall firewall show rule name=all verbose}.
 *
 * <pre>{@code
 * // on Windows: netsh advfirewall firewall show rule name=all verbose > rules.txt
 * FirewallPolicy p = NetshParser.parse(Files.readString(Path.of("rules.txt")), "rules.txt");
 * }</pre>
 *
 * <p>Each rule is a block that starts with {@code Rule Name:}, then a dashed line, then {@code
 * Field: value} lines. Read: {@code Enabled}, {@code Direction}, {@code Profiles}, {@code LocalIP},
 * {@code RemoteIP} ({@code Any}, addresses, CIDRs, {@code addr/netmask}, ranges {@code a-b};
 * keywords such as {@code LocalSubnet} make the rule unknown), {@code Protocol}, {@code LocalPort},
 * {@code RemotePort} ({@code Any}, ports, ranges {@code 5000-5010}, lists; keywords such as {@code
 * RPC} make the rule unknown), {@code Action} ({@code Allow}, {@code Block}, {@code Bypass} →
 * unknown). {@code Program}, {@code Service}, {@code InterfaceTypes} and {@code Security} other
 * than {@code Any}/{@code NotRequired} make the rule unknown. Other fields are ignored. Output
 * without {@code verbose} leaves out {@code Program}, {@code InterfaceTypes} and {@code Security}:
 * when no rule has any of the fields only {@code verbose} prints, every rule is unknown (the flows
 * it might decide are {@code UNKNOWN}) and a note gives the command. Localized (non-English) output
 * is not read.
 */
final class NetshParser {
  /** Fields only {@code verbose} prints: an export in which no rule has one was made without it. */
  private static final List<String> VERBOSE_ONLY =
      List.of("program", "service", "interfacetypes", "security", "rule source", "description");

  /** Why a rule of a plain (not verbose) export is unknown. */
  static final String NOT_VERBOSE =
      "the export has no Program, InterfaceTypes or Security lines (netsh show rule without"
          + " verbose leaves them out), and the rule may apply to one program only; export with:"
          + " netsh advfirewall firewall show rule name=all verbose";

  private NetshParser() {}

  /**
   * Parses netsh output.
   *
   * @param content the text
   * @param sourceName the name for messages
   * @return a block-wins policy over the Domain, Private and Public profiles
   * @throws InvalidInputException naming the line of the first fault
   */
  static RulePolicy parse(String content, String sourceName) {
    TextFiles.requireContent(content, sourceName, PolicyFormat.NETSH.expected());
    FormatSniffer.expect(content, sourceName, PolicyFormat.NETSH);
    RulePolicy.Builder policy = WindowsRules.policy(sourceName);
    String[] lines = content.split("\r?\n", -1);
    List<Block> blocks = new ArrayList<>();
    Block block = null;
    for (int i = 0; i < lines.length; i++) {
      int no = i + 1;
      String line = lines[i].strip();
      if (line.isEmpty() || line.matches("-{3,}") || line.equals("Ok.")) {
        continue;
      }
      if (line.startsWith("No rules match")) {
        continue;
      }
      int colon = line.indexOf(':');
      if (colon <= 0 && block != null && Character.isWhitespace(lines[i].charAt(0))) {
        continue; // a continuation such as the ICMP "Type Code" table
      }
      if (colon <= 0) {
        throw Inputs.error(
            sourceName,
            no,
            1,
            "\""
                + line
                + "\" is not a \"Field: value\" line: expected netsh ... show rule name=all verbose"
                + " output (in English)");
      }
      String key = line.substring(0, colon).strip();
      String value = line.substring(colon + 1).strip();
      int valueColumn = lines[i].indexOf(value, lines[i].indexOf(':') + 1) + 1;
      if (key.equalsIgnoreCase("Rule Name")) {
        if (block != null) {
          block.build(sourceName, false); // its faults come before those of later lines
          blocks.add(block);
        }
        block = new Block(value, no);
        continue;
      }
      if (block == null) {
        throw Inputs.error(
            sourceName,
            no,
            1,
            "\""
                + key
                + "\" comes before the first \"Rule Name:\": expected netsh show rule output");
      }
      block.fields.put(key.toLowerCase(Locale.ROOT), new Field(value, no, valueColumn));
    }
    if (block != null) {
      blocks.add(block);
    }
    boolean plain =
        !blocks.isEmpty()
            && blocks.stream()
                .allMatch(x -> VERBOSE_ONLY.stream().noneMatch(x.fields::containsKey));
    for (Block x : blocks) {
      policy.rule(x.build(sourceName, plain));
    }
    if (plain) {
      policy.note(
          sourceName
              + ": no rule has a Program, InterfaceTypes or Security line: the export was made"
              + " without verbose, so the flows its rules might decide are UNKNOWN. Export with:"
              + " netsh advfirewall firewall show rule name=all verbose");
    }
    return policy.build();
  }

  private static final class Field {
    final String value;
    final int line;
    final int column;

    Field(String value, int line, int column) {
      this.value = value;
      this.line = line;
      this.column = column;
    }
  }

  private static final class Block {
    final String name;
    final int line;
    final Map<String, Field> fields = new LinkedHashMap<>();

    Block(String name, int line) {
      this.name = name;
      this.line = line;
    }

    String get(String key, String dflt) {
      String v = find(key);
      return v == null ? dflt : v;
    }

    /** The value of a field; null when the rule has no such field. */
    @Nullable String find(String key) {
      Field f = fields.get(key.toLowerCase(Locale.ROOT));
      return f == null ? null : f.value;
    }

    FlatRule build(String source, boolean plainExport) {
      for (String required : new String[] {"Enabled", "Direction", "Action"}) {
        if (!fields.containsKey(required.toLowerCase(Locale.ROOT))) {
          throw Inputs.error(
              source,
              line,
              0,
              "rule \"" + name + "\" has no " + required + " line: the block is incomplete");
        }
      }
      Rule.Builder b =
          Rule.builder()
              .text("Rule Name: " + name)
              .line(line)
              .label("rule \"" + name + "\"")
              .comment(name);
      boolean enabled;
      Direction d;
      Set<WindowsProfile> profiles;
      try {
        enabled = WindowsRules.enabled(get("Enabled", ""));
        d = WindowsRules.direction(get("Direction", ""));
        profiles = WindowsRules.profiles(get("Profiles", "Any"));
        b.transports(WindowsRules.protocol(get("Protocol", "Any")));
        WindowsRules.endpoints(
            b,
            d,
            List.of(get("LocalIP", "Any")),
            List.of(get("RemoteIP", "Any")),
            List.of(get("LocalPort", "Any")),
            List.of(get("RemotePort", "Any")),
            "LocalIP",
            "RemoteIP");
        if (plainExport) {
          b.addUnknown(NOT_VERBOSE);
        }
        for (String r : new String[] {"Program", "Service", "InterfaceTypes", "Security"}) {
          WindowsRules.restriction(r, find(r), b);
        }
        b.action(WindowsRules.action(get("Action", ""), b));
      } catch (WindowsRules.FieldException e) {
        Field f = fields.get(e.field.toLowerCase(Locale.ROOT));
        throw Inputs.error(
            source,
            f == null ? line : f.line,
            f == null ? 0 : f.column,
            e.getMessage() + " (rule \"" + name + "\")");
      }
      return new FlatRule(b.build(), d, profiles, enabled);
    }
  }
}
