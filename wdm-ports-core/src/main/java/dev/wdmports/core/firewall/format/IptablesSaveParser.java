package dev.wdmports.core.firewall.format;

import dev.wdmports.core.Cidr;
import dev.wdmports.core.InvalidInputException;
import dev.wdmports.core.Transport;
import dev.wdmports.core.firewall.Action;
import dev.wdmports.core.firewall.AddressMatch;
import dev.wdmports.core.firewall.Chain;
import dev.wdmports.core.firewall.Family;
import dev.wdmports.core.firewall.FirewallPolicy;
import dev.wdmports.core.firewall.Hook;
import dev.wdmports.core.firewall.InterfaceMatch;
import dev.wdmports.core.firewall.PortMatch;
import dev.wdmports.core.firewall.Rule;
import dev.wdmports.core.firewall.Semantics;
import dev.wdmports.core.firewall.StateMatch;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads {@code iptables-save} and {@code ip6tables-save} output (the {@code filter} table).
 *
 * <pre>{@code
 * FirewallPolicy p = IptablesSaveParser.parse(Files.readString(Path.of("rules.v4")), "rules.v4");
 * }</pre>
 *
 * <p>Understood: {@code :CHAIN POLICY [p:b]}, {@code -A}, {@code -p}, {@code -s}/{@code -d} (with
 * {@code !}), {@code -i}/{@code -o}, {@code --dport}/{@code --sport} with ranges {@code a:b},
 * {@code -m tcp|udp}, {@code -m multiport --dports|--sports}, {@code -m conntrack --ctstate},
 * {@code -m state --state}, {@code --syn}, {@code -m comment --comment}, targets {@code ACCEPT},
 * {@code DROP}, {@code REJECT [--reject-with ...]}, {@code RETURN}, non-terminating targets such as
 * {@code LOG}, user chains with {@code -j} and {@code -g}. Other match modules ({@code -m recent},
 * {@code -m string}, ...) and options are kept as unknown matches. Tables other than {@code filter}
 * are skipped with a note. The family is IPv6 when the header says {@code ip6tables-save} or an
 * address is IPv6, else IPv4.
 */
public final class IptablesSaveParser {
  private static final Set<String> TOP =
      Set.of(
          "-A",
          "--append",
          "-p",
          "--protocol",
          "-s",
          "--source",
          "--src",
          "-d",
          "--destination",
          "--dst",
          "-i",
          "--in-interface",
          "-o",
          "--out-interface",
          "-m",
          "--match",
          "-j",
          "--jump",
          "-g",
          "--goto",
          "-f",
          "--fragment",
          "-c",
          "--set-counters");
  private static final Set<String> NON_TERMINATING =
      Set.of(
          "LOG",
          "NFLOG",
          "ULOG",
          "MARK",
          "CONNMARK",
          "TRACE",
          "AUDIT",
          "CLASSIFY",
          "TCPMSS",
          "DSCP",
          "TOS",
          "TTL",
          "HL",
          "SECMARK",
          "CONNSECMARK",
          "CHECKSUM",
          "SET",
          "IDLETIMER",
          "LED",
          "RATEEST",
          "TEE");
  private static final Set<String> UNKNOWN_TERMINATING =
      Set.of("NFQUEUE", "QUEUE", "SYNPROXY", "TPROXY", "CT", "NOTRACK", "DNAT", "SNAT");

  private IptablesSaveParser() {}

  /**
   * Parses iptables-save output.
   *
   * @param content the text
   * @param sourceName the name for messages
   * @return a first-match policy with the filter table's chains
   * @throws InvalidInputException naming the line and column of the first fault
   */
  public static FirewallPolicy parse(String content, String sourceName) {
    return new IptablesSaveParser.Run(content, sourceName).run();
  }

  private static final class Run {
    final String content;
    final String source;
    final Map<String, ChainDecl> chains = new LinkedHashMap<>();
    final FirewallPolicy.Builder policy = FirewallPolicy.builder(Semantics.FIRST_MATCH);
    Family family = Family.IPV4;
    String table;
    int tableLine;
    boolean sawFilter;

