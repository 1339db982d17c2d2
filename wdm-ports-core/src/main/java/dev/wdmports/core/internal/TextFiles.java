package dev.wdmports.core.internal;

import dev.wdmports.core.InvalidInputException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;

/**
 * The one bounded read of a text input (a catalog, a deployment, a firewall export, an ipset save)
 * and its one set of messages: not found, a directory, too large, not text, empty. Every {@link
 * IOException} becomes an {@link InvalidInputException} naming the input and keeping the cause.
 * Stateless and thread-safe. Not API.
 *
 * <pre>{@code
 * String text = TextFiles.read(Path.of("rules.v4"), 64L << 20, "--max-policy-bytes");
 * TextFiles.requireContent(text, "rules.v4", "iptables-save output");
 * }</pre>
 *
 * <p>Emptiness is a separate check ({@link #requireContent}) because one format reads an empty
 * input as valid ({@code nft list ruleset} of a host without rules prints nothing); every other
 * reader calls it, and parsers of text held in memory call it too, so that a file and a string give
 * the same message.
 */
public final class TextFiles {
  private TextFiles() {}

  /**
   * Reads a file as UTF-8 text, refusing it before reading when it is larger than the limit.
   *
   * @param file the file
   * @param maxBytes the largest size accepted
   * @param raiseWith the option or argument that raises the limit, e.g. {@code --max-policy-bytes},
   *     or null when there is none
   * @return the text, without a leading UTF-8 byte-order mark
   * @throws InvalidInputException naming the file when it is missing, a directory, unreadable, too
   *     large or not UTF-8 text
   */
  public static String read(Path file, long maxBytes, @Nullable String raiseWith) {
    String name = file.toString();
    if (Files.isDirectory(file)) {
      throw new InvalidInputException(name, "is a directory, not a file: give the path of a file");
    }
    try {
      long size = Files.size(file);
      if (size > maxBytes) {
        throw tooLarge(name, size + " bytes", maxBytes, raiseWith);
      }
      try (InputStream in = Files.newInputStream(file)) {
        return read(in, name, maxBytes, raiseWith);
      }
    } catch (NoSuchFileException e) {
      throw new InvalidInputException(name, 0, 0, null, "file not found: check the path", e);
    } catch (AccessDeniedException e) {
      throw new InvalidInputException(
          name, 0, 0, null, "cannot read the file: permission denied", e);
    } catch (IOException e) {
      throw cannotRead(name, e);
    }
  }

  /**
   * Reads a stream as UTF-8 text, refusing it once it passes the limit. The stream is not closed.
   *
   * @param in the stream
   * @param name the name for messages, e.g. {@code stdin}
   * @param maxBytes the largest size accepted
   * @param raiseWith the option or argument that raises the limit, or null when there is none
   * @return the text, without a leading UTF-8 byte-order mark
   * @throws InvalidInputException naming the input when it cannot be read, is too large or is not
   *     UTF-8 text
   */
  public static String read(
      InputStream in, String name, long maxBytes, @Nullable String raiseWith) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buf = new byte[64 * 1024];
    long total = 0;
    try {
      int n;
      while ((n = in.read(buf)) >= 0) {
        total += n;
        if (total > maxBytes) {
          throw tooLarge(name, "more than " + maxBytes + " bytes", maxBytes, raiseWith);
        }
        out.write(buf, 0, n);
      }
    } catch (IOException e) {
      throw cannotRead(name, e);
    }
    return decode(out.toByteArray(), name);
  }

  /**
   * Decodes UTF-8, refusing what is not text (a NUL byte, a UTF-16 byte-order mark, bytes that are
   * not UTF-8) before a parser reports it as a syntax error. A UTF-8 byte-order mark (PowerShell's
   * {@code Out-File -Encoding utf8} writes one) is dropped.
   *
   * @param bytes the bytes
   * @param name the name for messages
   * @return the text
   * @throws InvalidInputException naming the input when it is not UTF-8 text
   */
  public static String decode(byte[] bytes, String name) {
    int start = 0;
    if (bytes.length >= 3
        && (bytes[0] & 0xff) == 0xEF
        && (bytes[1] & 0xff) == 0xBB
        && (bytes[2] & 0xff) == 0xBF) {
      start = 3;
    } else if (bytes.length >= 2
        && ((bytes[0] & 0xff) == 0xFF && (bytes[1] & 0xff) == 0xFE
            || (bytes[0] & 0xff) == 0xFE && (bytes[1] & 0xff) == 0xFF)) {
      throw notText(name, "UTF-16 text, which starts with a byte-order mark");
    }
    for (int i = start; i < bytes.length; i++) {
      if (bytes[i] == 0) {
        throw notText(name, "a NUL byte at offset " + i);
      }
    }
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes, start, bytes.length - start))
          .toString();
    } catch (CharacterCodingException e) {
      throw notText(name, "bytes that are not UTF-8");
    }
  }

  /**
   * Refuses text held in memory that is larger than the limit or holds a NUL character, with the
   * messages {@link #read} gives for a file.
   *
   * @param content the text
   * @param name the name for messages
   * @param maxBytes the largest size accepted, counted in characters
   * @param raiseWith the option or argument that raises the limit, or null when there is none
   * @throws InvalidInputException naming the input when it is too large or not text
   */
  public static void requireText(
      String content, String name, long maxBytes, @Nullable String raiseWith) {
    if (content.length() > maxBytes) {
      throw tooLarge(name, content.length() + " characters", maxBytes, raiseWith);
    }
    int nul = content.indexOf('\0');
    if (nul >= 0) {
      throw notText(name, "a NUL character at offset " + nul);
    }
  }

  /**
   * Refuses blank text: {@code NAME:1:1: the file is empty: expected EXPECTED}.
   *
   * @param content the text
   * @param name the name for messages
   * @param expected what the input should hold, e.g. {@code iptables-save output}
   * @throws InvalidInputException when the text is empty or only white space
   */
  public static void requireContent(String content, String name, String expected) {
    if (content.isBlank()) {
      throw empty(name, expected);
    }
  }

  /**
   * Returns the one message for an empty input.
   *
   * @param name the name for messages
   * @param expected what the input should hold
   * @return {@code NAME:1:1: the file is empty: expected EXPECTED}, located at the start
   */
  public static InvalidInputException empty(String name, String expected) {
    return new InvalidInputException(
        name, 1, 1, "", "the file is empty: expected " + expected, null);
  }

  private static InvalidInputException tooLarge(
      String name, String size, long maxBytes, @Nullable String raiseWith) {
    return new InvalidInputException(
        name,
        "the file is too large ("
            + size
            + "; the limit is "
            + maxBytes
            + " bytes): check that it is the right file"
            + (raiseWith == null ? "" : ", or raise the limit (" + raiseWith + ")"));
  }

  private static InvalidInputException notText(String name, String found) {
    return new InvalidInputException(
        name, "is not a text file (it holds " + found + "): give a text file, saved as UTF-8");
  }

  private static InvalidInputException cannotRead(String name, IOException e) {
    String why = e.getMessage();
    String detail =
        why == null || why.isBlank() || why.equals(name)
            ? e.getClass().getSimpleName()
            : why.startsWith(name + ": ") ? why.substring(name.length() + 2) : why;
    return new InvalidInputException(name, 0, 0, null, "cannot read the file: " + detail, e);
  }
}
