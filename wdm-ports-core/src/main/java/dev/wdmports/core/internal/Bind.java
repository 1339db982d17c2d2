package dev.wdmports.core.internal;

import dev.wdmports.core.InvalidInputException;
import dev.wdmports.core.PortRange;
import dev.wdmports.core.PortSet;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Binding helpers from located nodes to values, turning validation failures into located errors.
 */
public final class Bind {
  private Bind() {}

  /**
   * Runs a constructor or parser; an IllegalArgumentException, or an InvalidInputException about a
   * value without a source, becomes an error located at {@code at}.
   */
  public static <T> T at(Node at, Supplier<T> make) {
    try {
      return make.get();
    } catch (IllegalArgumentException e) {
      throw at.error(Messages.of(e), e);
    } catch (InvalidInputException e) {
      if (!e.source().isEmpty()) {
        throw e;
      }
      throw at.error(e.detail(), e);
    }
  }

  /** A port: a number, or a string holding one. */
  public static int port(Node n, String what) {
    if (n instanceof Node.Scalar s
        && (s.type() == Node.Scalar.Type.NUMBER || s.type() == Node.Scalar.Type.STRING)) {
      return at(n, () -> PortRange.parsePort(s.text()));
    }
    throw n.error(what + " must be a port number, not " + n.kind());
  }

  /** A port set: a single port, a "a-b" range, or a list of those. */
  public static PortSet ports(Node n, String what) {
    List<Node> items = n instanceof Node.Arr a ? a.items() : List.of(n);
    List<PortRange> ranges = new ArrayList<>();
    for (Node item : items) {
      if (item instanceof Node.Scalar s && s.type() == Node.Scalar.Type.NUMBER) {
        ranges.add(PortRange.of(port(item, what)));
      } else if (item instanceof Node.Scalar s && s.type() == Node.Scalar.Type.STRING) {
        ranges.add(at(item, () -> PortRange.parse(s.text())));
      } else {
        throw item.error(
            what + " must hold port numbers or ranges such as 1-1024, not " + item.kind());
      }
    }
    return new PortSet(ranges);
  }

  /** A list of strings. */
  public static List<String> strings(Node n, String what) {
    List<String> out = new ArrayList<>();
    for (Node item : n.asList(what).items()) {
      out.add(item.asString("each entry of " + what));
    }
    return out;
  }
}
