package dev.wdmports.firewall.format;

import dev.wdmports.core.InvalidInputException;
import dev.wdmports.firewall.ChainPolicy;
import java.util.List;

/**
 * Reads nftables text: what {@code nft list ruleset} prints, and hand-written {@code nft -f} files
 * in the same syntax.
 *
 * <p>The text is written as the objects of {@code nft -j list ruleset} (tables, chains, named sets,
 * rules whose statements are nft JSON expressions) and handed to {@link NftJsonParser}'s back end,
 * so both formats mean the same. Understood: {@code table FAMILY NAME { ... }} blocks, {@code
 * chain} blocks with {@code type ... hook ... priority ...; policy ...;}, {@code set} blocks, the
 * command forms {@code add|create table|chain|rule|set|element}, {@code insert rule}, {@code delete
 * table|chain}, {@code flush ruleset|table|chain}, {@code define NAME = value} with {@code $NAME}
 * (nested), anonymous sets, {@code ;} separators, {@code #} comments and {@code \} line
 * continuations. A statement the back end does not model becomes an unknown match of its rule (its
 * flows may be {@code UNKNOWN}, with the line); {@code include} and syntax errors are {@link
 * InvalidInputException}s with {@code file:line:column}.
 *
 * <p>The work is split by stage: {@link NftLexer} cuts the text into {@link NftToken}s, {@link
 * NftDefines} expands {@code $NAME}s, {@link NftCommandParser} reads the commands and blocks into
 * an {@link NftRuleset} over a shared {@link NftTokens} cursor, and {@link NftRuleReader} writes
 * each rule's statements as nft JSON expressions. Stateless and thread-safe: each call reads anew.
 */
final class NftTextParser {
  private NftTextParser() {}

  /**
   * Parses nftables text.
   *
   * @param content the text
   * @param sourceName the name for messages
   * @return a first-match policy, as {@link NftJsonParser} builds it
   * @throws InvalidInputException naming the line and column of the first fault
   */
  static ChainPolicy parse(String content, String sourceName) {
    // an empty ruleset is what nft list ruleset prints for a host without rules
    FormatSniffer.expect(content, sourceName, PolicyFormat.NFT);
    List<NftToken> tokens =
        NftDefines.expand(sourceName, new NftLexer(content, sourceName).tokens());
    NftRuleset ruleset = new NftRuleset(sourceName);
    new NftCommandParser(new NftTokens(sourceName, tokens), ruleset).file();
    List<NftJsonParser.Located> objects = ruleset.objects();
    if (objects.isEmpty()) {
      return ChainPolicy.builder()
          .sourceName(sourceName)
          .note(sourceName + ": no tables: nothing is filtered")
          .build();
    }
    return NftJsonParser.build(objects, sourceName);
  }
}
