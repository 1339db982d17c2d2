package dev.wdmports.firewall.format;

import dev.wdmports.core.Cidr;
import dev.wdmports.core.InvalidInputException;
import dev.wdmports.core.PortSet;
import dev.wdmports.core.Transport;
import dev.wdmports.core.internal.Messages;
import dev.wdmports.core.internal.TextFiles;
import dev.wdmports.firewall.Action;
import dev.wdmports.firewall.AddressMatch;
import dev.wdmports.firewall.Chain;
import dev.wdmports.firewall.ChainPolicy;
import dev.wdmports.firewall.Hook;
import dev.wdmports.firewall.InterfaceMatch;
import dev.wdmports.firewall.IpFamily;
import dev.wdmports.firewall.PortMatch;
import dev.wdmports.firewall.Rule;
import dev.wdmports.firewall.StateMatch;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

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
 * {@code -m state --state}, {@code --syn}, {@code -m comment --comment}, {@code -m set [!]
 * --match-set NAME src|dst[,...]} (resolved from the {@link IpSets} given; a set not given, of a
 * type not modelled, or with {@code --return-nomatch} or counter tests is an unknown match),
 * targets {@code ACCEPT}, {@code DROP}, {@code REJECT [--reject-with ...]}, {@code RETURN},
 * non-terminating targets such as {@code LOG}, user chains with {@code -j} and {@code -g}. Other
 * match modules ({@code -m recent}, {@code -m string}, ...) and options are kept as unknown
 * matches. Tables other than {@code filter} are skipped with a note. A built-in chain used without
 * a declaration (an {@code iptables-restore --noflush} file) has policy {@code ACCEPT}, with a
 * note. The family is IPv6 when the header says {@code ip6tables-save} or an address is IPv6, else
 * IPv4.
 */
