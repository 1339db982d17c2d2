package dev.wdmports.firewall.format;

import static java.util.Objects.requireNonNull;

import com.google.common.collect.Range;
import com.google.common.collect.RangeSet;
import com.google.common.collect.TreeRangeSet;
import dev.wdmports.core.Cidr;
import dev.wdmports.core.PortSet;
import dev.wdmports.core.Transport;
import dev.wdmports.firewall.AddressMatch;
import dev.wdmports.firewall.PortMatch;
import dev.wdmports.firewall.Rule;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Named sets a ruleset refers to (ipset sets, nftables named sets and maps used as sets), and their
 * resolution into a rule's address and port matches. A parser fills one (by {@link #add}) and
 * resolves each rule's lookups with {@link #apply}: a lookup of a set of one dimension becomes the
 * rule's address or port match; a lookup of a set of two dimensions (address and port) becomes one
 * rule per group of elements, which first-match evaluation treats as the one rule. What cannot be
 * resolved (a missing set, another type, a negated concatenation) becomes an unknown match naming
 * the set, so only the flows the rest of the rule matches are {@code UNKNOWN}.
 */
final class NamedSets {
  /** The most rules one rule's set lookups may expand into. */
  static final int MAX_EXPANSION = 4096;

  /** What a set element's dimension holds. */
  enum Kind {
    ADDRESS,
    PORT
  }

  /** The packet field a lookup compares with a dimension of the set. */
  enum Field {
    SOURCE_ADDRESS(Kind.ADDRESS, "source address"),
    DESTINATION_ADDRESS(Kind.ADDRESS, "destination address"),
    SOURCE_PORT(Kind.PORT, "source port"),
    DESTINATION_PORT(Kind.PORT, "destination port");

    final Kind kind;
    final String text;

    Field(Kind kind, String text) {
      this.kind = kind;
      this.text = text;
    }
  }

  /**
   * One dimension's value of an element: networks for an address, ports (with the transports they
   * apply to) for a port.
   */
  record Value(List<Cidr> networks, PortSet ports, Set<Transport> transports) {
    Value {
      networks = List.copyOf(networks);
      requireNonNull(ports, "ports");
      transports = transports.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(transports));
    }

    static Value address(List<Cidr> networks) {
      return new Value(networks, PortSet.empty(), EnumSet.allOf(Transport.class));
    }

