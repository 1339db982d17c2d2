package dev.wdmports.cli;

import dev.wdmports.core.InvalidInputException;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Option;

/**
 * {@code --output FILE}: a report written to a file whole or not at all. It goes to a temporary
 * file beside FILE, is forced to the disk, and is then moved onto FILE in one step; when anything
 * fails (no such directory, permission, a read-only or full disk) the temporary file is deleted,
 * FILE is as it was, and the command exits 2 naming FILE and why.
 */
final class OutputOption {
  @Option(
      names = "--output",
      paramLabel = "FILE",
      description =
          "Write the report to FILE instead of standard output, whole or not at all (a temporary file beside it, moved into place once complete); a FILE that cannot be written is exit 2 and leaves FILE as it was.")
  @Nullable Path output;

  /**
   * Writes the report to {@code --output}, or prints it on standard output without it.
   *
   * @throws InvalidInputException naming the file and why, when it cannot be written
   */
  void write(PrintWriter out, String report) {
    if (output == null) {
      out.print(report);
      out.flush();
      return;
    }
    write(output, report);
  }

  static void write(Path file, String text) {
    Path target = file.toAbsolutePath();
    Path tmp = null;
    try {
      tmp = Files.createTempFile(target.getParent(), "." + target.getFileName() + ".", ".tmp");
      // A FileOutputStream, not a FileChannel: a command interrupted by a signal still writes
      // its partial report (a channel would close itself on the interrupt).
      try (FileOutputStream o = new FileOutputStream(tmp.toFile())) {
        o.write(text.getBytes(StandardCharsets.UTF_8));
        o.getFD().sync();
      }
      Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      if (tmp != null) {
        try {
          Files.deleteIfExists(tmp);
        } catch (IOException ignored) {
          // the directory refused the write; it refuses the clean-up too, and nothing was moved
        }
      }
      throw new InvalidInputException(
          "--output " + file, "cannot write it: " + why(e, target) + "; nothing was written");
    }
  }

  private static String why(IOException e, Path target) {
    if (e instanceof AccessDeniedException) {
      return "permission denied in " + target.getParent();
    }
    if (e instanceof NoSuchFileException) {
      return "no directory " + target.getParent();
    }
    if (e instanceof FileSystemException f && f.getReason() != null) {
      return f.getReason();
    }
    String m = e.getMessage();
    return m == null ? e.getClass().getSimpleName() : m;
  }
}
