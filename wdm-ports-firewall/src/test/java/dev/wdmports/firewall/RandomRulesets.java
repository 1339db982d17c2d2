package dev.wdmports.firewall;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Seeded random iptables-save rulesets for property and kernel tests. */
final class RandomRulesets {
  private final Random random;
  private final String client;
  private final String server;
  private final int[] ports;
  private final boolean kernelSafe;

  /**
   * @param seed the seed
   * @param client the client address (e.g. 10.231.7.2)
   * @param server the server address
   * @param ports the destination ports to play with
   * @param kernelSafe true to leave out what a kernel run cannot check (UDP, source ports, other
   *     interfaces, unknown matches)
   */
  RandomRulesets(long seed, String client, String server, int[] ports, boolean kernelSafe) {
    this.random = new Random(seed);
    this.client = client;
    this.server = server;
    this.ports = ports.clone();
    this.kernelSafe = kernelSafe;
  }

  String iptablesSave(int rules) {
    int userChains = random.nextInt(4);
    List<String> out = new ArrayList<>();
    out.add("*filter");
    out.add(":INPUT " + (random.nextBoolean() ? "ACCEPT" : "DROP") + " [0:0]");
    out.add(":FORWARD ACCEPT [0:0]");
    out.add(":OUTPUT ACCEPT [0:0]");
    for (int c = 1; c <= userChains; c++) {
      out.add(":U" + c + " - [0:0]");
    }
    if (kernelSafe) {
      // The model judges a connection by its first packet (state NEW). A kernel run also needs
      // the connection's later packets through, as every real ruleset lets them.
      out.add("-A INPUT -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT");
      if (client.contains(":")) {
        // IPv6 needs neighbour discovery through, as every real ip6tables ruleset lets it.
        out.add("-A INPUT -p ipv6-icmp -j ACCEPT");
      }
    }
    for (int c = 0; c <= userChains; c++) {
      String name = c == 0 ? "INPUT" : "U" + c;
      int n = c == 0 ? rules : Math.max(1, rules / 3);
      for (int i = 0; i < n; i++) {
        out.add("-A " + name + rule(c, userChains));
      }
    }
    out.add("COMMIT");
    return String.join("\n", out) + "\n";
  }

  private String rule(int chain, int userChains) {
    StringBuilder sb = new StringBuilder();
    int proto = random.nextInt(kernelSafe ? 4 : 5);
    boolean tcp = proto <= 2;
    boolean udp = !kernelSafe && proto == 4;
    if (tcp) {
      sb.append(" -p tcp");
    } else if (udp) {
      sb.append(" -p udp");
    }
    if (random.nextInt(3) == 0) {
      sb.append(random.nextInt(4) == 0 ? " !" : "").append(" -s ").append(network(client));
    }
    if (random.nextInt(6) == 0) {
      sb.append(random.nextInt(4) == 0 ? " !" : "").append(" -d ").append(network(server));
    }
    if (tcp || udp) {
      String m = tcp ? "tcp" : "udp";
      switch (random.nextInt(5)) {
        case 0:
          sb.append(" -m ").append(m).append(" --dport ").append(port());
          break;
        case 1:
          {
            int a = port();
            int b = port();
            sb.append(" -m ")
                .append(m)
                .append(random.nextInt(4) == 0 ? " !" : "")
                .append(" --dport ")
                .append(Math.min(a, b))
                .append(':')
                .append(Math.max(a, b));
            break;
          }
        case 2:
          sb.append(" -m multiport --dports ")
              .append(port())
              .append(',')
              .append(port())
              .append(',')
              .append(port());
          break;
        case 3:
          sb.append(" -m ").append(m).append(" --dport ").append(port());
          if (!kernelSafe && random.nextInt(3) == 0) {
            sb.append(" --sport ").append(random.nextBoolean() ? "1024:65535" : "2000:3000");
          }
          break;
        default:
          break;
      }
    }
    if (random.nextInt(8) == 0) {
      sb.append(" -m conntrack --ctstate ")
          .append(random.nextBoolean() ? "NEW" : "RELATED,ESTABLISHED");
    }
    if (!kernelSafe && random.nextInt(15) == 0) {
      sb.append(" -m recent --name x --rcheck");
    }
    if (!kernelSafe && random.nextInt(15) == 0) {
      sb.append(" -i eth").append(random.nextInt(2));
    }
    if (random.nextInt(10) == 0) {
      sb.append(" -m comment --comment \"r ").append(random.nextInt(100)).append('"');
    }
    int a = random.nextInt(10);
    if (a < 3) {
      sb.append(" -j ACCEPT");
    } else if (a < 5) {
      sb.append(" -j DROP");
    } else if (a < 7) {
      sb.append(" -j REJECT");
      if (tcp && random.nextBoolean()) {
        sb.append(" --reject-with tcp-reset");
      }
    } else if (a == 7 && chain > 0) {
      sb.append(" -j RETURN");
    } else if (a >= 8 && chain < userChains) {
      int target = chain + 1 + random.nextInt(userChains - chain);
      sb.append(a == 8 ? " -j U" : " -g U").append(target);
    } else if (a == 7) {
      sb.append(" -j LOG --log-prefix \"x \"");
    } else {
      sb.append(" -j ACCEPT");
    }
    return sb.toString();
  }

  private String network(String host) {
    if (host.contains(":")) {
      String prefix = host.substring(0, host.lastIndexOf(':'));
      switch (random.nextInt(5)) {
        case 0:
          return host + "/128";
        case 1:
          return prefix + ":/64";
        case 2:
          return prefix.substring(0, prefix.lastIndexOf(':')) + "::/48";
        case 3:
          return "2001:db8:" + Integer.toHexString(random.nextInt(65536)) + "::/48";
        default:
          return prefix + (random.nextBoolean() ? ":8000:0:0:0/65" : ":0/65");
      }
    }
    String[] o = host.split("\\.");
    switch (random.nextInt(5)) {
      case 0:
        return host + "/32";
      case 1:
        return o[0] + "." + o[1] + "." + o[2] + ".0/24";
      case 2:
        return o[0] + "." + o[1] + ".0.0/16";
      case 3:
        return "192.168." + random.nextInt(256) + ".0/24";
      default:
        return o[0] + "." + o[1] + "." + o[2] + "." + (random.nextBoolean() ? "128/25" : "0/25");
    }
  }

  int port() {
    return ports[random.nextInt(ports.length)];
  }
}