    Run(String content, String source) {
      this.content = content;
      this.source = source;
    }

    FirewallPolicy run() {
      if (content.isBlank()) {
        throw Inputs.error(
            source,
            1,
            1,
            "the file is empty: expected iptables-save output (*filter, chains, rules, COMMIT)");
      }
      FormatSniffer.expect(content, source, PolicyFormat.IPTABLES_SAVE);
      if (content.contains("ip6tables-save")) {
        family = Family.IPV6;
      }
      String[] lines = content.split("\r?\n", -1);
      int lastLine = lines.length;
      while (lastLine > 1 && lines[lastLine - 1].isBlank()) {
        lastLine--;
      }
      for (int i = 0; i < lines.length; i++) {
        line(lines[i], i + 1);
      }
      if (table != null) {
        throw Inputs.error(
            source,
            lastLine,
            0,
            "table "
                + table
                + " (opened at line "
                + tableLine
                + ") is not closed: the file is truncated or lacks COMMIT after the table's last"
                + " rule");
      }
      if (!sawFilter) {
        policy.note(source + ": no filter table: nothing is filtered");
      }
      boolean v6 = family == Family.IPV6;
      for (ChainDecl c : chains.values()) {
        if (v6 == false && c.hasV6) {
          family = Family.IPV6;
        }
      }
      for (ChainDecl c : chains.values()) {
        Hook hook = hook(c.name);
        policy.chain(
            hook == null
                ? Chain.user("filter", c.name, family, c.rules)
                : Chain.base("filter", c.name, family, hook, 0, c.policy, c.rules));
      }
      policy.sourceName(source).families(Set.of(family));
      return Inputs.build(source, policy::build);
    }

    private static Hook hook(String name) {
      switch (name) {
        case "INPUT":
          return Hook.INPUT;
        case "OUTPUT":
          return Hook.OUTPUT;
        case "FORWARD":
          return Hook.FORWARD;
        default:
          return null;
      }
    }

    void line(String raw, int no) {
      String line = raw.strip();
      if (line.isEmpty() || line.startsWith("#")) {
        return;
      }
      if (line.startsWith("*")) {
        if (table != null) {
          throw Inputs.error(
              source,
              no,
              1,
              "table "
                  + table
                  + " (opened at line "
                  + tableLine
                  + ") is not closed: add COMMIT before "
                  + line);
        }
        table = line.substring(1).strip();
        tableLine = no;
        if (table.equals("filter")) {
          if (sawFilter) {
            throw Inputs.error(source, no, 1, "table filter appears twice: keep one");
          }
          sawFilter = true;
        } else {
          policy.note("line " + no + ": table " + table + " skipped (it does not filter)");
        }
        return;
      }
      if (line.equals("COMMIT")) {
        if (table == null) {
          throw Inputs.error(source, no, 1, "COMMIT without a table: start the table with *filter");
        }
        table = null;
        return;
      }
      if (table == null) {
        throw Inputs.error(
            source,
            no,
            1,
            "\"" + abbreviate(line) + "\" is outside a table: start it with *filter");
      }
      if (!table.equals("filter")) {
        return;
      }
      if (line.startsWith(":")) {
        declare(line, raw, no);
        return;
      }
      List<Token> tokens = Token.split(raw, source, no);
      if (!tokens.isEmpty()
          && tokens.get(0).text.startsWith("[")
          && tokens.get(0).text.endsWith("]")) {
        tokens = tokens.subList(1, tokens.size());
      }
      if (tokens.isEmpty()
          || !(tokens.get(0).text.equals("-A") || tokens.get(0).text.equals("--append"))) {
        Token t = tokens.isEmpty() ? new Token(line, 1) : tokens.get(0);
        throw Inputs.error(
            source,
            no,
            t.column,
            "\""
                + t.text
                + "\" is not an iptables-save line: expected :CHAIN, -A CHAIN ..., or COMMIT");
      }
      rule(tokens, raw.strip(), no);
    }

