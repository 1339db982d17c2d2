package dev.wdmports.firewall;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Two network namespaces joined by a veth pair: a server with TCP listeners on a set of ports and a
 * client that connects to them. Only addresses inside these namespaces are used. Root only.
 */
final class NetnsLab implements AutoCloseable {
  static final String[] TOOLS = {"ip", "iptables-restore", "iptables-save", "nft", "python3"};

  private static final String LISTENER =
      String.join(
          "\n",
          "import socket, select, sys",
          "socks = []",
          "for p in sys.argv[1:]:",
          "    s = socket.socket(socket.AF_INET6)",
          "    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)",
          "    s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 0)",
          "    s.bind(('::', int(p)))",
          "    s.listen(256)",
          "    s.setblocking(False)",
          "    socks.append(s)",
          "print('ready', flush=True)",
          "while True:",
          "    r, _, _ = select.select(socks, [], [])",
          "    for s in r:",
          "        try:",
          "            c, _ = s.accept()",
          "            c.close()",
          "        except OSError:",
          "            pass");

  private static final String CLIENT =
      String.join(
          "\n",
          "import socket, sys, concurrent.futures",
          "host = sys.argv[1]",
          "timeout = float(sys.argv[2])",
          "pairs = [x.split(':') for x in sys.stdin.read().split()]",
          "ports = [int(p) for p, _ in pairs]",
          "source = dict((int(p), int(s)) for p, s in pairs)",
          "v6 = ':' in host",
          "def probe(p):",
          "    s = socket.socket(socket.AF_INET6 if v6 else socket.AF_INET)",
          "    s.settimeout(timeout)",
          "    try:",
          "        s.bind(('::' if v6 else '0.0.0.0', source[p]))",
          "        s.connect((host, p))",
          "        return 'connected'",
          "    except ConnectionRefusedError:",
          "        return 'refused'",
          "    except socket.timeout:",
          "        return 'timeout'",
          "    except OSError as e:",
          "        return 'error-%d' % e.errno",
          "    finally:",
          "        s.close()",
          "with concurrent.futures.ThreadPoolExecutor(64) as ex:",
          "    for p, r in zip(ports, ex.map(probe, ports)):",
          "        print(p, r)");

  final String server;
  final String client;
  final String serverAddress;
  final String clientAddress;
  final String serverAddress6;
  final String clientAddress6;

  /** The server's end of the veth pair (in the server namespace). */
  final String serverDevice;

  /** The client's end of the veth pair (in the client namespace). */
  final String clientDevice;

  private final Process listener;
  private int nextSourcePort = 33000;

  private NetnsLab(String tag, int subnet, int[] ports) {
    server = "wpf-" + tag + "-a";
    client = "wpf-" + tag + "-b";
    serverAddress = "10.231." + subnet + ".1";
    clientAddress = "10.231." + subnet + ".2";
    serverAddress6 = "fd00:231:" + subnet + "::1";
    clientAddress6 = "fd00:231:" + subnet + "::2";
    String va = "wpf" + tag + "a";
    String vb = "wpf" + tag + "b";
    serverDevice = va;
    clientDevice = vb;
    boolean ok = false;
    try {
      run(null, "ip", "netns", "add", server);
      run(null, "ip", "netns", "add", client);
      run(null, "ip", "link", "add", va, "type", "veth", "peer", "name", vb);
      run(null, "ip", "link", "set", va, "netns", server);
      run(null, "ip", "link", "set", vb, "netns", client);
      run(null, "ip", "-n", server, "addr", "add", serverAddress + "/24", "dev", va);
      run(null, "ip", "-n", client, "addr", "add", clientAddress + "/24", "dev", vb);
      run(
          null,
          "ip",
          "-n",
          server,
          "-6",
          "addr",
          "add",
          serverAddress6 + "/64",
          "dev",
          va,
          "nodad");
      run(
          null,
          "ip",
          "-n",
          client,
          "-6",
          "addr",
          "add",
          clientAddress6 + "/64",
          "dev",
          vb,
          "nodad");
      for (String ns : new String[] {server, client}) {
        run(null, "ip", "-n", ns, "link", "set", "lo", "up");
      }
      run(null, "ip", "-n", server, "link", "set", va, "up");
      run(null, "ip", "-n", client, "link", "set", vb, "up");
      // REJECT answers with ICMP, which the kernel rate-limits per peer; a test sends many.
      inServer(null, "sysctl", "-q", "-w", "net.ipv4.icmp_ratelimit=0");
      inServer(null, "sysctl", "-q", "-w", "net.ipv4.icmp_msgs_per_sec=100000");
      inServer(null, "sysctl", "-q", "-w", "net.ipv4.icmp_msgs_burst=100000");
      inServer(null, "sysctl", "-q", "-w", "net.ipv6.icmp.ratelimit=0");
      List<String> cmd =
          new ArrayList<>(List.of("ip", "netns", "exec", server, "python3", "-c", LISTENER));
      for (int p : ports) {
        cmd.add(Integer.toString(p));
      }
      listener = new ProcessBuilder(cmd).redirectErrorStream(true).start();
      BufferedReader r =
          new BufferedReader(
              new InputStreamReader(listener.getInputStream(), StandardCharsets.UTF_8));
      String line = r.readLine();
      if (!"ready".equals(line)) {
        throw new IllegalStateException("listener did not start: " + line);
      }
      ok = true;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      if (!ok) {
        deleteNamespaces();
      }
    }
  }