final class IptablesSaveParser {
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
          "HMARK",
          "CT",
          "NOTRACK",
          "ECN",
          "TCPOPTSTRIP",
          "IDLETIMER",
          "LED",
          "RATEEST",
          "TEE");
  private static final Set<String> UNKNOWN_TERMINATING =
      Set.of("NFQUEUE", "QUEUE", "SYNPROXY", "TPROXY", "DNAT", "SNAT");

  private IptablesSaveParser() {}

  /**
   * Parses iptables-save output.
   *
   * @param content the text
   * @param sourceName the name for messages
   * @return a first-match policy with the filter table's chains
   * @throws InvalidInputException naming the line and column of the first fault
   */
  static ChainPolicy parse(String content, String sourceName) {
    return parse(content, sourceName, IpSets.none());
  }

  /**
   * Parses iptables-save output whose {@code -m set --match-set} rules refer to the given sets.
   *
   * @param content the text
   * @param sourceName the name for messages
   * @param ipsets the {@code ipset save} output of the same host; {@link IpSets#none()} when not
   *     known (every set lookup is then unknown)
   * @return a first-match policy with the filter table's chains
   * @throws InvalidInputException naming the line and column of the first fault
   */
  static ChainPolicy parse(String content, String sourceName, IpSets ipsets) {
    return new IptablesSaveParser.Run(content, sourceName, false, ipsets.named()).run();
  }

  /**
   * Parses {@code ip6tables-save} output that lacks the {@code ip6tables-save} header line, such as
   * a file written by hand for {@code ip6tables-restore}: every chain is IPv6.
   *
   * @param content the text
   * @param sourceName the name for messages
   * @return a first-match policy with the filter table's chains, all of family IPv6
   * @throws InvalidInputException naming the line and column of the first fault
   */
  static ChainPolicy parseIp6(String content, String sourceName) {
    return new IptablesSaveParser.Run(content, sourceName, true, IpSets.none().named()).run();
  }

  private static final class Run {
    final String content;
    final String source;
    final Map<String, ChainDecl> chains = new LinkedHashMap<>();
    final ChainPolicy.Builder policy = ChainPolicy.builder();
    IpFamily family = IpFamily.IPV4;
    @Nullable String table; // null: outside a table (before *filter, after COMMIT)
    int tableLine;
    boolean sawFilter;
    final NamedSets sets;

    Run(String content, String source, boolean ip6, NamedSets sets) {
      this.content = content;
      this.source = source;
      this.sets = sets;
      if (ip6) {
        family = IpFamily.IPV6;
      }
    }

    ChainPolicy run() {
      TextFiles.requireContent(content, source, PolicyFormat.IPTABLES_SAVE.expected());
      FormatSniffer.expect(content, source, PolicyFormat.IPTABLES_SAVE);
      if (content.contains("ip6tables-save")) {
        family = IpFamily.IPV6;
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
      boolean v6 = family == IpFamily.IPV6;
      for (ChainDecl c : chains.values()) {
        if (v6 == false && c.hasV6) {
          family = IpFamily.IPV6;
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

    private static @Nullable Hook hook(String name) {
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
      if (!tokens.isEmpty()
          && (tokens.get(0).text.equals("-4") || tokens.get(0).text.equals("-6"))) {
        // iptables-restore input: -4 lines are for iptables only, -6 lines for ip6tables only.
        boolean forV6 = tokens.get(0).text.equals("-6");
        if (forV6 != (family == IpFamily.IPV6)) {
          return;
        }
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
      if (parts.length > 2 && !parts[2].matches("\\[\\d+:\\d+\\]")) {
        throw Inputs.error(
            source,
            no,
            col,
            "chain "
                + name
                + " has counters \""
                + parts[2]
                + "\": write them as [packets:bytes], e.g. [0:0]");
      }
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
      if (chain == null && hook(chainTok.text) != null) {
        // iptables-restore creates the built-in chains of a table that does not declare them.
        chain = new ChainDecl(chainTok.text, Action.ACCEPT);
        chains.put(chain.name, chain);
        policy.note(
            "line "
                + no
                + ": built-in chain "
                + chain.name
                + " is not declared; read with policy ACCEPT (iptables-restore keeps the policy"
                + " the host had)");
      }
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
      tokens = new ArrayList<>(tokens);
      Rule.Builder b = Rule.builder().text(text).line(no);
      boolean matchesNothing = false;
      List<NamedSets.Lookup> lookups = new ArrayList<>();
      String module = null;
      // "-p icmp --icmp-type 8": iptables loads the match module named after the protocol for an
      // option no -m module claims (iptables-restore accepts it; iptables-save adds "-m icmp")
      String protocolModule = null;
      boolean moduleKnown = true;
      StringBuilder unknownModule = null;
      boolean targetSet = false;
      List<String> targetOptions = new ArrayList<>();
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
        if (splitAttached(tokens, i)) {
          t = tokens.get(i);
          opt = t.text;
        }
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
          b.addUnknownCondition(unknownModule.toString());
          unknownModule = null;
        }
        if (targetSet && !TOP.contains(opt) && opt.startsWith("--")) {
          // target options (--reject-with, --log-prefix ...) do not change matching
          targetOptions.add(opt);
          i += 1 + args(tokens, i + 1);
          continue;
        }
        switch (opt) {
          case "-p":
          case "--protocol":
            {
              Token v = value(tokens, i, no);
              b.transports(protocols(v, neg));
              protocolModule = neg ? null : v.text.toLowerCase(Locale.ROOT);
              i += 2;
              break;
            }
          case "-s":
          case "--source":
          case "--src":
            b.source(addresses(b, opt, tokens, i, no, neg));
            i += 2;
            break;
          case "-d":
          case "--destination":
          case "--dst":
            b.destination(addresses(b, opt, tokens, i, no, neg));
            i += 2;
            break;
          case "-i":
          case "--in-interface":
            {
              String iface = interfaceName(tokens, i, no);
              if (iface.isBlank()) {
                // Control characters only (iptables splits on C whitespace, Java's isBlank also
                // counts \x1c-\x1f): a name the kernel allows, that no model of ours can match.
                b.addUnknownCondition(
                    (neg ? "! " : "") + opt + " (an interface name of control characters)");
              } else {
                b.inInterface(new InterfaceMatch(iface, neg));
              }
            }
            i += 2;
            break;
          case "-o":
          case "--out-interface":
            {
              String iface = interfaceName(tokens, i, no);
              if (iface.isBlank()) {
                // Control characters only (iptables splits on C whitespace, Java's isBlank also
                // counts \x1c-\x1f): a name the kernel allows, that no model of ours can match.
                b.addUnknownCondition(
                    (neg ? "! " : "") + opt + " (an interface name of control characters)");
              } else {
                b.outInterface(new InterfaceMatch(iface, neg));
              }
            }
            i += 2;
            break;
          case "-m":
          case "--match":
            module = value(tokens, i, no).text;
            moduleKnown =
                Set.of("tcp", "udp", "multiport", "conntrack", "state", "comment", "set")
                    .contains(module);
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
            b.addUnknownCondition((neg ? "! " : "") + opt);
            i++;
            break;
          case "-c":
          case "--set-counters":
            {
              // "-c PKTS BYTES" or, in iptables-restore input, "-c PKTS,BYTES"
              Token v = value(tokens, i, no);
              boolean one = v.text.contains(",");
              String counters = one ? v.text : v.text + "," + value(tokens, i + 1, no).text;
              if (!counters.matches("\\d+,\\d+")) {
                throw Inputs.error(
                    source,
                    no,
                    v.column,
                    opt
                        + " \""
                        + counters.replace(",", one ? "," : " ")
                        + "\" is not two counters: write -c PACKETS BYTES or -c PACKETS,BYTES");
              }
              i += one ? 2 : 3;
              break;
            }
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
              PortSet ports;
              try {
                ports = Inputs.ports(v.text);
              } catch (IllegalArgumentException | InvalidInputException e) {
                throw Inputs.error(source, no, v.column, Messages.of(e), e);
              }
              if (ports.isEmpty()) {
                // only port 0 or a reversed range: no flow's port matches (negated: every port)
                matchesNothing |= !neg;
              } else {
                PortMatch pm = new PortMatch(ports, neg);
                if (opt.startsWith("--d")) {
                  b.destinationPorts(pm);
                } else {
                  b.sourcePorts(pm);
                }
              }
              i += inline ? 3 : 2;
              break;
            }
          case "--ctstate":
          case "--state":
            {
              Token v = value(tokens, i, no);
              // A list may name a state twice (iptables ORs them into one mask): copyOf, not of.
              List<String> states = Arrays.asList(v.text.split(","));
              if (states.isEmpty()) {
                throw Inputs.error(
                    source, no, v.column, opt + " \"" + v.text + "\" names no state: use e.g. NEW");
              }
              b.state(new StateMatch(Set.copyOf(states), neg));
              i += 2;
              break;
            }
          case "--tcp-flags":
            {
              // iptables-save writes --syn as --tcp-flags FIN,SYN,RST,ACK SYN. The first packet of
              // a new connection carries SYN alone: the match holds iff (mask & {SYN}) == comp.
              Token mask = value(tokens, i, no);
              Token comp = value(tokens, i + 1, no);
              Set<String> m =
                  Set.copyOf(Arrays.asList(mask.text.toUpperCase(Locale.ROOT).split(",")));
              Set<String> c =
                  Set.copyOf(Arrays.asList(comp.text.toUpperCase(Locale.ROOT).split(",")));
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
          case "--match-set":
            {
              Token name = value(tokens, i, no);
              Token flags = value(tokens, i + 1, no);
              lookups.add(lookup(name.text, flags.text, neg));
              i += 3;
              break;
            }
          default:
            if ("set".equals(module) && opt.matches("--update-(sub)?counters")) {
              i++; // counters do not change the match
              break;
            }
            String owner = module != null ? module : implicitModule(protocolModule, opt);
            if (owner != null && opt.startsWith("--")) {
              int n = args(tokens, i + 1);
              StringBuilder sb = new StringBuilder("-m " + owner + (neg ? " ! " : " ") + opt);
              for (int k = 1; k <= n; k++) {
                sb.append(' ').append(quoteIfNeeded(tokens.get(i + k).text));
              }
              if ("set".equals(module) && !lookups.isEmpty()) {
                // --return-nomatch, --packets-gt ...: the lookup's result is not the set's
                NamedSets.Lookup last = lookups.remove(lookups.size() - 1);
                lookups.add(
                    new NamedSets.Lookup(
                        last.key(),
                        last.name(),
                        last.fields(),
                        last.negated(),
                        last.text() + " " + sb.substring(("-m set ").length()),
                        java.util.Optional.of(sb + " is not modelled")));
                i += 1 + n;
                break;
              }
              b.addUnknownCondition(sb.toString());
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
        b.addUnknownCondition(unknownModule.toString());
      }
      if (target != null
          && !targetOptions.isEmpty()
          && !chains.containsKey(target)
          && !NON_TERMINATING.contains(target)
          && !UNKNOWN_TERMINATING.contains(target)
          && !Set.of("ACCEPT", "DROP", "REJECT", "RETURN").contains(target)) {
        // A target with options is an extension (chains take none) that the model does not know.
        b.action(Action.ACCEPT).addUnknown("-j " + target + " (a target the model does not know)");
      }
      if (matchesNothing) {
        b.transports(Set.of());
      }
      Rule r = b.build();
      if (r.source().networks().stream().anyMatch(c -> !c.isIpv4())
          || r.destination().networks().stream().anyMatch(c -> !c.isIpv4())) {
        chain.hasV6 = true;
      }
      chain.rules.addAll(lookups.isEmpty() ? List.of(r) : sets.apply(r, lookups));
    }

    /** A {@code --match-set NAME src,dst} lookup; its fields follow the set's dimensions. */
    private NamedSets.Lookup lookup(String name, String flags, boolean neg) {
      String text = "-m set " + (neg ? "! " : "") + "--match-set " + name + " " + flags;
      List<NamedSets.Field> fields = new ArrayList<>();
      java.util.Optional<NamedSets.SetDef> def = sets.get(name);
      String[] f = flags.split(",");
      java.util.Optional<String> bad = java.util.Optional.empty();
      if (def.isPresent() && def.get().unsupported().isEmpty()) {
        List<NamedSets.Kind> kinds = def.get().kinds();
        for (int k = 0; k < f.length && k < kinds.size(); k++) {
          boolean src = f[k].equals("src");
          if (!src && !f[k].equals("dst")) {
            bad = java.util.Optional.of("flag \"" + f[k] + "\" is not src or dst");
          }
          fields.add(
              kinds.get(k) == NamedSets.Kind.ADDRESS
                  ? (src ? NamedSets.Field.SOURCE_ADDRESS : NamedSets.Field.DESTINATION_ADDRESS)
                  : (src ? NamedSets.Field.SOURCE_PORT : NamedSets.Field.DESTINATION_PORT));
        }
        if (f.length != kinds.size()) {
          bad =
              java.util.Optional.of(
                  "set "
                      + name
                      + " has "
                      + kinds.size()
                      + " dimension(s) and the rule gives "
                      + f.length
                      + " flag(s)");
        }
      }
      return new NamedSets.Lookup(name, name, fields, neg, text, bad);
    }

    private void target(Rule.Builder b, String target, boolean go) {
      if (go) {
        b.action(Action.goTo(target));
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
          } else if (target.isBlank()) {
            // A chain name of control characters, which iptables allows: not one the model follows.
            b.action(Action.ACCEPT).addUnknown("-j (a chain name of control characters)");
          } else if (UNKNOWN_TERMINATING.contains(target) && !chains.containsKey(target)) {
            b.action(Action.ACCEPT).addUnknown("-j " + target);
          } else {
            b.action(Action.jump(target));
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

    /** An interface name: at most 15 characters, as the kernel's IFNAMSIZ allows. */
    private String interfaceName(List<Token> tokens, int i, int no) {
      Token v = value(tokens, i, no);
      if (v.text.length() > 15) {
        throw Inputs.error(
            source,
            no,
            v.column,
            "interface name \""
                + v.text
                + "\" is longer than 15 characters: no interface has such a name");
      }
      return v.text;
    }

    private Token value(List<Token> tokens, int i, int no) {
      if (i + 1 >= tokens.size()) {
        Token t = tokens.get(i);
        throw Inputs.error(source, no, t.column, t.text + " needs a value: the line is truncated");
      }
      return tokens.get(i + 1);
    }

    /**
     * The match module iptables loads for an option no {@code -m} claims: the one named after the
     * rule's protocol ({@code -p icmp --icmp-type 8}, {@code -p sctp --dport 9}). Options of the
     * tcp and udp modules the reader models are matched above, so an option this leaves for them is
     * a typo unless it is {@code --tcp-option}.
     */
    private static @Nullable String implicitModule(@Nullable String protocol, String opt) {
      if (protocol == null) {
        return null;
      }
      if (Set.of("tcp", "6").contains(protocol)) {
        return opt.equals("--tcp-option") ? "tcp" : null;
      }
      return Set.of("udp", "17", "all", "0").contains(protocol) ? null : protocol;
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

    private AddressMatch addresses(
        Rule.Builder b, String opt, List<Token> tokens, int i, int no, boolean neg) {
      Token v = value(tokens, i, no);
      List<Cidr> nets = new ArrayList<>();
      String nonContiguous = null;
      try {
        for (String part : v.text.split(",", -1)) {
          if (part.isBlank()) {
            // iptables-restore refuses it too ("host/network `' not found")
            throw new IllegalArgumentException(
                opt
                    + " \""
                    + v.text
                    + "\" has an empty address: give addresses or CIDRs separated by commas, e.g."
                    + " 10.0.0.0/8,192.168.1.5");
          }
          Inputs.Networks n = Inputs.Networks.parse(part);
          nets.addAll(n.networks);
          nonContiguous = nonContiguous == null ? n.nonContiguous : nonContiguous;
        }
      } catch (IllegalArgumentException | InvalidInputException e) {
        throw Inputs.error(source, no, v.column, Messages.of(e), e);
      }
      if (nonContiguous != null) {
        // Kept as the wider network of the mask's leading ones: a flow outside it never matches;
        // inside it the rule is unknown. Negated, the wider network says nothing.
        b.addUnknown(
            (neg ? "! " : "")
                + opt
                + " "
                + v.text
                + " (a non-contiguous "
                + nonContiguous
                + " is not modelled)");
        if (neg) {
          return AddressMatch.any();
        }
      }
      return new AddressMatch(nets, neg);
    }

    /**
     * Splits an option written with its value attached, as iptables-restore (getopt) reads it:
     * {@code --protocol=tcp} and {@code -ptcp} become {@code --protocol tcp} and {@code -p tcp}.
     */
    private static boolean splitAttached(List<Token> tokens, int i) {
      Token t = tokens.get(i);
      String s = t.text;
      String opt;
      String val;
      if (s.startsWith("--") && s.indexOf('=') > 2) {
        opt = s.substring(0, s.indexOf('='));
        val = s.substring(s.indexOf('=') + 1);
      } else if (s.length() > 2
          && s.charAt(0) == '-'
          && "psdiojgm".indexOf(s.charAt(1)) >= 0
          && s.charAt(2) != '-') {
        opt = s.substring(0, 2);
        val = s.substring(2);
      } else {
        return false;
      }
      tokens.set(i, new Token(opt, t.column));
      tokens.add(i + 1, new Token(val, t.column + opt.length() + (s.startsWith("--") ? 1 : 0)));
      return true;
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
        if (isSpace(c)) {
          i++;
          continue;
        }
        int start = i;
        StringBuilder sb = new StringBuilder();
        boolean quoted = false;
        while (i < n && (quoted || !isSpace(line.charAt(i)))) {
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

    /**
     * Tells whether a character separates words, as C's {@code isspace} in iptables-restore's
     * tokenizer: Java's {@code Character.isWhitespace} also counts {@code \x1c}-{@code \x1f}, which
     * iptables keeps inside a word.
     */
    static boolean isSpace(char c) {
      return c == ' ' || c == '\t' || c == '\n' || c == 0x0b || c == '\f' || c == '\r';
    }

    @Override
    public String toString() {
      return text + "@" + column;
    }
  }
}