    private void declare(String line, String raw, int no) {
      String[] parts = line.substring(1).trim().split("\\s+");
      String name = parts[0];
      String pol = parts.length > 1 ? parts[1] : "";
      int col = raw.indexOf(line) + 1;
      if (chains.containsKey(name)) {
        throw Inputs.error(source, no, col, "chain " + name + " is declared twice: keep one");
      }
      Action policyAction;
      if (hook(name) != null) {
        if (pol.equals("ACCEPT")) {
          policyAction = Action.ACCEPT;
        } else if (pol.equals("DROP")) {
          policyAction = Action.DROP;
        } else {
          throw Inputs.error(
              source, no, col, "chain " + name + " has policy \"" + pol + "\": use ACCEPT or DROP");
        }
      } else {
        if (!pol.equals("-")) {
          throw Inputs.error(
              source,
              no,
              col,
              "user chain "
                  + name
                  + " has policy \""
                  + pol
                  + "\": user chains are declared with -");
        }
        policyAction = Action.RETURN;
      }
      chains.put(name, new ChainDecl(name, policyAction));
    }

    private void rule(List<Token> tokens, String text, int no) {
      if (tokens.size() < 2) {
        throw Inputs.error(source, no, tokens.get(0).column, "-A needs a chain name");
      }
      Token chainTok = tokens.get(1);
      ChainDecl chain = chains.get(chainTok.text);
      if (chain == null) {
        throw Inputs.error(
            source,
            no,
            chainTok.column,
            "chain "
                + chainTok.text
                + " is not declared: add \":"
                + chainTok.text
                + " - [0:0]\" after *filter");
      }
      Rule.Builder b = Rule.builder().text(text).line(no);
      String module = null;
      boolean moduleKnown = true;
      StringBuilder unknownModule = null;
      boolean targetSet = false;
      String target = null;
      int i = 2;
      while (i < tokens.size()) {
        Token t = tokens.get(i);
        boolean neg = false;
        if (t.text.equals("!")) {
          neg = true;
          i++;
          if (i >= tokens.size()) {
            throw Inputs.error(
                source, no, t.column, "\"!\" at the end of the rule: negate an option");
          }
          t = tokens.get(i);
        }
        String opt = t.text;
        if (unknownModule != null && !TOP.contains(opt)) {
          unknownModule.append(neg ? " ! " : " ").append(opt);
          i++;
          while (i < tokens.size()
              && !tokens.get(i).text.startsWith("-")
              && !tokens.get(i).text.equals("!")) {
            unknownModule.append(' ').append(quoteIfNeeded(tokens.get(i).text));
            i++;
          }
          continue;
        }
        if (unknownModule != null) {
          b.addUnknown(unknownModule.toString());
          unknownModule = null;
        }
        if (targetSet && !TOP.contains(opt) && opt.startsWith("--")) {
          // target options (--reject-with, --log-prefix ...) do not change matching
          i += 1 + args(tokens, i + 1);
          continue;
        }
        switch (opt) {
          case "-p":
          case "--protocol":
            b.transports(protocols(value(tokens, i, no), neg));
            i += 2;
            break;
          case "-s":
          case "--source":
          case "--src":
            b.source(addresses(tokens, i, no, neg));
            i += 2;
            break;
          case "-d":
          case "--destination":
          case "--dst":
            b.destination(addresses(tokens, i, no, neg));
            i += 2;
            break;
          case "-i":
          case "--in-interface":
            b.inInterface(new InterfaceMatch(value(tokens, i, no).text, neg));
            i += 2;
            break;
          case "-o":
          case "--out-interface":
            b.outInterface(new InterfaceMatch(value(tokens, i, no).text, neg));
            i += 2;
            break;
          case "-m":
          case "--match":
            module = value(tokens, i, no).text;
            moduleKnown =
                Set.of("tcp", "udp", "multiport", "conntrack", "state", "comment").contains(module);
            if (!moduleKnown) {
              unknownModule = new StringBuilder("-m " + module);
            }
            i += 2;
            break;
          case "-j":
          case "--jump":
          case "-g":
          case "--goto":
            {
              Token v = value(tokens, i, no);
              target = v.text;
              targetSet = true;
              boolean go = opt.equals("-g") || opt.equals("--goto");
              target(b, target, go);
              i += 2;
              break;
            }
          case "-f":
          case "--fragment":
            b.addUnknown((neg ? "! " : "") + opt);
            i++;
            break;
          case "-c":
          case "--set-counters":
            i += 3;
            break;
          case "--dport":
          case "--destination-port":
          case "--sport":
          case "--source-port":
          case "--dports":
          case "--destination-ports":
          case "--sports":
          case "--source-ports":
            {
              Token v = value(tokens, i, no);
              boolean inline = v.text.equals("!");
              if (inline) {
                neg = true;
                v = value(tokens, i + 1, no);
              }
              PortMatch pm;
              try {
                pm = new PortMatch(Inputs.ports(v.text), neg);
              } catch (IllegalArgumentException | InvalidInputException e) {
                throw Inputs.error(source, no, v.column, e.getMessage(), e);
              }
              if (opt.startsWith("--d")) {
                b.destinationPorts(pm);
              } else {
                b.sourcePorts(pm);
              }
              i += inline ? 3 : 2;
              break;
            }
          case "--ctstate":
          case "--state":
            {
              Token v = value(tokens, i, no);
              b.state(new StateMatch(Set.of(v.text.split(",")), neg));
              i += 2;
              break;
            }
          case "--tcp-flags":
            {
              // iptables-save writes --syn as --tcp-flags FIN,SYN,RST,ACK SYN. The first packet of
              // a new connection carries SYN alone: the match holds iff (mask & {SYN}) == comp.
              Token mask = value(tokens, i, no);
              Token comp = value(tokens, i + 1, no);
              Set<String> m = Set.of(mask.text.toUpperCase(Locale.ROOT).split(","));
              Set<String> c = Set.of(comp.text.toUpperCase(Locale.ROOT).split(","));
              Set<String> expect =
                  m.contains("SYN") || m.contains("ALL") ? Set.of("SYN") : Set.of("NONE");
              boolean holds = c.equals(expect) || (c.contains("NONE") && expect.contains("NONE"));
              if (holds == neg) {
                b.transports(Set.of()); // can never match a new connection's first packet
              }
              i += 3;
              break;
            }
          case "--syn":
            b.state(new StateMatch(Set.of("NEW"), neg));
            i++;
            break;
          case "--comment":
            b.comment(value(tokens, i, no).text);
            i += 2;
            break;
          default:
            if (module != null && opt.startsWith("--")) {
              int n = args(tokens, i + 1);
              StringBuilder sb = new StringBuilder("-m " + module + (neg ? " ! " : " ") + opt);
              for (int k = 1; k <= n; k++) {
                sb.append(' ').append(quoteIfNeeded(tokens.get(i + k).text));
              }
              b.addUnknown(sb.toString());
              i += 1 + n;
              break;
            }
            throw Inputs.error(
                source,
                no,
                t.column,
                "unknown option \""
                    + opt
                    + "\" in a rule of chain "
                    + chain.name
                    + ": iptables-save writes options after the -m module they belong to;"
                    + " check the line");
        }
      }
      if (unknownModule != null) {
        b.addUnknown(unknownModule.toString());
      }
      Rule r = b.build();
      if (r.source().networks().stream().anyMatch(c -> !c.isIpv4())
          || r.destination().networks().stream().anyMatch(c -> !c.isIpv4())) {
        chain.hasV6 = true;
      }
      chain.rules.add(r);
    }