  static NetnsLab start(int[] ports) {
    long pid = ProcessHandle.current().pid();
    return new NetnsLab(Long.toString(pid % 100000), (int) (pid % 200) + 20, ports);
  }

  /** Returns null when the lab can run here, else why not. */
  static String unavailableReason() {
    if (!"root".equals(System.getProperty("user.name"))) {
      return "kernel differential tests need root (network namespaces); running as "
          + System.getProperty("user.name");
    }
    for (String tool : TOOLS) {
      if (which(tool) == null) {
        return "kernel differential tests need "
            + tool
            + ": apt-get install -y --no-install-recommends iptables nftables ipset iproute2 python3";
      }
    }
    return null;
  }

  /** Tells whether a tool is on the path, for tests that need more than {@link #TOOLS}. */
  static boolean has(String tool) {
    return which(tool) != null;
  }

  private static String which(String tool) {
    String path = System.getenv().getOrDefault("PATH", "") + ":/usr/sbin:/sbin:/usr/bin:/bin";
    for (String dir : path.split(":")) {
      File f = new File(dir, tool);
      if (f.canExecute()) {
        return f.getPath();
      }
    }
    return null;
  }

  String inServer(String stdin, String... cmd) {
    List<String> full = new ArrayList<>(List.of("ip", "netns", "exec", server));
    full.addAll(List.of(cmd));
    return run(stdin, full.toArray(String[]::new));
  }

  /**
   * Connects from the client to each port; returns port → connected|refused|timeout|error-N. Every
   * connection of the lab uses a source port never used before, so no conntrack entry of an earlier
   * run (say, one left ESTABLISHED because a ruleset dropped its FIN) can classify the new SYN.
   */
  Map<Integer, String> connect(List<Integer> ports, double timeoutSeconds) {
    return connect(serverAddress, ports, timeoutSeconds);
  }

  /** Like {@link #connect(List, double)}, to the given server address (IPv4 or IPv6). */
  Map<Integer, String> connect(String target, List<Integer> ports, double timeoutSeconds) {
    String out =
        run(
            ports.stream().map(p -> p + ":" + nextSourcePort++).collect(Collectors.joining(" ")),
            "ip",
            "netns",
            "exec",
            client,
            "python3",
            "-c",
            CLIENT,
            target,
            Double.toString(timeoutSeconds));
    Map<Integer, String> result = new LinkedHashMap<>();
    for (String line : out.split("\n")) {
      if (!line.isBlank()) {
        String[] parts = line.trim().split(" ");
        result.put(Integer.parseInt(parts[0]), parts[1]);
      }
    }
    return result;
  }

  static String run(String stdin, String... cmd) {
    try {
      Process p = new ProcessBuilder(cmd).start();
      try (OutputStream in = p.getOutputStream()) {
        if (stdin != null) {
          in.write(stdin.getBytes(StandardCharsets.UTF_8));
        }
      }
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
        throw new IllegalStateException(
            String.join(" ", cmd).replaceAll("\\s+", " ")
                + " failed: "
                + err
                + (stdin == null ? "" : "\ninput:\n" + stdin));
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private void deleteNamespaces() {
    for (String ns : new String[] {server, client}) {
      try {
        run(null, "ip", "netns", "del", ns);
      } catch (RuntimeException e) {
        // already gone, or never created
      }
    }
  }

  @Override
  public void close() {
    if (listener != null) {
      listener.destroyForcibly();
      try {
        listener.waitFor(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    deleteNamespaces();
  }
}
