package dev.wdmports.firewall;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Seeded random nftables scripts with several base chains on the input hook (different tables,
 * priorities and policies), user chains, sets, ranges and negations: TCP over IPv4 only.
 */
final class RandomNftRulesets {
  private final Random random;
  private final String client;
  private final String server;
  private final int[] ports;

  RandomNftRulesets(long seed, String client, String server, int[] ports) {
    this.random = new Random(seed);
    this.client = client;
    this.server = server;
    this.ports = ports.clone();
  }

  String script(int rulesPerChain) {
    List<String> out = new ArrayList<>();
    int bases = 1 + random.nextInt(3);
    for (int b = 0; b < bases; b++) {
      String family = random.nextBoolean() ? "inet" : "ip";
      String table = "t" + b;
      int users = random.nextInt(3);
      out.add("table " + family + " " + table + " {");
      out.add("  chain in {");
      out.add(
          "    type filter hook input priority "
              + (random.nextInt(41) - 20)
              + "; policy "
              + (random.nextInt(3) == 0 ? "drop" : "accept")
              + ";");
      // Every base chain sees a connection's later packets; real rulesets let them through.
      out.add("    ct state established,related accept");
      for (int i = 0; i < rulesPerChain; i++) {
        out.add("    " + rule(0, users));
      }
      out.add("  }");
      for (int u = 1; u <= users; u++) {
        out.add("  chain u" + u + " {");
        for (int i = 0; i < Math.max(1, rulesPerChain / 2); i++) {
          out.add("    " + rule(u, users));
        }
        out.add("  }");
      }
      out.add("}");
    }
    return String.join("\n", out) + "\n";
  }

  /**
   * The same kind of ruleset written as people write {@code nft -f} files: {@code flush ruleset},
   * {@code define}s (nested, in anonymous sets), named priorities, {@code add} command forms for
   * some tables, several statements on one line, {@code #} comments and line continuations.
   */
  String handWritten(int rulesPerChain) {
    Random r = new Random(random.nextLong());
    String[] lines = script(rulesPerChain).split("\n");
    List<String> out = new ArrayList<>();
    out.add("#!/usr/sbin/nft -f");
    out.add("flush ruleset");
    out.add("define client = " + client);
    out.add("define clients = { $client, 192.0.2.0/24 }");
    out.add("define web = { " + port() + ", " + port() + " }");
    String clientPattern = "(?<![\\d.])" + java.util.regex.Pattern.quote(client) + "(?![\\d/])";
    boolean commands = false;
    boolean firstBase = true;
    String family = null;
    String table = null;
    String chain = null;
    boolean lastWasRule = false;
    for (int i = 0; i < lines.length; i++) {
      String l = lines[i].replaceAll(clientPattern, "\\$client");
      java.util.regex.Matcher m = java.util.regex.Pattern.compile("priority (-?\\d+);").matcher(l);
      if (m.find() && r.nextBoolean()) {
        int n = Integer.parseInt(m.group(1));
        l =
            m.replaceFirst(
                "priority filter" + (n == 0 ? "" : n > 0 ? " + " + n : " - " + (-n)) + ";");
      }
      String t = l.strip();
      if (t.startsWith("table ")) {
        String[] w = t.split(" ");
        family = w[1];
        table = w[2];
        commands = r.nextInt(3) == 0;
        if (commands) {
          out.add("add table " + family + " " + table);
          for (int k = i + 1; k < lines.length && !lines[k].equals("}"); k++) {
            if (lines[k].strip().startsWith("chain ")
                && !lines[k + 1].strip().startsWith("type ")) {
              // user chains first: rules jump to them
              out.add("add chain " + family + " " + table + " " + lines[k].strip().split(" ")[1]);
            }
          }
        } else {
          out.add(l);
        }
        lastWasRule = false;
        continue;
      }
      if (t.startsWith("chain ")) {
        chain = t.split(" ")[1];
        if (!commands) {
          out.add(l);
        }
        lastWasRule = false;
        continue;
      }
      if (t.startsWith("type ")) {
        if (commands) {
          out.add("add chain " + family + " " + table + " " + chain + " { " + t + " }");
        } else {
          out.add(l);
        }
        if (firstBase) {
          firstBase = false;
          // a transport-header match on another protocol never decides a TCP flow
          String icmp = "icmp type echo-request accept";
          out.add(
              commands
                  ? "add rule " + family + " " + table + " " + chain + " " + icmp
                  : l.replace(t, icmp));
          String v = r.nextBoolean() ? "accept" : "reject with tcp reset";
          String rule = "ip saddr $clients tcp dport $web " + v;
          out.add(
              commands
                  ? "add rule " + family + " " + table + " " + chain + " " + rule
                  : l.replace(t, rule));
        }
        lastWasRule = false;
        continue;
      }
      if (t.equals("}")) {
        if (!commands) {
          out.add(l);
        }
        lastWasRule = false;
        continue;
      }
      // a rule
      String rule = t;
      switch (r.nextInt(6)) {
        case 0 -> rule = rule + "  # rule " + i;
        case 1 ->
            rule =
                rule.replaceFirst(
                    " (accept|drop|reject|reject with tcp reset|return|jump \\w+|goto \\w+)$",
                    " \\\\\n        $1");
        default -> {}
      }
      if (commands) {
        out.add("add rule " + family + " " + table + " " + chain + " " + rule);
      } else if (lastWasRule && !out.get(out.size() - 1).contains("#") && r.nextInt(4) == 0) {
        out.set(out.size() - 1, out.get(out.size() - 1) + "; " + rule);
      } else {
        out.add("    " + rule);
      }
      lastWasRule = true;
    }
    return String.join("\n", out) + "\n";
  }

