package dev.wdmports.firewall.format;

import static java.util.Objects.requireNonNull;

import dev.wdmports.core.Cidr;
import dev.wdmports.core.InvalidInputException;
import dev.wdmports.core.PortRange;
import dev.wdmports.core.PortSet;
import dev.wdmports.core.Transport;
import dev.wdmports.core.internal.TextFiles;
import dev.wdmports.firewall.format.IptablesSaveParser.Token;
import dev.wdmports.firewall.format.NamedSets.Kind;
import dev.wdmports.firewall.format.NamedSets.SetDef;
import dev.wdmports.firewall.format.NamedSets.Value;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The sets of {@code ipset save} output, which {@code -m set --match-set} rules of an iptables-save
 * file refer to.
 *
 * <pre>{@code
 * IpSets sets = IpSets.read(Path.of("ipsets.txt"));
 * FirewallPolicy p = PolicyFormat.IPTABLES_SAVE.read(Path.of("rules.v4"), sets);
 * }</pre>
 *
 * <p>Modelled types: {@code hash:ip}, {@code hash:net} (with {@code nomatch} entries, which cut
 * their network out of larger entries), {@code hash:ip,port}, {@code hash:net,port} and {@code
 * bitmap:port}, of family {@code inet} or {@code inet6}. Entry options ({@code timeout}, {@code
 * comment}, counters) are read and ignored: an entry with a timeout counts as present. Sets of
 * other types are kept by name and make the rules that use them {@code UNKNOWN}; so does a rule
 * naming a set this file does not define.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @since 0.1.0
 */
public final class IpSets {
  /** The most entries read, over all sets: {@code ipset}'s default {@code maxelem} per set, 16×. */
  public static final int MAX_ENTRIES = 16 * 65536;

  private static final IpSets NONE = new IpSets("ipsets", Map.of());
  private static final Set<String> TYPES =
      Set.of("hash:ip", "hash:net", "hash:ip,port", "hash:net,port", "bitmap:port");

  private final String sourceName;
  private final Map<String, SetDef> sets;

  private IpSets(String sourceName, Map<String, SetDef> sets) {
    this.sourceName = sourceName;
    this.sets = Map.copyOf(sets);
  }

  /**
   * Returns the empty collection: every {@code -m set} rule is {@code UNKNOWN}.
   *
   * @return no sets
   */
  public static IpSets none() {
    return NONE;
  }

  /**
   * Parses {@code ipset save} output.
   *
   * @param content the text
   * @param sourceName the name for messages, e.g. the file name
   * @return the sets
   * @throws InvalidInputException with {@code source:line:column: what} for a malformed line, an
   *     entry of a set not yet created, or more than {@link #MAX_ENTRIES} entries
   */
  public static IpSets parse(String content, String sourceName) {
    requireNonNull(content, "content");
    requireNonNull(sourceName, "sourceName");
    return new Reader(sourceName).read(content);
  }

  /**
   * Reads and parses a file of at most {@link PolicyFormat#DEFAULT_MAX_BYTES}.
   *
   * @param file the file
   * @return the sets
   * @throws InvalidInputException if the file is missing, a directory, unreadable, too large, not
   *     UTF-8 text or malformed
   */
  public static IpSets read(Path file) {
    requireNonNull(file, "file");
    return parse(TextFiles.read(file, PolicyFormat.DEFAULT_MAX_BYTES, null), file.toString());
  }

  /**
   * Returns the names of the sets, sorted.
   *
   * @return the names
   */
  public List<String> names() {
    return sets.values().stream().map(SetDef::name).sorted().toList();
  }

  /**
   * Returns the name of the input.
   *
   * @return e.g. the file name
   */
  public String sourceName() {
    return sourceName;
  }

  /** The sets for the iptables-save parser to resolve lookups with. */
  NamedSets named() {
    NamedSets n =
        new NamedSets(
            this == NONE
                ? "give the host's ipset save output (--ipsets FILE)"
                : sourceName + " does not create it; save every set with ipset save");
    sets.forEach(n::add);
    return n;
  }

  @Override
  public String toString() {
    return "IpSets{" + sourceName + ", " + sets.size() + " sets}";
  }

  private static final class Reader {
    final String source;
    final Map<String, Builder> sets = new LinkedHashMap<>();
    int entries;

    Reader(String source) {
      this.source = source;
    }

    IpSets read(String content) {
      String[] lines = content.split("\r?\n", -1);
      for (int i = 0; i < lines.length; i++) {
        line(lines[i], i + 1);
      }
      Map<String, SetDef> out = new LinkedHashMap<>();
      sets.forEach((k, b) -> out.put(k, b.build()));
      return new IpSets(source, out);
    }

    private void line(String raw, int no) {
      String line = raw.strip();
      if (line.isEmpty() || line.startsWith("#")) {
        return;
      }
      List<Token> t = Token.split(raw, source, no);
      String cmd = t.get(0).text;
      switch (cmd) {
        case "create", "-N" -> create(t, no);
        case "add", "-A" -> add(t, no);
        default ->
            throw Inputs.error(
                source,
                no,
                t.get(0).column,
                "\""
                    + cmd
                    + "\" is not an ipset save line: expected create NAME TYPE ... or add NAME"
                    + " ENTRY ...");
      }
    }