    private void target(Rule.Builder b, String target, boolean go) {
      if (go) {
        b.goTo(target);
        return;
      }
      switch (target) {
        case "ACCEPT":
          b.action(Action.ACCEPT);
          return;
        case "DROP":
          b.action(Action.DROP);
          return;
        case "REJECT":
          b.action(Action.REJECT);
          return;
        case "RETURN":
          b.action(Action.RETURN);
          return;
        default:
          if (NON_TERMINATING.contains(target)) {
            b.action(Action.CONTINUE);
          } else if (UNKNOWN_TERMINATING.contains(target) && !chains.containsKey(target)) {
            b.action(Action.ACCEPT).addUnknown("-j " + target);
          } else {
            b.jump(target);
          }
      }
    }

    private static int args(List<Token> tokens, int from) {
      int n = 0;
      while (from + n < tokens.size()
          && !tokens.get(from + n).text.startsWith("-")
          && !tokens.get(from + n).text.equals("!")) {
        n++;
      }
      return n;
    }

    private Token value(List<Token> tokens, int i, int no) {
      if (i + 1 >= tokens.size()) {
        Token t = tokens.get(i);
        throw Inputs.error(source, no, t.column, t.text + " needs a value: the line is truncated");
      }
      return tokens.get(i + 1);
    }