  private String rule(int chain, int users) {
    List<String> parts = new ArrayList<>();
    if (random.nextInt(3) == 0) {
      parts.add("ip saddr " + (random.nextInt(4) == 0 ? "!= " : "") + network(client));
    }
    if (random.nextInt(6) == 0) {
      parts.add("ip daddr " + (random.nextInt(4) == 0 ? "!= " : "") + network(server));
    }
    switch (random.nextInt(6)) {
      case 0:
        parts.add("tcp dport " + port());
        break;
      case 1:
        {
          int a = port();
          int b = port();
          parts.add(
              "tcp dport "
                  + (random.nextInt(4) == 0 ? "!= " : "")
                  + Math.min(a, b)
                  + "-"
                  + Math.max(a, b));
          break;
        }
      case 2:
        parts.add("tcp dport { " + port() + ", " + port() + ", " + port() + " }");
        break;
      case 3:
        parts.add("meta l4proto tcp th dport " + port());
        break;
      case 4:
        parts.add("meta l4proto tcp");
        break;
      default:
        break;
    }
    if (random.nextInt(8) == 0) {
      parts.add("ct state new");
    }
    if (random.nextInt(4) == 0) {
      parts.add("counter");
    }
    int a = random.nextInt(10);
    if (a < 3) {
      parts.add("accept");
    } else if (a < 5) {
      parts.add("drop");
    } else if (a < 7) {
      parts.add(random.nextBoolean() ? "reject" : "reject with tcp reset");
      if (parts.get(parts.size() - 1).contains("tcp reset") && !hasTcp(parts)) {
        parts.add(parts.size() - 1, "meta l4proto tcp");
      }
    } else if (a == 7 && chain > 0) {
      parts.add("return");
    } else if (a >= 8 && chain < users) {
      int target = chain + 1 + random.nextInt(users - chain);
      parts.add((a == 8 ? "jump u" : "goto u") + target);
    } else {
      parts.add("accept");
    }
    return String.join(" ", parts);
  }

  private static boolean hasTcp(List<String> parts) {
    return parts.stream().anyMatch(p -> p.startsWith("tcp ") || p.startsWith("meta l4proto tcp"));
  }

  private String network(String host) {
    String[] o = host.split("\\.");
    switch (random.nextInt(5)) {
      case 0:
        return host;
      case 1:
        return o[0] + "." + o[1] + "." + o[2] + ".0/24";
      case 2:
        return "{ " + host + ", 192.168." + random.nextInt(256) + ".0/24 }";
      case 3:
        return "192.168." + random.nextInt(256) + ".0/24";
      default:
        return o[0] + "." + o[1] + "." + o[2] + "." + (random.nextBoolean() ? "128/25" : "0/25");
    }
  }

  private int port() {
    return ports[random.nextInt(ports.length)];
  }
}
