package dev.wdmports.firewall.format;

import static java.util.Objects.requireNonNull;

import dev.wdmports.core.InvalidInputException;
import dev.wdmports.firewall.format.NftToken.Kind;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Reads the {@code define}, {@code redefine} and {@code undefine} statements of nftables text and
 * replaces every {@code $NAME} with the tokens of its value (nested, bounded), placed at the use.
 *
 * <p>Defines are read in one pass, in order, as in nft: a use before the definition is an error,
 * and a later redefine does not change an earlier use. Not thread-safe: one instance per text.
 */
final class NftDefines {
  private static final int MAX_EXPANSION = 100_000;

  private final String source;
  private final Map<String, List<NftToken>> defines = new LinkedHashMap<>();
  private @Nullable NftToken include;
  private @Nullable NftToken includedFile;

  private NftDefines(String source) {
    this.source = source;
  }

  /**
   * Returns the tokens with the defines taken out and every use replaced by its value.
   *
   * @param source the name for messages
   * @param raw the tokens of the text, ending with an {@link Kind#EOF} token
   * @throws InvalidInputException for a use that is not defined, a define without a value, a define
   *     in terms of itself or an expansion too large
   */
  static List<NftToken> expand(String source, List<NftToken> raw) {
    return new NftDefines(source).read(raw);
  }

  private List<NftToken> read(List<NftToken> raw) {
    NftTokens in = new NftTokens(source, raw);
    List<NftToken> kept = new ArrayList<>();
    while (in.peek().kind() != Kind.EOF) {
      NftToken tok = in.peek();
      if (tok.is("define") || tok.is("redefine")) {
        in.next();
        NftToken name = in.expectWord("a variable name after define");
        in.expect("=");
        List<NftToken> v = new ArrayList<>();
        int depth = 0;
        while (in.peek().kind() != Kind.EOF
            && !(depth == 0 && (in.peek().kind() == Kind.NEWLINE || in.peek().is(";")))) {
          NftToken x = in.next();
          if (x.is("{")) {
            depth++;
          } else if (x.is("}")) {
            depth--;
          }
          if (x.kind() != Kind.NEWLINE) {
            v.add(x);
          }
        }
        if (v.isEmpty()) {
          throw error(name, "define " + name.text() + " has no value: write define NAME = value");
        }
        for (int k = 0; k < v.size(); k++) {
          if (v.get(k).is("$") && k + 1 < v.size() && !defines.containsKey(v.get(k + 1).text())) {
            throw undefined(v.get(k + 1));
          }
        }
        defines.put(name.text(), v);
      } else if (tok.is("undefine")) {
        in.next();
        defines.remove(in.expectWord("a variable name after undefine").text());
      } else {
        NftToken x = in.next();
        if (x.is("include") && include == null && atStatementStart(kept)) {
          include = x;
          includedFile = in.peek();
        }
        if (x.is("$")) {
          NftToken name = in.peek();
          if (name.kind() == Kind.WORD && !defines.containsKey(name.text())) {
            throw undefined(name);
          }
          if (name.kind() == Kind.WORD) {
            // bind the value now, as nft does: a later redefine does not change this use
            kept.addAll(value(in.next(), new HashSet<>()));
            continue;
          }
        }
        kept.add(x);
      }
    }
    kept.add(in.peek());
    return substitute(kept);
  }

  /** Whether the next token starts a statement: the text's first, or after a newline or ";". */
  private static boolean atStatementStart(List<NftToken> kept) {
    if (kept.isEmpty()) {
      return true;
    }
    NftToken last = kept.get(kept.size() - 1);
    return last.kind() == Kind.NEWLINE || last.is(";");
  }

  /** Expands defines: every {@code $NAME} becomes the tokens of its value, at its place. */
  private List<NftToken> substitute(List<NftToken> raw) {
    List<NftToken> out = new ArrayList<>();
    for (int k = 0; k < raw.size(); k++) {
      NftToken tok = raw.get(k);
      if (tok.is("$")) {
        NftToken name = k + 1 < raw.size() ? raw.get(k + 1) : tok;
        if (name.kind() != Kind.WORD
            || name.column() != tok.column() + 1
            || name.line() != tok.line()) {
          throw error(tok, "\"$\" must be followed by a variable name, e.g. $ports");
        }
        out.addAll(value(name, new HashSet<>()));
        k++;
      } else {
        out.add(tok);
      }
      if (out.size() > MAX_EXPANSION * 10) {
        throw error(tok, "the defines expand to too many tokens: simplify them");
      }
    }
    return out;
  }

  private List<NftToken> value(NftToken name, Set<String> seen) {
    List<NftToken> v = defines.get(name.text());
    if (v == null) {
      throw undefined(name);
    }
    if (!seen.add(name.text())) {
      throw error(name, "variable $" + name.text() + " is defined in terms of itself");
    }
    List<NftToken> out = new ArrayList<>();
    for (int k = 0; k < v.size(); k++) {
      NftToken tok = v.get(k);
      if (tok.is("$") && k + 1 < v.size()) {
        out.addAll(value(v.get(++k), seen));
        if (out.size() > MAX_EXPANSION) {
          throw error(
              name,
              "variable $"
                  + name.text()
                  + " expands to more than "
                  + MAX_EXPANSION
                  + " tokens: simplify the defines");
        }
      } else {
        // report the use's place for expanded tokens
        out.add(new NftToken(tok.kind(), tok.text(), name.line(), name.column()));
      }
    }
    seen.remove(name.text());
    return out;
  }

  /**
   * The error for a use of a variable no define gave. After an {@code include} (which is not read)
   * the variable most likely comes from the included file, so the error is the include's, at its
   * line, as nft reports it first.
   */
  private InvalidInputException undefined(NftToken name) {
    if (include != null) {
      return error(
          include,
          NftCommandParser.includeNotRead(requireNonNull(includedFile, "set with include")));
    }
    return error(
        name,
        "variable $"
            + name.text()
            + " is not defined: add \"define "
            + name.text()
            + " = ...\" before its use");
  }

  private InvalidInputException error(NftToken at, String detail) {
    return Inputs.error(source, at.line(), at.column(), detail);
  }
}
