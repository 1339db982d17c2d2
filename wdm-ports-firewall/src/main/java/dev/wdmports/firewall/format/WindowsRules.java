package dev.wdmports.firewall.format;

import dev.wdmports.core.Cidr;
import dev.wdmports.core.InvalidInputException;
import dev.wdmports.core.Transport;
import dev.wdmports.core.internal.Messages;
import dev.wdmports.core.report.Direction;
import dev.wdmports.firewall.Action;
import dev.wdmports.firewall.AddressMatch;
import dev.wdmports.firewall.Decision;
import dev.wdmports.firewall.PortMatch;
import dev.wdmports.firewall.Rule;
import dev.wdmports.firewall.RulePolicy;
import dev.wdmports.firewall.WindowsProfile;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/** Turns the field values of a Windows Firewall rule (netsh or PowerShell) into a {@link Rule}. */
final class WindowsRules {
  private WindowsRules() {}

  static RulePolicy.Builder policy(String source) {
    return RulePolicy.builder()
        .sourceName(source)
        .profiles(EnumSet.allOf(WindowsProfile.class))
        .defaults(Decision.DENY, Decision.ALLOW);
  }

  /** Raised with the field at fault; the parser adds the location. */
  static final class FieldException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final String field;

    FieldException(String field, String message) {
      super(message);
      this.field = field;
    }
  }

  static boolean enabled(String v) {
    switch (v.trim().toLowerCase(Locale.ROOT)) {
      case "yes":
      case "true":
      case "1":
        return true;
      case "no":
      case "false":
      case "2":
        return false;
      default:
        throw new FieldException(
            "Enabled", "Enabled \"" + v + "\" is not known: use Yes/No, True/False or 1/2");
    }
  }

  static Direction direction(String v) {
    switch (v.trim().toLowerCase(Locale.ROOT)) {
      case "in":
      case "inbound":
      case "1":
        return Direction.IN;
      case "out":
      case "outbound":
      case "2":
        return Direction.OUT;
      default:
        throw new FieldException(
            "Direction",
            "Direction \"" + v + "\" is not known: use In/Inbound (1) or Out/Outbound (2)");
    }
  }

  /** Returns ACCEPT or DROP; Bypass is an allow the model cannot judge (adds an unknown). */
  static Action action(String v, Rule.Builder b) {
    switch (v.trim().toLowerCase(Locale.ROOT)) {
      case "allow":
      case "2":
        return Action.ACCEPT;
      case "block":
      case "4":
        return Action.DROP;
      case "bypass":
        b.addUnknown("Action=Bypass (allowed only for authenticated peers)");
        return Action.ACCEPT;
      default:
        throw new FieldException(
            "Action", "Action \"" + v + "\" is not known: use Allow (2) or Block (4)");
    }
  }

  static Set<WindowsProfile> profiles(String v) {
    String t = v.trim();
    if (t.matches("\\d+")) {
      // At most ten digits, so that the flags parse as a long whatever the file holds.
      long bits = t.length() > 10 ? Long.MAX_VALUE : Long.parseLong(t);
      if (bits == 0 || bits == 0x7fffffff) {
        return EnumSet.allOf(WindowsProfile.class);
      }
      if (bits > 7) {
        throw new FieldException(
            "Profile", "Profile " + v + " is not known: use flags Domain=1, Private=2, Public=4");
      }
      EnumSet<WindowsProfile> s = EnumSet.noneOf(WindowsProfile.class);
      for (WindowsProfile p : WindowsProfile.values()) {
        if ((bits & (1 << p.ordinal())) != 0) {
          s.add(p);
        }
      }
      return s;
    }
    EnumSet<WindowsProfile> s = EnumSet.noneOf(WindowsProfile.class);
    for (String part : t.split("[,\\s]+")) {
      String p = part.toLowerCase(Locale.ROOT);
      if (p.isEmpty()) {
        continue;
      }
      if (p.equals("any") || p.equals("all")) {
        return EnumSet.allOf(WindowsProfile.class);
      }
      try {
        s.add(WindowsProfile.valueOf(p.toUpperCase(Locale.ROOT)));
      } catch (IllegalArgumentException e) {
        throw new FieldException(
            "Profile", "profile \"" + part + "\" is not known: use Domain, Private, Public or Any");
      }
    }
    return s.isEmpty() ? EnumSet.allOf(WindowsProfile.class) : s;
  }

  static Set<Transport> protocol(String v) {
    String t = v.trim().toLowerCase(Locale.ROOT);
    switch (t) {
      case "":
      case "any":
      case "256":
        return EnumSet.allOf(Transport.class);
      case "tcp":
      case "6":
        return EnumSet.of(Transport.TCP);
      case "udp":
      case "17":
        return EnumSet.of(Transport.UDP);
      default:
        return EnumSet.noneOf(Transport.class);
    }
  }

  /** Applies an address list; keywords such as LocalSubnet make the rule unknown. */
  static AddressMatch addresses(String field, List<String> values, Rule.Builder b) {
    List<Cidr> nets = new ArrayList<>();
    List<String> keywords = new ArrayList<>();
    for (String raw : values) {
      for (String part : raw.split(",")) {
        String p = part.trim();
        if (p.isEmpty() || p.equalsIgnoreCase("any") || p.equals("*")) {
          return AddressMatch.any();
        }
        if (Character.isLetter(p.charAt(0)) && !p.contains(":")) {
          keywords.add(p);
          continue;
        }
        try {
          nets.addAll(Inputs.networks(p));
        } catch (IllegalArgumentException | InvalidInputException e) {
          throw new FieldException(field, Messages.of(e));
        }
      }
    }
    if (!keywords.isEmpty()) {
      b.addUnknown(
          field
              + "="
              + String.join(",", values)
              + " ("
              + String.join(", ", keywords)
              + " not known here)");
      return AddressMatch.any();
    }
    return nets.isEmpty() ? AddressMatch.any() : new AddressMatch(nets, false);
  }

  /**
   * Ports behind Windows port keywords. A keyword rule opens them only for its service, so the rule
   * stays unknown, but only for these ports; keywords not listed here are unknown for all ports.
   */
  private static final java.util.Map<String, String> KEYWORD_PORTS =
      java.util.Map.of(
          "rpcepmap", "135",
          "rpc-epmap", "135",
          "rpc", "49152-65535",
          "iphttps", "443",
          "iphttpsin", "443",
          "iphttpsout", "443",
          "teredo", "3544",
          "mdns", "5353");

  /** Applies a port list; keywords such as RPC make the rule unknown. */
  static PortMatch ports(String field, List<String> values, Rule.Builder b) {
    List<String> parts = new ArrayList<>();
    List<String> keywords = new ArrayList<>();
    boolean unmapped = false;
    for (String raw : values) {
      for (String part : raw.split(",")) {
        String p = part.trim();
        if (p.isEmpty() || p.equalsIgnoreCase("any")) {
          return PortMatch.any();
        }
        if (!Character.isDigit(p.charAt(0))) {
          keywords.add(p);
          String mapped = KEYWORD_PORTS.get(p.toLowerCase(Locale.ROOT));
          if (mapped == null) {
            unmapped = true;
          } else {
            parts.add(mapped);
          }
          continue;
        }
        parts.add(p);
      }
    }
    if (!keywords.isEmpty()) {
      b.addUnknown(
          field
              + "="
              + String.join(",", values)
              + " ("
              + String.join(", ", keywords)
              + " not known here)");
      if (unmapped) {
        return PortMatch.any();
      }
    }
    if (parts.isEmpty()) {
      return PortMatch.any();
    }
    try {
      return PortMatch.of(dev.wdmports.core.PortSet.parse(String.join(",", parts)));
    } catch (IllegalArgumentException | InvalidInputException e) {
      throw new FieldException(field, field + ": " + e.getMessage());
    }
  }

  /** Restricting fields the model does not evaluate: anything but Any makes the rule unknown. */
  static void restriction(String field, @Nullable String value, Rule.Builder b) {
    if (value == null) {
      return;
    }
    String v = value.trim();
    if (v.isEmpty()
        || v.equalsIgnoreCase("any")
        || v.equalsIgnoreCase("notrequired")
        || v.equalsIgnoreCase("none")) {
      return;
    }
    b.addUnknown(field + "=" + v);
  }

  /** Sets the matches from local/remote fields as the direction maps them. */
  static void endpoints(
      Rule.Builder b,
      Direction d,
      List<String> localIp,
      List<String> remoteIp,
      List<String> localPort,
      List<String> remotePort,
      String localIpName,
      String remoteIpName) {
    AddressMatch local = addresses(localIpName, localIp, b);
    AddressMatch remote = addresses(remoteIpName, remoteIp, b);
    PortMatch lp = ports("LocalPort", localPort, b);
    PortMatch rp = ports("RemotePort", remotePort, b);
    if (d == Direction.IN) {
      b.source(remote).destination(local).sourcePorts(rp).destinationPorts(lp);
    } else {
      b.source(local).destination(remote).sourcePorts(lp).destinationPorts(rp);
    }
  }
}