    private Set<Transport> protocols(Token v, boolean neg) {
      String p = v.text.toLowerCase(Locale.ROOT);
      Set<Transport> s;
      switch (p) {
        case "tcp":
        case "6":
          s = EnumSet.of(Transport.TCP);
          break;
        case "udp":
        case "17":
          s = EnumSet.of(Transport.UDP);
          break;
        case "all":
        case "0":
          s = EnumSet.allOf(Transport.class);
          break;
        default:
          s = EnumSet.noneOf(Transport.class);
      }
      if (neg) {
        EnumSet<Transport> c = EnumSet.allOf(Transport.class);
        c.removeAll(s);
        return c;
      }
      return s;
    }

    private AddressMatch addresses(List<Token> tokens, int i, int no, boolean neg) {
      Token v = value(tokens, i, no);
      List<Cidr> nets = new ArrayList<>();
      try {
        for (String part : v.text.split(",")) {
          nets.addAll(Inputs.networks(part));
        }
      } catch (IllegalArgumentException | InvalidInputException e) {
        throw Inputs.error(source, no, v.column, e.getMessage(), e);
      }
      return new AddressMatch(nets, neg);
    }
  }

  private static String quoteIfNeeded(String s) {
    return s.isEmpty() || s.contains(" ") ? "\"" + s + "\"" : s;
  }

  private static String abbreviate(String s) {
    return s.length() > 40 ? s.substring(0, 40) + "..." : s;
  }

  private static final class ChainDecl {
    final String name;
    final Action policy;
    final List<Rule> rules = new ArrayList<>();
    boolean hasV6;

    ChainDecl(String name, Action policy) {
      this.name = name;
      this.policy = policy;
    }
  }

  /** A word of a rule line with its 1-based column; double quotes group, backslash escapes. */
  static final class Token {
    final String text;
    final int column;

    Token(String text, int column) {
      this.text = text;
      this.column = column;
    }

    static List<Token> split(String line, String source, int no) {
      List<Token> out = new ArrayList<>();
      int i = 0;
      int n = line.length();
      while (i < n) {
        char c = line.charAt(i);
        if (Character.isWhitespace(c)) {
          i++;
          continue;
        }
        int start = i;
        StringBuilder sb = new StringBuilder();
        boolean quoted = false;
        while (i < n && (quoted || !Character.isWhitespace(line.charAt(i)))) {
          char d = line.charAt(i);
          if (d == '"') {
            quoted = !quoted;
          } else if (d == '\\' && i + 1 < n) {
            sb.append(line.charAt(++i));
          } else {
            sb.append(d);
          }
          i++;
        }
        if (quoted) {
          throw Inputs.error(
              source, no, start + 1, "the quoted text starting here is not closed: add \"");
        }
        out.add(new Token(sb.toString(), start + 1));
      }
      return out;
    }

    @Override
    public String toString() {
      return text + "@" + column;
    }
  }
}
