package dev.wdmports.firewall.format;

/**
 * A token of nftables text, as {@link NftLexer} cuts it: a word, a quoted string, punctuation, the
 * end of a line or the end of the file, with the line and column where it starts.
 */
record NftToken(Kind kind, String text, int line, int column) {

  /** What a token is; a quoted string never equals a keyword or punctuation. */
  enum Kind {
    WORD,
    STRING,
    PUNCT,
    NEWLINE,
    EOF
  }

  /** Whether this is the word or punctuation {@code s} (never a quoted string). */
  boolean is(String s) {
    return kind != Kind.STRING && text.equals(s);
  }

  /** Whether this ends a statement: a new line, the end of the file or {@code ;}. */
  boolean isEnd() {
    return kind == Kind.NEWLINE || kind == Kind.EOF || is(";");
  }
}