    static Value port(PortSet ports, Set<Transport> transports) {
      return new Value(List.of(), ports, transports);
    }
  }

  /**
   * A set: its dimensions and elements, the networks excluded ({@code nomatch} entries of an ipset
   * {@code hash:net}), or why it cannot be used.
   *
   * @param name the set's name as rules write it
   * @param where where it is defined, for messages (e.g. {@code ipsets.txt:3})
   * @param kinds the dimensions; empty when unsupported
   * @param elements one value per dimension for each element
   * @param excluded networks of the only (address) dimension that do not match although a larger
   *     element does
   * @param unsupported why the set is not modelled; empty when it is
   */
  record SetDef(
      String name,
      String where,
      List<Kind> kinds,
      List<List<Value>> elements,
      List<Cidr> excluded,
      Optional<String> unsupported) {
    SetDef {
      requireNonNull(name, "name");
      requireNonNull(where, "where");
      kinds = List.copyOf(kinds);
      elements = elements.stream().map(List::copyOf).toList();
      excluded = List.copyOf(excluded);
      requireNonNull(unsupported, "unsupported");
    }

    static SetDef unsupported(String name, String where, String why) {
      return new SetDef(name, where, List.of(), List.of(), List.of(), Optional.of(why));
    }
  }

  /**
   * One lookup in a rule: {@code -m set --match-set NAME src,dst} or nft {@code ip saddr . tcp
   * dport @NAME}.
   *
   * @param key the set's key in this collection
   * @param name the set's name for messages
   * @param fields the packet field compared with each dimension; empty when not understood
   * @param negated true for {@code ! --match-set}, {@code !=}
   * @param text the lookup as written
   * @param unmodelled why the lookup cannot be modelled whatever the set holds (an option such as
   *     {@code --return-nomatch}); empty otherwise
   */
  record Lookup(
      String key,
      String name,
      List<Field> fields,
      boolean negated,
      String text,
      Optional<String> unmodelled) {
    Lookup {
      requireNonNull(key, "key");
      requireNonNull(name, "name");
      fields = List.copyOf(fields);
      requireNonNull(text, "text");
      requireNonNull(unmodelled, "unmodelled");
    }
  }

  private final Map<String, SetDef> sets = new LinkedHashMap<>();
  private final String missingHint;

  /**
   * Creates an empty collection.
   *
   * @param missingHint what to do about a set no definition names, e.g. {@code give the ipset save
   *     output with --ipsets FILE}
   */
  NamedSets(String missingHint) {
    this.missingHint = requireNonNull(missingHint, "missingHint");
  }

  /** Adds a set under a key; a later definition under the same key replaces the earlier one. */
  void add(String key, SetDef set) {
    sets.put(requireNonNull(key, "key"), requireNonNull(set, "set"));
  }

  Optional<SetDef> get(String key) {
    return Optional.ofNullable(sets.get(key));
  }

  List<SetDef> all() {
    return List.copyOf(sets.values());
  }

  boolean isEmpty() {
    return sets.isEmpty();
  }

  /**
   * Resolves a rule's lookups.
   *
   * @param rule the rule with every other match applied
   * @param lookups its set lookups, in order
   * @return the rules that together match what the rule matches: the rule itself (with the sets'
   *     matches or unknown matches added), or several copies of it, one per group of elements
   */
  List<Rule> apply(Rule rule, List<Lookup> lookups) {
    List<Rule> out = List.of(rule);
    for (Lookup l : lookups) {
      List<Rule> next = new ArrayList<>();
      for (Rule r : out) {
        next.addAll(apply(r, l));
      }
      if (next.size() > MAX_EXPANSION) {
        return List.of(
            unknown(
                rule,
                lookups.get(0),
                "its sets expand into more than " + MAX_EXPANSION + " rules; not modelled"));
      }
      out = next;
    }
    return out;
  }

  private List<Rule> apply(Rule r, Lookup l) {
    if (l.unmodelled().isPresent()) {
      return List.of(unknown(r, l, l.unmodelled().get()));
    }
    SetDef set = sets.get(l.key());
    if (set == null) {
      return List.of(unknown(r, l, "set " + l.name() + " is not defined: " + missingHint));
    }
    if (set.unsupported().isPresent()) {
      return List.of(unknown(r, l, set.unsupported().get() + " (" + set.where() + ")"));
    }
    if (l.fields().size() != set.kinds().size()) {
      return List.of(
          unknown(
              r,
              l,
              "set "
                  + set.name()
                  + " has "
                  + set.kinds().size()
                  + " dimension(s), the lookup compares "
                  + l.fields().size()
                  + " field(s)"));
    }
    for (int i = 0; i < l.fields().size(); i++) {
      if (l.fields().get(i).kind != set.kinds().get(i)) {
        return List.of(
            unknown(
                r,
                l,
                "set "
                    + set.name()
                    + " holds "
                    + set.kinds().get(i).name().toLowerCase(java.util.Locale.ROOT)
                    + "es where the lookup compares the "
                    + l.fields().get(i).text));
      }
    }
    if (set.kinds().size() == 1) {
      return List.of(single(r, l, set));
    }
    if (l.negated()) {
      return List.of(unknown(r, l, "a negated lookup of a set of several dimensions"));
    }
    List<List<Value>> groups = group(set);
    if (groups.size() > 1 && r.action().kind() == dev.wdmports.firewall.Action.Kind.JUMP) {
      return List.of(unknown(r, l, "a jump on a set of several dimensions"));
    }
    if (groups.isEmpty()) {
      return List.of(never(r));
    }
    List<Rule> out = new ArrayList<>();
    for (List<Value> g : groups) {
      Rule x = r;
      for (int i = 0; i < g.size(); i++) {
        x = restrict(x, l.fields().get(i), g.get(i), false);
      }
      out.add(x);
    }
    return out;
  }

  private Rule single(Rule r, Lookup l, SetDef set) {
    Field f = l.fields().get(0);
    List<Value> values = new ArrayList<>();
    for (List<Value> e : set.elements()) {
      values.add(e.get(0));
    }
    Value merged;
    if (f.kind == Kind.ADDRESS) {
      List<Cidr> nets = new ArrayList<>();
      values.forEach(v -> nets.addAll(v.networks()));
      merged = Value.address(effective(nets, set.excluded()));
      if (merged.networks().isEmpty()) {
        return l.negated() ? r : never(r);
      }
    } else {
      List<dev.wdmports.core.PortRange> ranges = new ArrayList<>();
      EnumSet<Transport> ts = EnumSet.noneOf(Transport.class);
      for (Value v : values) {
        ranges.addAll(v.ports().ranges());
        ts.addAll(v.transports());
      }
      boolean sameTransports = values.stream().allMatch(v -> v.transports().equals(Set.copyOf(ts)));
      if (!sameTransports) {
        return unknown(r, l, "set " + set.name() + " mixes ports of several protocols");
      }
      PortSet ps = new PortSet(ranges);
      if (ps.isEmpty()) {
        return l.negated() ? r : never(r);
      }
      merged = Value.port(ps, l.negated() ? EnumSet.allOf(Transport.class) : ts);
    }
    return restrict(r, f, merged, l.negated());
  }

  /** Groups a two-or-more-dimension set's elements by all but the first address dimension. */
  private static List<List<Value>> group(SetDef set) {
    int union = set.kinds().indexOf(Kind.ADDRESS);
    Map<List<Value>, List<Cidr>> groups = new LinkedHashMap<>();
    for (List<Value> e : set.elements()) {
      List<Value> key = new ArrayList<>(e);
      if (union >= 0) {
        key.set(union, Value.address(List.of()));
      }
      groups.computeIfAbsent(key, k -> new ArrayList<>());
      if (union >= 0) {
        groups.get(key).addAll(e.get(union).networks());
      }
    }
    List<List<Value>> out = new ArrayList<>();
    groups.forEach(
        (key, nets) -> {
          List<Value> g = new ArrayList<>(key);
          if (union >= 0) {
            g.set(union, Value.address(nets));
          }
          out.add(g);
        });
    return out;
  }

  /**
   * Narrows a rule by one field's value, intersected with what the rule already matches on that
   * field (a rule that can then match nothing gets no transports).
   */
  private static Rule restrict(Rule r, Field f, Value v, boolean negated) {
    Rule.Builder b = r.toBuilder();
    boolean matchesSome =
        switch (f) {
          case SOURCE_ADDRESS, DESTINATION_ADDRESS -> {
            AddressMatch existing = f == Field.SOURCE_ADDRESS ? r.source() : r.destination();
            AddressMatch m = intersect(existing, new AddressMatch(v.networks(), negated));
            if (m == null) {
              yield false;
            }
            if (f == Field.SOURCE_ADDRESS) {
              b.source(m);
            } else {
              b.destination(m);
            }
            yield true;
          }
          case SOURCE_PORT, DESTINATION_PORT -> {
            PortMatch existing = f == Field.SOURCE_PORT ? r.sourcePorts() : r.destinationPorts();
            PortSet both =
                intersect(existing.effective(), new PortMatch(v.ports(), negated).effective());
            if (both.isEmpty()) {
              yield false;
            }
            PortMatch m = existing.isAny() ? new PortMatch(v.ports(), negated) : PortMatch.of(both);
            if (f == Field.SOURCE_PORT) {
              b.sourcePorts(m);
            } else {
              b.destinationPorts(m);
            }
            EnumSet<Transport> ts = EnumSet.noneOf(Transport.class);
            ts.addAll(r.transports());
            ts.retainAll(v.transports());
            b.transports(ts);
            yield true;
          }
        };
    return matchesSome ? b.build() : never(r);
  }

  private static PortSet intersect(PortSet a, PortSet b) {
    List<dev.wdmports.core.PortRange> out = new ArrayList<>();
    for (dev.wdmports.core.PortRange x : a.ranges()) {
      for (dev.wdmports.core.PortRange y : b.ranges()) {
        int lo = Math.max(x.first(), y.first());
        int hi = Math.min(x.last(), y.last());
        if (lo <= hi) {
          out.add(dev.wdmports.core.PortRange.between(lo, hi));
        }
      }
    }
    return new PortSet(out);
  }

  /** Both address matches at once; null when no address passes both. */
  static @Nullable AddressMatch intersect(AddressMatch a, AddressMatch b) {
    if (a.isAny()) {
      return b;
    }
    if (b.isAny()) {
      return a;
    }
    if (a.negated() && b.negated()) {
      List<Cidr> all = new ArrayList<>(a.networks());
      all.addAll(b.networks());
      return new AddressMatch(all, true);
    }
    AddressMatch pos = a.negated() ? b : a;
    AddressMatch other = a.negated() ? a : b;
    List<Cidr> out = new ArrayList<>();
    for (int len : new int[] {4, 16}) {
      RangeSet<BigInteger> p = ranges(pos.networks(), len);
      RangeSet<BigInteger> o = ranges(other.networks(), len);
      if (other.negated()) {
        p.removeAll(o);
      } else {
        RangeSet<BigInteger> both = TreeRangeSet.create();
        for (Range<BigInteger> x : o.asRanges()) {
          both.addAll(p.subRangeSet(x));
        }
        p = both;
      }
      out.addAll(cidrs(p, len));
    }
    return out.isEmpty() ? null : new AddressMatch(out, false);
  }

  private static RangeSet<BigInteger> ranges(List<Cidr> nets, int len) {
    RangeSet<BigInteger> s = TreeRangeSet.create();
    for (Cidr c : nets) {
      if (c.network().getAddress().length == len) {
        s.add(range(c));
      }
    }
    return s;
  }

  private static List<Cidr> cidrs(RangeSet<BigInteger> s, int len) {
    List<Cidr> out = new ArrayList<>();
    for (Range<BigInteger> r : s.asRanges()) {
      Cidr first = new Cidr(address(r.lowerEndpoint(), len), len * 8);
      Cidr last = new Cidr(address(r.upperEndpoint().subtract(BigInteger.ONE), len), len * 8);
      out.addAll(Inputs.range(first, last, first + "-" + last));
    }
    return out;
  }

  private static Rule never(Rule r) {
    // an empty set: the lookup matches no packet
    return r.toBuilder().transports(Set.of()).build();
  }

  private static Rule unknown(Rule r, Lookup l, String why) {
    return r.toBuilder().addUnknownCondition(l.text() + " (" + why + ")").build();
  }

  /**
   * The networks an address set matches: longest prefix wins, so an excluded network inside an
   * element is cut out of it, and an element inside an excluded network is put back.
   */
  static List<Cidr> effective(List<Cidr> included, List<Cidr> excluded) {
    if (excluded.isEmpty()) {
      return included;
    }
    record Entry(Cidr net, boolean in) {}
    List<Entry> entries = new ArrayList<>();
    included.forEach(c -> entries.add(new Entry(c, true)));
    excluded.forEach(c -> entries.add(new Entry(c, false)));
    entries.sort(Comparator.comparingInt(e -> e.net().prefixLength()));
    RangeSet<BigInteger> v4 = TreeRangeSet.create();
    RangeSet<BigInteger> v6 = TreeRangeSet.create();
    for (Entry e : entries) {
      RangeSet<BigInteger> s = e.net().isIpv4() ? v4 : v6;
      Range<BigInteger> range = range(e.net());
      if (e.in()) {
        s.add(range);
      } else {
        s.remove(range);
      }
    }
    List<Cidr> out = new ArrayList<>(cidrs(v4, 4));
    out.addAll(cidrs(v6, 16));
    return out;
  }

  private static Range<BigInteger> range(Cidr c) {
    int bits = c.network().getAddress().length * 8;
    BigInteger lo = new BigInteger(1, c.network().getAddress());
    return Range.closedOpen(lo, lo.add(BigInteger.ONE.shiftLeft(bits - c.prefixLength())));
  }

  private static InetAddress address(BigInteger v, int len) {
    byte[] raw = v.toByteArray();
    byte[] b = new byte[len];
    for (int i = 0; i < Math.min(len, raw.length); i++) {
      b[len - 1 - i] = raw[raw.length - 1 - i];
    }
    try {
      return InetAddress.getByAddress(b);
    } catch (UnknownHostException e) {
      throw new AssertionError(e);
    }
  }
}
