package dev.wdmports.firewall.format;

import static java.util.Objects.requireNonNull;

import dev.wdmports.core.InvalidInputException;
import dev.wdmports.core.internal.EnumIds;
import dev.wdmports.core.internal.TextFiles;
import dev.wdmports.firewall.FirewallPolicy;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The firewall formats wdm-ports reads, with their command-line ids.
 *
 * <pre>{@code
 * FirewallPolicy p = PolicyFormat.fromId("iptables-save").read(Path.of("rules.v4"));
 * FirewallPolicy q = PolicyFormat.NFT_JSON.parse(json, "ruleset.json");
 * }</pre>
 *
 * <p>Each parser first checks that the content is not clearly another format and names the one it
 * looks like. Reading refuses inputs larger than {@link #DEFAULT_MAX_BYTES} (64 MiB) unless a
 * larger limit is given, without reading them.
 *
 * @since 0.1.0
 */
public enum PolicyFormat {
  /** {@code iptables-save} or {@code ip6tables-save} output. */
  IPTABLES_SAVE("iptables-save or ip6tables-save output"),
  /** {@code nft -j list ruleset} output. */
  NFT_JSON("nft -j list ruleset"),
  /** nftables text: {@code nft list ruleset} output or an {@code nft -f} file. Since 0.1.0. */
  NFT("nft list ruleset, or an nft -f file"),
  /** {@code netsh advfirewall firewall show rule name=all verbose}. */
  NETSH("netsh advfirewall firewall show rule name=all verbose"),
  /** PowerShell {@code Get-NetFirewallRule} JSON. */
  POWERSHELL_JSON("Get-NetFirewallRule ... | ConvertTo-Json"),
  /** {@code aws ec2 describe-security-groups} JSON. */
  AWS_SG("aws ec2 describe-security-groups");

  /** The largest input read unless another limit is given: 64 MiB. */
  public static final long DEFAULT_MAX_BYTES = 64L * 1024 * 1024;

  /** The command-line option that raises the limit, named in the message about a large file. */
  static final String RAISE_LIMIT = "--max-policy-bytes";

  private final String origin;

  PolicyFormat(String origin) {
    this.origin = origin;
  }

  /**
   * Returns the command-line id, e.g. {@code nft-json}.
   *
   * @return the id
   */
  public String id() {
    return EnumIds.id(this);
  }

  /**
   * Returns the command that produces this format.
   *
   * @return e.g. {@code nft -j list ruleset}
   */
  public String origin() {
    return origin;
  }

  /**
   * Looks a format up by id.
   *
   * @param id e.g. {@code iptables-save}, in any case
   * @return the format
   * @throws dev.wdmports.core.InvalidInputException naming the id and the known ones
   */
  public static PolicyFormat fromId(String id) {
    return EnumIds.parse(PolicyFormat.class, id, "policy format");
  }

  /**
   * Guesses the format of a text, from its first 64 KiB.
   *
   * @param content the text
   * @return the format it clearly is, or empty when it is not clearly any
   */
  public static Optional<PolicyFormat> sniff(String content) {
    return FormatSniffer.sniff(content);
  }

  /**
   * Parses a text in this format.
   *
   * @param content the text
   * @param sourceName the name for messages, e.g. the file name
   * @return the policy
   * @throws InvalidInputException with {@code source:line:column: what} when the text is malformed
   *     or clearly another format
   */
  public FirewallPolicy parse(String content, String sourceName) {
    return parse(content, sourceName, IpSets.none());
  }

  /**
   * Parses a text in this format whose rules refer to the given ipset sets ({@code -m set
   * --match-set}).
   *
   * @param content the text
   * @param sourceName the name for messages, e.g. the file name
   * @param ipsets the host's {@code ipset save} output; {@link IpSets#none()} when not known
   * @return the policy
   * @throws InvalidInputException with {@code source:line:column: what} when the text is malformed
   *     or clearly another format, or when sets are given for a format other than {@link
   *     #IPTABLES_SAVE}
   */
  public FirewallPolicy parse(String content, String sourceName, IpSets ipsets) {
    requireNonNull(content, "content");
    requireNonNull(sourceName, "sourceName");
    requireNonNull(ipsets, "ipsets");
    if (this != IPTABLES_SAVE && ipsets != IpSets.none()) {
      throw new InvalidInputException(
          ipsets.sourceName(),
          "ipset sets are read with iptables-save policies only, and this policy is "
              + id()
              + ": leave out the ipsets (--ipsets)");
    }
    return switch (this) {
      case IPTABLES_SAVE -> IptablesSaveParser.parse(content, sourceName, ipsets);
      case NFT_JSON -> NftJsonParser.parse(content, sourceName);
      case NFT -> NftTextParser.parse(content, sourceName);
      case NETSH -> NetshParser.parse(content, sourceName);
      case POWERSHELL_JSON -> PowerShellJsonParser.parse(content, sourceName);
      case AWS_SG -> AwsSecurityGroupParser.parse(content, sourceName);
    };
  }

  /**
   * Reads and parses a file of at most {@link #DEFAULT_MAX_BYTES}.
   *
   * @param file the file
   * @return the policy
   * @throws InvalidInputException if the file is missing, a directory, unreadable, too large, not
   *     UTF-8 text, empty or malformed
   */
  public FirewallPolicy read(Path file) {
    return read(file, DEFAULT_MAX_BYTES);
  }

  /**
   * Reads and parses a file, refusing it without reading when it is larger than the limit.
   *
   * @param file the file
   * @param maxBytes the largest size accepted
   * @return the policy
   * @throws InvalidInputException if the file is missing, a directory, unreadable, too large, not
   *     UTF-8 text, empty or malformed
   */
  public FirewallPolicy read(Path file, long maxBytes) {
    return read(file, maxBytes, IpSets.none());
  }

  /**
   * Reads and parses a file whose rules refer to the given ipset sets, refusing it without reading
   * when it is larger than the limit.
   *
   * @param file the file
   * @param maxBytes the largest size accepted
   * @param ipsets the host's {@code ipset save} output ({@link IpSets#read}); {@link IpSets#none()}
   *     when not known
   * @return the policy
   * @throws InvalidInputException if the file is missing, a directory, unreadable, too large, not
   *     UTF-8 text, empty or malformed, or sets are given for a format other than {@link
   *     #IPTABLES_SAVE}
   */
  public FirewallPolicy read(Path file, long maxBytes, IpSets ipsets) {
    requireNonNull(file, "file");
    requireNonNull(ipsets, "ipsets");
    return parse(TextFiles.read(file, maxBytes, RAISE_LIMIT), file.toString(), ipsets);
  }

  /**
   * Reads and parses a stream as UTF-8, refusing it once it passes the limit. The stream is not
   * closed.
   *
   * @param in the stream
   * @param sourceName the name for messages
   * @param maxBytes the largest size accepted
   * @return the policy
   * @throws InvalidInputException if the stream cannot be read (keeping the {@code IOException} as
   *     the cause), or the input is too large, not UTF-8 text, empty or malformed
   */
  public FirewallPolicy read(InputStream in, String sourceName, long maxBytes) {
    requireNonNull(in, "in");
    requireNonNull(sourceName, "sourceName");
    return parse(TextFiles.read(in, sourceName, maxBytes, RAISE_LIMIT), sourceName);
  }

  /**
   * What an input of this format holds, for the one message about an empty one ({@code the file is
   * empty: expected ...}).
   */
  String expected() {
    return switch (this) {
      case IPTABLES_SAVE -> "iptables-save output (*filter, chains, rules, COMMIT)";
      case NFT_JSON -> "the JSON of nft -j list ruleset";
      case NFT -> "nft list ruleset output";
      case NETSH -> "netsh advfirewall firewall show rule name=all verbose output";
      case POWERSHELL_JSON -> "the JSON of Get-NetFirewallRule | ConvertTo-Json";
      case AWS_SG -> "the JSON of aws ec2 describe-security-groups";
    };
  }
}
