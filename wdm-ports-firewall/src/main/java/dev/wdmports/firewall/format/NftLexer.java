package dev.wdmports.firewall.format;

import dev.wdmports.firewall.format.NftToken.Kind;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits nftables text into {@link NftToken}s; comments and {@code \} line continuations disappear,
 * a string that is not closed or a stray character is an error with its line and column.
 *
 * <p>Not thread-safe: one lexer reads one text once.
 */
final class NftLexer {
  private final String s;
  private final String source;
  private int i;
  private int line = 1;
  private int lineStart;

  NftLexer(String s, String source) {
    this.s = s;
    this.source = source;
  }

  List<NftToken> tokens() {
    List<NftToken> out = new ArrayList<>();
    while (i < s.length()) {
      char c = s.charAt(i);
      int col = i - lineStart + 1;
      if (c == '\n') {
        out.add(new NftToken(Kind.NEWLINE, "\n", line, col));
        newline();
      } else if (c == '\\' && rest().matches("(?s)\\\\[ \\t]*\\r?\\n.*")) {
        while (s.charAt(i) != '\n') {
          i++;
        }
        newline();
      } else if (Character.isWhitespace(c)) {
        i++;
      } else if (c == '#') {
        while (i < s.length() && s.charAt(i) != '\n') {
          i++;
        }
      } else if (c == '"') {
        int start = i++;
        StringBuilder sb = new StringBuilder();
        while (i < s.length() && s.charAt(i) != '"' && s.charAt(i) != '\n') {
          sb.append(s.charAt(i++));
        }
        if (i >= s.length() || s.charAt(i) != '"') {
          throw Inputs.error(
              source, line, start - lineStart + 1, "the string is not closed: add a \"");
        }
        i++;
        out.add(new NftToken(Kind.STRING, sb.toString(), line, col));
      } else if (c == '!' && next() == '=' || (c == '<' || c == '>') && next() == '=') {
        out.add(new NftToken(Kind.PUNCT, s.substring(i, i + 2), line, col));
        i += 2;
      } else if (c == '=' && next() == '=') {
        out.add(new NftToken(Kind.PUNCT, "==", line, col));
        i += 2;
      } else if ("{}();,=<>!@$".indexOf(c) >= 0) {
        out.add(new NftToken(Kind.PUNCT, String.valueOf(c), line, col));
        i++;
      } else {
        int start = i;
        while (i < s.length()
            && !Character.isWhitespace(s.charAt(i))
            && "{}();,=<>!@$\"#\\".indexOf(s.charAt(i)) < 0) {
          i++;
        }
        if (start == i) {
          throw Inputs.error(
              source, line, col, "unexpected character '" + c + "': check the syntax here");
        }
        out.add(new NftToken(Kind.WORD, s.substring(start, i), line, col));
      }
    }
    out.add(new NftToken(Kind.EOF, "end of file", line, i - lineStart + 1));
    return out;
  }

  private String rest() {
    return s.substring(i, Math.min(s.length(), i + 64));
  }

  private char next() {
    return i + 1 < s.length() ? s.charAt(i + 1) : 0;
  }

  private void newline() {
    i++;
    line++;
    lineStart = i;
  }
}
