package dev.wdmports.probe;

import static java.util.Objects.requireNonNull;

import dev.wdmports.core.InvalidInputException;
import dev.wdmports.core.PortSet;
import dev.wdmports.core.internal.TextFiles;
import dev.wdmports.probe.internal.IpSpan;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Random;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Probe targets that may be whole networks, streamed rather than listed: {@code
 * 10.10.8.0/22:80,443/tcp} is 2,048 targets, and {@code 10.0.0.0/8:80/tcp} 16,777,216, of which the
 * {@link #iterator()} makes one at a time. Immutable and thread-safe.
 *
 * <pre>{@code
 * ProbeTargets fleet = ProbeTargets.parse(List.of("10.10.8.0/22:80,443/tcp", "@devices.txt"))
 *     .excluding(List.of("10.10.8.1", "10.10.9.0/24"));
 * long n = fleet.size();                          // targets: addresses x ports
 * ProbeTargets some = fleet.sample(256, 12345L);  // 256 addresses, reproducible by seed
 * ProbeAggregate result = Prober.builder().build().sweep(some, ProbeListener.none());
 * }</pre>
 *
 * <p>A spec is {@code HOSTS:PORTS/CHECKER} where HOSTS is one of
 *
 * <ul>
 *   <li>an address or DNS name, as {@link ProbeTarget#parse}: {@code 10.0.0.5}, {@code [::1]},
 *       {@code db.example};
 *   <li>a CIDR: {@code 10.10.8.0/22}, {@code [2001:db8::/120]} (network and broadcast address
 *       included: probing them is harmless and a device may sit there in a /31);
 *   <li>a range of one family, ends included: {@code 10.10.8.10-10.10.9.20}, {@code
 *       [2001:db8::1-2001:db8::ff]}, or nmap's short form for IPv4, the end's last octet only:
 *       {@code 10.10.8.10-20} (to 10.10.8.20);
 * </ul>
 *
 * <p>or {@code @FILE}: a file of specs, one a line, with blank lines and {@code #} comments (from
 * {@code #} to the end of the line); its errors name {@code FILE:LINE}; a file does not name other
 * files, and one over 16 MiB is refused before it is read. A comma list of addresses is not a spec,
 * because PORTS are a comma list already: give several specs (several arguments on the command
 * line) or a file.
 *
 * <p>Order: specs in the order given, addresses ascending within a spec, ports ascending within an
 * address; so a spec of one host yields exactly what {@link ProbeTarget#parse} yields. An address
 * in two specs is probed twice.
 *
 * <p>IPv6 networks are probed in full up to {@value #MAX_IPV6_ADDRESSES} addresses per spec (a
 * {@code /112}); a bigger one can only be {@link #sample sampled}: {@link #size()} and {@link
 * #iterator()} refuse it with an {@link InvalidInputException} that names the limit and the fix.
 * IPv4 has no limit (a {@code /0} streams like a {@code /8}).
 *
 * @since 0.1.0
 */
public final class ProbeTargets implements Iterable<ProbeTarget> {
  /** The most addresses of one IPv6 spec that are probed in full: a {@code /112}. */
  public static final int MAX_IPV6_ADDRESSES = 65_536;

  /** The largest {@code @FILE} read, in bytes: 16 MiB, some 800,000 specs. */
  static final long MAX_FILE_BYTES = 16L << 20;

  /** The most addresses {@link #sample} picks. */
  public static final int MAX_SAMPLE = 1_000_000;

  /**
   * One spec after exclusion: the spans of its addresses (or a DNS name), its ports and checker.
   */
  private record Entry(
      String spec,
      List<IpSpan> spans,
      @Nullable String name,
      int[] ports,
      String checker,
      boolean host) {
    BigInteger addresses() {
      if (name != null) {
        return BigInteger.ONE;
      }
      BigInteger n = BigInteger.ZERO;
      for (IpSpan s : spans) {
        n = n.add(s.size());
      }
      return n;
    }

    boolean v6() {
      return !spans.isEmpty() && spans.get(0).v6();
    }
  }

  private final List<Entry> entries;
  private final @Nullable ProbeOptions options;
  private final boolean expanded;

  private ProbeTargets(List<Entry> entries, @Nullable ProbeOptions options, boolean expanded) {
    this.entries = List.copyOf(entries);
    this.options = options;
    this.expanded = expanded;
  }

  /**
   * Parses one spec or {@code @FILE}.
   *
   * @param spec e.g. {@code 10.10.8.0/22:80/tcp}, {@code 10.0.0.10-10.0.0.20:443/https} or a file,
   *     <code>&#64;devices.txt</code>
   * @return the targets, with default options
   * @throws InvalidInputException naming the spec (or {@code FILE:LINE}) and the fix
   */
  public static ProbeTargets parse(String spec) {
    return parse(List.of(spec));
  }

  /**
   * Parses specs and {@code @FILE}s, in order.
   *
   * @param specs the specs
   * @return the targets, with default options
   * @throws InvalidInputException naming the spec (or {@code FILE:LINE}) and the fix
   */
  public static ProbeTargets parse(List<String> specs) {
    requireNonNull(specs, "specs");
    List<Entry> entries = new ArrayList<>();
    boolean expanded = false;
    for (String s : specs) {
      String t = requireNonNull(s, "spec").trim();
      if (t.startsWith("@")) {
        expanded = true;
        entries.addAll(readFile(t.substring(1)));
      } else {
        Entry e = entry(t);
        expanded |= !e.host();
        entries.add(e);
      }
    }
    return new ProbeTargets(entries, null, expanded);
  }

  private static List<Entry> readFile(String file) {
    if (file.isBlank()) {
      throw new InvalidInputException("target \"@\" names no file: write @FILE, e.g. @devices.txt");
    }
    // Bounded like every file the tools read: a fleet's device list is a few megabytes at most,
    // and /dev/zero or a log file given by mistake is refused, not read into memory.
    List<String> lines = TextFiles.read(Path.of(file), MAX_FILE_BYTES, null).lines().toList();
    List<Entry> out = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      int hash = line.indexOf('#');
      String t = (hash >= 0 ? line.substring(0, hash) : line).trim();
      if (t.isEmpty()) {
        continue;
      }
      if (t.startsWith("@")) {
        throw new InvalidInputException(
            file, i + 1, 0, null, "\"" + t + "\": a target file does not name other files", null);
      }
      try {
        out.add(entry(t));
      } catch (InvalidInputException e) {
        throw new InvalidInputException(file, i + 1, 0, null, e.detail(), e);
      }
    }
    return out;
  }

  private static Entry entry(String spec) {
    int slash = spec.lastIndexOf('/');
    if (slash >= 0 && spec.indexOf(':', slash) >= 0 && spec.indexOf(']', slash) < 0) {
      // 10.10.8.0/22:80: the last slash is the prefix's, not the checker's
      throw new InvalidInputException(
          "target \""
              + spec
              + "\" has no checker: write HOSTS:PORTS/CHECKER, e.g. 10.10.8.0/22:80/tcp");
    }
    String[] parts = ProbeTarget.split(spec);
    String hosts = parts[0];
    String checker = parts[2];
    int[] ports;
    IpSpan span;
    try {
      ports = PortSet.parse(parts[1]).ports().toArray();
      ProbeTarget.requireCheckerId(checker);
      span = IpSpan.parse(hosts).orElse(null);
    } catch (IllegalArgumentException | InvalidInputException e) {
      throw new InvalidInputException("target \"" + spec + "\": " + e.getMessage(), e);
    }
    if (span == null) {
      // A DNS name, or something that is neither: ProbeTarget says which, in its words.
      ProbeTarget.parse(spec);
      return new Entry(spec, List.of(), hosts, ports, checker, true);
    }
    // One address written as such (not 10.0.0.5/32, not 10.0.0.5-10.0.0.5): an IP never has '-'.
    boolean host = hosts.indexOf('/') < 0 && hosts.indexOf('-') < 0;
    return new Entry(spec, List.of(span), null, ports, checker, host);
  }

  /**
   * Returns these targets without some addresses.
   *
   * @param exclusions CIDRs, ranges or addresses ({@code 10.0.0.0/24}, {@code 10.0.0.1-10.0.0.9},
   *     {@code 10.0.0.5}, {@code 2001:db8::1}); a DNS name is not an exclusion
   * @return the targets left; a spec whose addresses are all excluded yields nothing
   * @throws InvalidInputException naming the exclusion that is not an address, CIDR or range
   */
  public ProbeTargets excluding(List<String> exclusions) {
    requireNonNull(exclusions, "exclusions");
    if (exclusions.isEmpty()) {
      return this;
    }
    List<IpSpan> removed = new ArrayList<>();
    for (String x : exclusions) {
      IpSpan s;
      try {
        String t = requireNonNull(x, "exclusion").trim();
        if (t.startsWith("[") && t.endsWith("]")) {
          t = t.substring(1, t.length() - 1);
        }
        s = IpSpan.parse(t).orElse(null);
      } catch (InvalidInputException e) {
        throw new InvalidInputException("exclusion \"" + x + "\": " + e.getMessage(), e);
      }
      if (s == null) {
        throw new InvalidInputException(
            "exclusion \""
                + x
                + "\" is not an address, CIDR or range: write e.g. 10.0.0.5, 10.0.0.0/24 or"
                + " 10.0.0.10-10.0.0.20");
      }
      removed.add(s);
    }
    List<Entry> out = new ArrayList<>();
    for (Entry e : entries) {
      if (e.name() != null) {
        out.add(e);
        continue;
      }
      List<IpSpan> rest = IpSpan.subtract(e.spans(), removed);
      if (!rest.isEmpty()) {
        out.add(new Entry(e.spec(), rest, null, e.ports(), e.checker(), e.host()));
      }
    }
    return new ProbeTargets(out, options, true);
  }

  /**
   * Returns these targets with other options for every one.
   *
   * @param options the options
   * @return the new targets
   */
  public ProbeTargets withOptions(ProbeOptions options) {
    return new ProbeTargets(entries, requireNonNull(options, "options"), expanded);
  }

  /**
   * Tells whether a spec named more than one host: a network, a range, a file, or exclusions or
   * sampling were applied. When false, every spec is one host and the targets are what {@link
   * ProbeTarget#parse} gives for each.
   *
   * @return true when the targets are an expansion
   */
  public boolean isExpanded() {
    return expanded;
  }

  /**
   * Returns the checkers used, each with the first spec that names it, e.g. {@code
   * {tcp=10.0.0.0/24:80/tcp}}: to check them against a registry before probing.
   *
   * @return the checker ids, in order of first use
   */
  public Map<String, String> checkers() {
    Map<String, String> out = new LinkedHashMap<>();
    for (Entry e : entries) {
      out.putIfAbsent(e.checker(), e.spec());
    }
    return out;
  }

  /**
   * Returns how many addresses there are, with no limit (an IPv6 {@code /64} counts 2^64).
   *
   * @return the number of addresses, one per DNS name
   */
  public BigInteger addresses() {
    BigInteger n = BigInteger.ZERO;
    for (Entry e : entries) {
      n = n.add(e.addresses());
    }
    return n;
  }

  /**
   * Returns how many targets the iterator yields: addresses times ports, summed over specs.
   *
   * @return the number of targets
   * @throws InvalidInputException when an IPv6 spec has more than {@value #MAX_IPV6_ADDRESSES}
   *     addresses
   */
  public long size() {
    requireProbeable();
    long n = 0;
    for (Entry e : entries) {
      n += e.addresses().longValueExact() * e.ports().length;
    }
    return n;
  }

  private void requireProbeable() {
    for (Entry e : entries) {
      if (e.v6() && e.addresses().compareTo(BigInteger.valueOf(MAX_IPV6_ADDRESSES)) > 0) {
        throw new InvalidInputException(
            "target \""
                + e.spec()
                + "\" has "
                + String.format(java.util.Locale.ROOT, "%,d", e.addresses())
                + " IPv6 addresses, more than the "
                + String.format(java.util.Locale.ROOT, "%,d", MAX_IPV6_ADDRESSES)
                + " (a /112) probed in full: probe a /112 or smaller, or pick some with"
                + " --sample N");
      }
    }
  }

  /**
   * Picks {@code n} distinct addresses uniformly at random from all of them (every spec, after
   * exclusion), without listing them: Floyd's algorithm draws {@code n} indices into the address
   * space, which are then sorted and mapped to addresses. Each picked address keeps its spec's
   * ports and checker; a DNS name counts as one address. The same seed picks the same addresses
   * from the same targets.
   *
   * @param n how many addresses, 1..{@value #MAX_SAMPLE}; when there are no more than {@code n},
   *     all of them are kept
   * @param seed the seed of the random choice
   * @return the sample, in the targets' order
   * @throws IllegalArgumentException if {@code n} is out of range
   */
  public ProbeTargets sample(int n, long seed) {
    if (n < 1 || n > MAX_SAMPLE) {
      throw new IllegalArgumentException(
          "sample size " + n + " is out of range 1.." + MAX_SAMPLE + ": pick fewer addresses");
    }
    BigInteger total = addresses();
    if (total.compareTo(BigInteger.valueOf(n)) <= 0) {
      return new ProbeTargets(entries, options, true);
    }
    Random random = new Random(seed);
    Set<BigInteger> chosen = new HashSet<>(n * 2);
    BigInteger big = BigInteger.valueOf(n);
    for (BigInteger j = total.subtract(big); j.compareTo(total) < 0; j = j.add(BigInteger.ONE)) {
      BigInteger t = below(j.add(BigInteger.ONE), random);
      chosen.add(chosen.contains(t) ? j : t);
    }
    List<BigInteger> sorted = new ArrayList<>(chosen);
    sorted.sort(null);
    List<Entry> out = new ArrayList<>();
    int k = 0;
    BigInteger base = BigInteger.ZERO;
    for (Entry e : entries) {
      BigInteger end = base.add(e.addresses());
      if (e.name() != null) {
        if (k < sorted.size() && sorted.get(k).compareTo(end) < 0) {
          out.add(e);
          k++;
        }
        base = end;
        continue;
      }
      List<IpSpan> picked = new ArrayList<>();
      BigInteger spanBase = base;
      for (IpSpan s : e.spans()) {
        BigInteger spanEnd = spanBase.add(s.size());
        while (k < sorted.size() && sorted.get(k).compareTo(spanEnd) < 0) {
          BigInteger a = s.first().add(sorted.get(k).subtract(spanBase));
          picked.add(new IpSpan(s.v6(), a, a));
          k++;
        }
        spanBase = spanEnd;
      }
      if (!picked.isEmpty()) {
        out.add(new Entry(e.spec(), IpSpan.merge(picked), null, e.ports(), e.checker(), false));
      }
      base = end;
    }
    return new ProbeTargets(out, options, true);
  }

  /** A uniform number in {@code [0, bound)}, by rejection. */
  private static BigInteger below(BigInteger bound, Random random) {
    if (bound.bitLength() < 63) {
      long b = bound.longValue();
      return BigInteger.valueOf(random.longs(1, 0, b).findFirst().orElseThrow());
    }
    BigInteger r;
    do {
      r = new BigInteger(bound.bitLength(), random);
    } while (r.compareTo(bound) >= 0);
    return r;
  }

  /**
   * Returns the targets one at a time, in order (see the class comment); nothing is listed up
   * front, so the first target of a {@code /8} comes at once.
   *
   * @return a fresh iterator
   * @throws InvalidInputException when an IPv6 spec is over the limit
   */
  @Override
  public Iterator<ProbeTarget> iterator() {
    requireProbeable();
    return new Iterator<>() {
      private int entry;
      private int span;
      private long offset;
      private int port;
      private @Nullable String host;
      private long spanSize = -1;

      @Override
      public boolean hasNext() {
        while (entry < entries.size()) {
          Entry e = entries.get(entry);
          if (e.name() != null) {
            if (host == null) {
              host = e.name();
            }
            if (port < e.ports().length) {
              return true;
            }
          } else if (span < e.spans().size()) {
            IpSpan s = e.spans().get(span);
            if (spanSize < 0) {
              spanSize = s.size().longValueExact();
            }
            if (offset < spanSize) {
              if (host == null) {
                host = s.addressAt(offset);
              }
              if (port < e.ports().length) {
                return true;
              }
              offset++;
              port = 0;
              host = null;
              continue;
            }
            span++;
            offset = 0;
            spanSize = -1;
            continue;
          }
          entry++;
          span = 0;
          offset = 0;
          spanSize = -1;
          port = 0;
          host = null;
        }
        return false;
      }

      @Override
      public ProbeTarget next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        Entry e = entries.get(entry);
        // hasNext() has set host.
        ProbeTarget t =
            ProbeTarget.of(requireNonNull(host, "host"), e.ports()[port++], e.checker());
        return options != null ? t.withOptions(options) : t;
      }
    };
  }

  /** Returns the specs, for logs. */
  @Override
  public String toString() {
    return entries.stream().map(Entry::spec).toList().toString();
  }
}