    private void create(List<Token> t, int no) {
      if (t.size() < 3) {
        throw Inputs.error(
            source, no, t.get(0).column, "create needs a set name and type: create NAME TYPE");
      }
      String name = t.get(1).text;
      String type = t.get(2).text.toLowerCase(Locale.ROOT);
      if (sets.containsKey(name)) {
        throw Inputs.error(
            source,
            no,
            t.get(1).column,
            "set " + name + " is created twice (first at line " + sets.get(name).line + ")");
      }
      Builder b = new Builder(name, type, no);
      for (int i = 3; i < t.size(); i++) {
        String opt = t.get(i).text.toLowerCase(Locale.ROOT);
        if (opt.equals("family") && i + 1 < t.size()) {
          String f = t.get(++i).text.toLowerCase(Locale.ROOT);
          if (!f.equals("inet") && !f.equals("inet6")) {
            throw Inputs.error(
                source,
                no,
                t.get(i).column,
                "set " + name + " has family \"" + f + "\": use inet or inet6");
          }
          b.v6 = f.equals("inet6");
        }
      }
      sets.put(name, b);
    }

    private void add(List<Token> t, int no) {
      if (t.size() < 3) {
        throw Inputs.error(
            source, no, t.get(0).column, "add needs a set name and an entry: add NAME ENTRY");
      }
      Token nameTok = t.get(1);
      Builder b = sets.get(nameTok.text);
      if (b == null) {
        throw Inputs.error(
            source,
            no,
            nameTok.column,
            "set "
                + nameTok.text
                + " is not created before this entry: add create "
                + nameTok.text
                + " TYPE first");
      }
      if (++entries > MAX_ENTRIES) {
        throw Inputs.error(
            source, no, 1, "more than " + MAX_ENTRIES + " entries: this is not a host's ipset");
      }
      if (b.unsupported() != null) {
        return;
      }
      boolean nomatch = false;
      for (int i = 3; i < t.size(); i++) {
        nomatch |= t.get(i).text.equalsIgnoreCase("nomatch");
      }
      Token entry = t.get(2);
      try {
        b.entry(entry.text, nomatch);
      } catch (IllegalArgumentException | InvalidInputException e) {
        throw Inputs.error(
            source,
            no,
            entry.column,
            "entry \""
                + entry.text
                + "\" of set "
                + b.name
                + " ("
                + b.type
                + "): "
                + e.getMessage(),
            e);
      }
    }

    private final class Builder {
      final String name;
      final String type;
      final int line;
      boolean v6;
      final List<List<Value>> elements = new ArrayList<>();
      final List<Cidr> excluded = new ArrayList<>();

      Builder(String name, String type, int line) {
        this.name = name;
        this.type = type;
        this.line = line;
      }

      @Nullable String unsupported() {
        return TYPES.contains(type)
            ? null
            : "set " + name + " has type " + type + ", which is not modelled";
      }

      void entry(String text, boolean nomatch) {
        switch (type) {
          case "hash:ip", "hash:net" -> {
            List<Cidr> nets = networks(text);
            if (nomatch) {
              excluded.addAll(nets);
            } else {
              elements.add(List.of(Value.address(nets)));
            }
          }
          case "bitmap:port" -> {
            PortSet p = ports(text.startsWith("tcp:") ? text.substring(4) : text);
            if (!p.isEmpty()) {
              elements.add(List.of(Value.port(p, EnumSet.allOf(Transport.class))));
            }
          }
          default -> {
            // hash:ip,port and hash:net,port: ADDR,[PROTO:]PORT
            int comma = text.indexOf(',');
            if (comma < 0) {
              throw new IllegalArgumentException(
                  "expected ADDRESS,[PROTO:]PORT, e.g. 10.0.0.5,tcp:443");
            }
            if (nomatch) {
              // a nomatch entry of two dimensions: not modelled, the set stays unknown
              unsupportedEntry = true;
              return;
            }
            List<Cidr> nets = networks(text.substring(0, comma));
            String p = text.substring(comma + 1);
            Set<Transport> ts = EnumSet.of(Transport.TCP);
            int colon = p.indexOf(':');
            if (colon >= 0) {
              String proto = p.substring(0, colon).toLowerCase(Locale.ROOT);
              p = p.substring(colon + 1);
              ts =
                  switch (proto) {
                    case "tcp" -> EnumSet.of(Transport.TCP);
                    case "udp" -> EnumSet.of(Transport.UDP);
                    default -> EnumSet.noneOf(Transport.class);
                  };
            }
            PortSet ports = ports(p);
            if (!ports.isEmpty() && !ts.isEmpty()) {
              elements.add(List.of(Value.address(nets), Value.port(ports, ts)));
            }
          }
        }
      }

      private List<Cidr> networks(String text) {
        List<Cidr> nets = Inputs.networks(text);
        for (Cidr c : nets) {
          if (c.isIpv4() == v6) {
            throw new IllegalArgumentException(
                "the address is "
                    + (v6 ? "IPv4" : "IPv6")
                    + " but the set's family is "
                    + (v6 ? "inet6" : "inet"));
          }
        }
        return nets;
      }

      private PortSet ports(String text) {
        String t = text.replace('-', ':');
        if (t.equals("0")) {
          return PortSet.empty(); // no flow uses port 0
        }
        return Inputs.ports(t.startsWith("0:") ? PortRange.MIN_PORT + t.substring(1) : t);
      }

      SetDef build() {
        String why = unsupported();
        String where = source + ":" + line;
        if (why != null) {
          return SetDef.unsupported(name, where, why);
        }
        if (unsupportedEntry) {
          return SetDef.unsupported(
              name, where, "set " + name + " has nomatch entries of two dimensions");
        }
        List<Kind> kinds =
            switch (type) {
              case "hash:ip", "hash:net" -> List.of(Kind.ADDRESS);
              case "bitmap:port" -> List.of(Kind.PORT);
              default -> List.of(Kind.ADDRESS, Kind.PORT);
            };
        return new SetDef(name, where, kinds, elements, excluded, Optional.empty());
      }

      boolean unsupportedEntry;
    }
  }
}
