package dev.wdmports.firewall.format;

import dev.wdmports.core.InvalidInputException;
import dev.wdmports.firewall.format.NftToken.Kind;
import java.util.List;

/**
 * A cursor over the tokens of one nftables text: looks ahead, takes tokens, expects words and
 * punctuation, skips statements and blocks, and writes errors as {@code file:line:column}.
 *
 * <p>The command reader and the rule reader share one cursor, so both move the same position; the
 * rule reader rewinds it to re-read a statement it does not model. Not thread-safe.
 */
final class NftTokens {
  private final String source;
  private final List<NftToken> t;
  private int p;

  /**
   * @param source the name for messages
   * @param tokens the tokens, ending with an {@link Kind#EOF} token
   */
  NftTokens(String source, List<NftToken> tokens) {
    this.source = source;
    this.t = tokens;
  }

  /** How a token is named in a message. */
  static String shown(NftToken tok) {
    return switch (tok.kind()) {
      case NEWLINE -> "the end of the line";
      case EOF -> "the end of the file";
      case WORD, STRING, PUNCT -> "\"" + tok.text() + "\"";
    };
  }

  InvalidInputException error(NftToken at, String detail) {
    return Inputs.error(source, at.line(), at.column(), detail);
  }

  /** The index of the next token, for {@link #rewind}. */
  int position() {
    return p;
  }

  /** Moves back (or on) to a {@link #position}. */
  void rewind(int position) {
    p = position;
  }

  NftToken peek() {
    return t.get(p);
  }

  NftToken peek(int ahead) {
    return t.get(Math.min(p + ahead, t.size() - 1));
  }

  /** Takes the next token; at the end of the file, the end stays. */
  NftToken next() {
    NftToken tok = t.get(p);
    if (tok.kind() != Kind.EOF) {
      p++;
    }
    return tok;
  }

  NftToken expectWord(String what) {
    NftToken tok = next();
    if (tok.kind() != Kind.WORD && tok.kind() != Kind.STRING) {
      throw error(tok, "expected " + what + ", found " + shown(tok));
    }
    return tok;
  }

  void expect(String punct) {
    NftToken tok = next();
    if (!tok.is(punct)) {
      throw error(tok, "expected \"" + punct + "\", found " + shown(tok));
    }
  }

  void skipSeparators() {
    while (peek().kind() == Kind.NEWLINE || peek().is(";")) {
      next();
    }
  }

  void endOfStatement() {
    NftToken tok = peek();
    if (tok.kind() == Kind.NEWLINE || tok.is(";")) {
      next();
    } else if (tok.kind() != Kind.EOF && !tok.is("}")) {
      throw error(tok, "unexpected " + shown(tok) + ": end the statement with ; or a new line");
    }
  }

  /** Skips to the end of the statement, or to the brace that closes its block. */
  void skipStatement() {
    while (!peek().isEnd() && !peek().is("}")) {
      next();
    }
  }

  /** Skips a brace block whose opening brace is taken, up to and including its closing brace. */
  void skipBlock(NftToken at) {
    int depth = 1;
    while (depth > 0) {
      NftToken tok = next();
      if (tok.kind() == Kind.EOF) {
        throw error(at, at.text() + " block is not closed: add a }");
      }
      if (tok.is("{")) {
        depth++;
      } else if (tok.is("}")) {
        depth--;
      }
    }
  }
}
