package dev.wdmports.firewall.format;

import java.util.Locale;
import java.util.Optional;

/** Guesses which format a text is in, so a wrong --policy-format gets a helpful message. */
final class FormatSniffer {
  private FormatSniffer() {}

  /** Returns the format the content looks like, or empty when it is not clearly any. */
  static Optional<PolicyFormat> sniff(String content) {
    int n = Math.min(content.length(), 64 * 1024);
    String head = content.substring(0, n);
    String t = head.stripLeading();
    if (t.startsWith("{") || t.startsWith("[")) {
      if (head.contains("\"nftables\"")) {
        return Optional.of(PolicyFormat.NFT_JSON);
      }
      if (head.contains("\"SecurityGroups\"") || head.contains("\"IpPermissions\"")) {
        return Optional.of(PolicyFormat.AWS_SG);
      }
      if (head.contains("\"DisplayName\"")
          || (head.contains("\"Direction\"") && head.contains("\"Action\""))) {
        return Optional.of(PolicyFormat.POWERSHELL_JSON);
      }
      return Optional.empty();
    }
    for (String raw : head.split("\n", 200)) {
      String line = raw.strip();
      if (line.startsWith("table ")
          || line.startsWith("#!/usr/sbin/nft")
          || line.startsWith("flush ruleset")
          || line.matches("(add|create) (table|chain|rule) .*")
          || line.matches("define [A-Za-z_][A-Za-z0-9_]* *=.*")) {
        return Optional.of(PolicyFormat.NFT);
      }
      if (line.startsWith("*filter")
          || line.startsWith("*nat")
          || line.startsWith("*mangle")
          || line.startsWith("*raw")
          || line.startsWith("-A ")
          || line.startsWith(":INPUT ")) {
        return Optional.of(PolicyFormat.IPTABLES_SAVE);
      }
      if (line.toLowerCase(Locale.ROOT).startsWith("rule name:")) {
        return Optional.of(PolicyFormat.NETSH);
      }
    }
    return Optional.empty();
  }

  /** Fails when the content clearly is another format than the one expected. */
  static void expect(String content, String source, PolicyFormat expected) {
    PolicyFormat seen = sniff(content).orElse(expected);
    if (seen != expected) {
      throw Inputs.error(
          source,
          1,
          1,
          "this looks like "
              + seen.id()
              + " ("
              + seen.origin()
              + "), not "
              + expected.id()
              + ": pass --policy-format "
              + seen.id());
    }
  }
}
