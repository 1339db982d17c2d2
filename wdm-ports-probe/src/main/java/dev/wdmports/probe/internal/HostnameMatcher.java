package dev.wdmports.probe.internal;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import javax.security.auth.x500.X500Principal;

/**
 * Whether a server certificate names the host a probe connected to, as RFC 6125 and OkHttp's {@code
 * OkHostnameVerifier} decide it: a host name matches the certificate's DNS subject alternative
 * names only (the subject's Common Name is never read for a match: CAs have put names there that
 * nobody checked), and an IP address matches its IP subject alternative names only.
 *
 * <p>A wildcard is only the whole left-most label ({@code *.example.com} matches {@code
 * a.example.com}, never {@code a.b.example.com} nor {@code example.com}); names compare without
 * regard to case ({@link Locale#ROOT}) and to one trailing dot; a host or name that is not ASCII
 * matches nothing (so the Kelvin sign does not fold to {@code k}). Stateless and thread-safe.
 */
final class HostnameMatcher {
  private static final int SAN_DNS = 2;
  private static final int SAN_IP = 7;
  private static final String OCTET = "(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])";
  private static final Pattern IPV4 = Pattern.compile(OCTET + "(\\." + OCTET + "){3}");
  private static final Pattern IPV6 =
      Pattern.compile("(\\[[0-9A-Fa-f:.]*|[0-9A-Fa-f:][0-9A-Fa-f:.]*):[0-9A-Fa-f:.]*]?");

  private HostnameMatcher() {}

  /**
   * Tells whether {@code certificate} names {@code host}.
   *
   * @param host the host name or IP literal the probe connected to
   * @param certificate the server's leaf certificate
   * @return true when a subject alternative name of the right type matches
   */
  static boolean matches(String host, X509Certificate certificate) {
    Optional<InetAddress> ip = ipLiteral(host);
    if (ip.isPresent()) {
      for (String san : subjectAltNames(certificate, SAN_IP)) {
        if (ipLiteral(san).filter(ip.get()::equals).isPresent()) {
          return true;
        }
      }
      return false;
    }
    for (String san : subjectAltNames(certificate, SAN_DNS)) {
      if (matchesDnsName(host, san)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Says why {@code certificate} does not name {@code host}, for a probe's detail.
   *
   * @param host the host name or IP literal the probe connected to
   * @param certificate the server's leaf certificate, which {@link #matches} refused
   * @param names the certificate's subject alternative names as the probe reports them
   * @return the reason, naming the host
   */
  static String mismatch(String host, X509Certificate certificate, List<String> names) {
    Optional<InetAddress> ip = ipLiteral(host);
    for (String cn : commonNames(certificate.getSubjectX500Principal())) {
      boolean named =
          ip.isPresent()
              ? ipLiteral(cn).filter(ip.get()::equals).isPresent()
              : matchesDnsName(host, cn);
      if (named) {
        return "certificate names "
            + host
            + " only in its subject CN, not in a subject alternative name"
            + " (RFC 6125: the CN is not checked; names: "
            + names
            + ")";
      }
    }
    return "certificate does not match host " + host + " (names: " + names + ")";
  }

  /**
   * Tells whether host name {@code host} matches the DNS name {@code pattern} of a certificate.
   *
   * @param host the host name, any case, with or without a trailing dot
   * @param pattern a DNS subject alternative name, perhaps {@code *.} and a domain
   * @return true on a match
   */
  static boolean matchesDnsName(String host, String pattern) {
    if (!wellFormed(host) || !wellFormed(pattern)) {
      return false;
    }
    String h = absolute(host.toLowerCase(Locale.ROOT));
    String p = absolute(pattern.toLowerCase(Locale.ROOT));
    if (!p.contains("*")) {
      return h.equals(p);
    }
    // The asterisk is the whole left-most label, and the only one; "*." alone names no domain.
    if (!p.startsWith("*.") || p.indexOf('*', 1) != -1 || p.equals("*.")) {
      return false;
    }
    String suffix = p.substring(1);
    if (h.length() <= suffix.length() || !h.endsWith(suffix)) {
      return false;
    }
    // The asterisk matches one label: no dot before the suffix.
    return h.lastIndexOf('.', h.length() - suffix.length() - 1) == -1;
  }

  private static boolean wellFormed(String name) {
    if (name.isEmpty() || name.startsWith(".") || name.endsWith("..")) {
      return false;
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c <= ' ' || c >= 0x7f) {
        return false;
      }
    }
    return true;
  }

  private static String absolute(String name) {
    return name.endsWith(".") ? name : name + ".";
  }

  /**
   * Parses an IP literal without a name lookup: dotted-quad IPv4, or IPv6 (brackets allowed).
   *
   * @param text a host or a name from a certificate
   * @return the address, or empty when {@code text} is not an IP literal
   */
  static Optional<InetAddress> ipLiteral(String text) {
    // Both patterns only admit text InetAddress parses as numbers, so no name is ever looked up:
    // InetAddress reads a text as a literal only when it starts with a hex digit, ':' or '['
    // (".:" would be looked up as a name), so the IPv6 one must start so too.
    if (!IPV4.matcher(text).matches() && !IPV6.matcher(text).matches()) {
      return Optional.empty();
    }
    try {
      return Optional.of(InetAddress.getByName(text));
    } catch (UnknownHostException e) {
      return Optional.empty();
    }
  }

  private static List<String> subjectAltNames(X509Certificate certificate, int type) {
    List<String> out = new ArrayList<>();
    try {
      Collection<List<?>> all = certificate.getSubjectAlternativeNames();
      if (all == null) {
        return out;
      }
      for (List<?> san : all) {
        if (san.size() >= 2
            && Integer.valueOf(type).equals(san.get(0))
            && san.get(1) instanceof String s) {
          out.add(s);
        }
      }
    } catch (CertificateParsingException e) {
      // An unparsable extension names nothing.
    }
    return out;
  }

  private static List<String> commonNames(X500Principal subject) {
    // Only for the message: a CN with an escaped comma is read short, and then names nothing.
    List<String> out = new ArrayList<>();
    for (String part : subject.getName(X500Principal.RFC2253).split(",")) {
      if (part.regionMatches(true, 0, "CN=", 0, 3)) {
        out.add(part.substring(3));
      }
    }
    return out;
  }
}
