package dev.wdmports.probe;

import dev.wdmports.probe.internal.IpSpan;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Folds addresses with a state, in address order, into contiguous ranges with one state: the next
 * address extends the open range while it is the last one plus one and has the same state. Memory
 * grows with the number of ranges (at most {@code max} kept, the rest counted), not of addresses.
 * Not thread-safe.
 *
 * @param <S> the state, compared with {@link Object#equals}
 */
final class RangeFold<S> {
  /** A closed range: its text ({@code 10.0.0.5}, {@code 10.10.12.0/22} or {@code a-b}). */
  record Span<S>(String first, String last, String text, long count, S state) {}

  private final int max;
  private final List<Span<S>> spans = new ArrayList<>();
  private long omitted;
  // The open range: state is set while count > 0; first and last while it is one of addresses,
  // name while it is a host that is not an address.
  private @Nullable S state;
  private boolean v6;
  private @Nullable BigInteger first;
  private @Nullable BigInteger last;
  private @Nullable String name;
  private long count;

  RangeFold(int max) {
    this.max = max;
  }

  void accept(String host, S s) {
    Optional<BigInteger> n = Aggregator.number(host);
    boolean isV6 = host.indexOf(':') >= 0;
    if (n.isPresent()
        && Objects.equals(state, s)
        && count > 0
        && name == null
        && last != null
        && v6 == isV6
        && last.add(BigInteger.ONE).equals(n.get())) {
      last = n.get();
      count++;
      return;
    }
    close();
    state = s;
    count = 1;
    if (n.isPresent()) {
      v6 = isV6;
      first = n.get();
      last = first;
      name = null;
    } else {
      name = host;
    }
  }

  private void close() {
    if (count == 0) {
      return;
    }
    S s = Objects.requireNonNull(state, "state of an open range");
    if (spans.size() >= max) {
      omitted++;
    } else if (name != null) {
      spans.add(new Span<>(name, name, name, 1, s));
    } else {
      BigInteger from = Objects.requireNonNull(first, "first of an open range");
      BigInteger to = Objects.requireNonNull(last, "last of an open range");
      spans.add(
          new Span<>(
              IpSpan.text(v6, from),
              IpSpan.text(v6, to),
              new IpSpan(v6, from, to).toString(),
              count,
              s));
    }
    count = 0;
    state = null;
  }

  /** Closes the open range and returns the ranges kept. */
  List<Span<S>> finish() {
    close();
    return List.copyOf(spans);
  }

  /** Ranges beyond the limit, after {@link #finish}. */
  long omitted() {
    return omitted;
  }
}
