package dev.wdmports.probe.internal;

import dev.wdmports.core.Address;
import dev.wdmports.probe.ProbeResult;
import dev.wdmports.probe.spi.Ticker;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * A run's DNS cache: each host is resolved once per run, whichever thread asks first, and every
 * probe learns what it spent on the look-up. What a probe reports as its resolve time is what it
 * spent here: the look-up for the probe that made it, the wait for a probe that found it under way,
 * and exactly zero for an IP address (parsing it is not a phase) and for a name already resolved.
 * Thread-safe; bounded by the run's hosts.
 */
public final class Resolver {
  /** Looks a host up; {@link InetAddress#getAllByName} in a run. */
  @FunctionalInterface
  public interface Dns {
    /**
     * Returns every address of a host, the one to probe first.
     *
     * @param host an IP address or DNS name
     * @return at least one address
     * @throws UnknownHostException if it does not resolve
     */
    InetAddress[] lookUp(String host) throws UnknownHostException;
  }

  private final Ticker ticker;
  private final Dns dns;
  private final Map<String, CompletableFuture<Resolution>> resolved = new ConcurrentHashMap<>();

  /**
   * Makes an empty cache.
   *
   * @param ticker the run's time source, for resolve times
   * @param dns the look-up
   */
  public Resolver(Ticker ticker, Dns dns) {
    this.ticker = ticker;
    this.dns = dns;
  }

  /**
   * Resolves a host once per run.
   *
   * @param host the host
   * @param start the probe's start on the ticker
   * @return the resolution as this probe saw it
   */
  public Lookup resolve(String host, long start) {
    // A lock-free look-up first: a sweep resolves one host 65,535 times, from two scanner threads,
    // and putIfAbsent on a present key locks its bin, so the threads would take turns on it.
    CompletableFuture<Resolution> known = resolved.get(host);
    if (known == null) {
      CompletableFuture<Resolution> mine = new CompletableFuture<>();
      known = resolved.putIfAbsent(host, mine);
      if (known == null) {
        Resolution r = lookUp(host);
        mine.complete(r);
        return r.made;
      }
    }
    Resolution r = known.getNow(null);
    if (r != null) {
      return r.free;
    }
    r = known.join();
    return r.literal
        ? r.free
        : new Lookup(r, Duration.ofNanos(Math.max(0, ticker.read() - start)), false);
  }

  /**
   * Returns the resolution of a host that a probe has resolved already.
   *
   * @param host the host
   * @return the resolution
   * @throws IllegalStateException if no probe resolved the host
   */
  public Resolution resolved(String host) {
    CompletableFuture<Resolution> f = resolved.get(host);
    if (f == null) {
      throw new IllegalStateException("host " + host + " was not resolved in this run");
    }
    return f.join();
  }

  private Resolution lookUp(String host) {
    boolean literal = !Address.parse(host).isDnsName();
    long t0 = ticker.read();
    try {
      InetAddress[] all = dns.lookUp(host);
      return new Resolution(all[0], List.of(all), took(literal, t0), literal, null);
    } catch (UnknownHostException e) {
      return new Resolution(
          null,
          List.of(),
          took(literal, t0),
          literal,
          // Not e.getMessage(): the JDK says "HOST: Name or service not known" on a fresh
          // look-up but only "HOST" when its negative cache answers, so two probes of one name
          // would disagree.
          "host name " + host + " does not resolve");
    }
  }

  private Duration took(boolean literal, long t0) {
    return literal ? Duration.ZERO : Duration.ofNanos(Math.max(0, ticker.read() - t0));
  }

  /**
   * A resolution as one probe saw it.
   *
   * @param res the run's resolution of the host
   * @param spent how long this probe spent on it
   * @param free whether the probe spent no time at all (no clock reading needed after it)
   */
  public record Lookup(Resolution res, Duration spent, boolean free) {}

  /** A resolved host: the address probed and every address the resolver returned. */
  public static final class Resolution {
    private final InetAddress address;
    private final List<InetAddress> all;
    private final boolean literal;
    private final String error;

    /** The look-up as the probe that made it saw it: zero for a literal, but not free. */
    private final Lookup made;

    /** The look-up as a later probe sees it: done already, nothing spent. */
    private final Lookup free;

    Resolution(
        InetAddress address, List<InetAddress> all, Duration took, boolean literal, String error) {
      this.address = address;
      this.all = all;
      this.literal = literal;
      this.error = error;
      this.free = new Lookup(this, Duration.ZERO, true);
      this.made = new Lookup(this, took, false);
    }

    /**
     * Returns the address to probe.
     *
     * @return the first address, or null when the host does not resolve
     */
    public InetAddress address() {
      return address;
    }

    /**
     * Returns why the host does not resolve.
     *
     * @return the detail, or null when it resolved
     */
    public String error() {
      return error;
    }

    /**
     * Tells whether the resolver returned more than one address.
     *
     * @return true when the others are to be listed in the evidence
     */
    public boolean several() {
      return all.size() > 1;
    }

    /**
     * Lists the addresses for the evidence.
     *
     * @return at most eight addresses and a note that the first was probed
     */
    public String describe() {
      return all.stream().map(InetAddress::getHostAddress).limit(8).collect(Collectors.joining(","))
          + " (probed the first)";
    }

    /**
     * Adds the addresses to a result's evidence when there are several.
     *
     * @param b the result
     */
    public void note(ProbeResult.Builder b) {
      if (several()) {
        b.fact("addresses", describe());
      }
    }
  }
}
