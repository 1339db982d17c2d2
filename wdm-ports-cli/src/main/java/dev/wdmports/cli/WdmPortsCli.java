package dev.wdmports.cli;

import dev.wdmports.core.InvalidInputException;
import dev.wdmports.core.internal.Messages;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.util.List;
import java.util.Properties;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * The {@code wdm-ports} command line. Exit codes: 0 everything required holds; 1 the check ran and
 * something required does not hold; 2 usage error or bad input (one line on stderr, no stack
 * trace); 3 internal error.
 *
 * @since 0.1.0
 */
@Command(
    name = "wdm-ports",
    mixinStandardHelpOptions = true,
    versionProvider = WdmPortsCli.Version.class,
    description = "Executable port requirements for Wyse Device Manager.",
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:everything required holds",
      "1:the check ran and something required does not hold",
      "2:usage error or bad input",
      "3:internal error"
    })
public final class WdmPortsCli {
  /** The subcommands, in the order help lists them. */
  private static final List<Class<?>> SUBCOMMANDS =
      List.of(
          CatalogCommand.class,
          GraphCommand.class,
          ImpactCommand.class,
          ProbeCommand.class,
          PreflightCommand.class,
          ExporterCommand.class,
          FirewallCommand.class,
          DemoCommand.class);

  /** Everything required holds. */
  public static final int OK = 0;

  /** The check ran and something required does not hold. */
  public static final int FAILED = 1;

  /** Usage error or bad input. */
  public static final int BAD_INPUT = 2;

  /** Internal error. */
  public static final int INTERNAL = 3;

  private WdmPortsCli() {}

  /**
   * Runs the command line and exits the JVM with its exit code.
   *
   * @param args the arguments
   */
  public static void main(String[] args) {
    StartupWarmUp.start(args);
    int code = run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true));
    // System.out is a PrintStream, which keeps its write errors to itself.
    if (System.out.checkError() && code != BAD_INPUT) {
      System.err.println(STDOUT_FAILED);
      code = BAD_INPUT;
    }
    System.exit(code);
  }

  /**
   * Runs the command line without exiting, for tests and embedding.
   *
   * @param args the arguments
   * @param out standard output
   * @param err standard error
   * @return the exit code
   */
  public static int run(String[] args, PrintWriter out, PrintWriter err) {
    CommandLine cl = commandLine(args);
    cl.setOut(out);
    cl.setErr(err);
    boolean debug = java.util.Arrays.asList(args).contains("--debug");
    cl.setParameterExceptionHandler(
        (ParameterException e, String[] a) -> {
          err.println("wdm-ports: " + oneLine(Messages.of(e)) + suggestion(e) + " (see --help)");
          err.flush();
          return BAD_INPUT;
        });
    cl.setExecutionExceptionHandler(
        (Exception e, CommandLine c, CommandLine.ParseResult r) -> {
          if (e instanceof InvalidInputException || e instanceof IllegalArgumentException) {
            err.println(oneLine(Messages.of(e)));
            if (debug) {
              e.printStackTrace(err);
            }
            err.flush();
            return BAD_INPUT;
          }
          err.println(
              "wdm-ports: internal error: "
                  + oneLine(String.valueOf(e))
                  + " (rerun with --debug for the stack trace)");
          if (debug) {
            e.printStackTrace(err);
          }
          err.flush();
          return INTERNAL;
        });
    int code = cl.execute(args);
    out.flush();
    if (out.checkError()) {
      err.println(STDOUT_FAILED);
      code = BAD_INPUT;
    }
    err.flush();
    return code;
  }

  /**
   * Said when standard output cannot take the output (a full disk, a closed pipe): a report cut
   * short must not pass for a report.
   */
  static final String STDOUT_FAILED =
      "wdm-ports: cannot write the output to standard output (a full disk, or a reader that went"
          + " away): it is incomplete; use --output FILE for a report written whole or not at all";

  /**
   * Builds the command line for these arguments. picocli builds a command's model by reflection
   * over its options when the command is added; a command line that starts with a subcommand's name
   * needs only that one, so only that one is added (about 70 ms less of every start on a small
   * machine). Anything else (no arguments, {@code --help}, a misspelt command) gets them all, so
   * that help and suggestions are complete.
   */
  static CommandLine commandLine(String... args) {
    CommandLine cl = new CommandLine(new WdmPortsCli());
    String first = args.length > 0 ? args[0] : "";
    List<Class<?>> named = SUBCOMMANDS.stream().filter(c -> nameOf(c).equals(first)).toList();
    for (Class<?> c : named.isEmpty() ? SUBCOMMANDS : named) {
      cl.addSubcommand(c);
    }
    cl.setCaseInsensitiveEnumValuesAllowed(true);
    cl.setExitCodeExceptionMapper(e -> e instanceof ParameterException ? BAD_INPUT : INTERNAL);
    return cl;
  }

  private static String nameOf(Class<?> command) {
    return command.getAnnotation(Command.class).name();
  }

  /** picocli's close matches for a mistyped command or option, e.g. impact for impct. */
  private static String suggestion(ParameterException e) {
    if (e instanceof UnmatchedArgumentException u) {
      List<String> close = u.getSuggestions();
      if (!close.isEmpty()) {
        return ": did you mean " + String.join(" or ", close) + "?";
      }
    }
    return "";
  }

  private static String oneLine(String s) {
    if (s == null) {
      return "";
    }
    int nl = s.indexOf('\n');
    return (nl < 0 ? s : s.substring(0, nl)).strip();
  }

  /**
   * The project version: from {@code version.properties} (filled in by the build's resource
   * filtering, so right in the jar and in tests alike), else from the jar manifest.
   */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"wdm-ports " + version()};
    }

    static String version() {
      try (InputStream in = WdmPortsCli.class.getResourceAsStream("version.properties")) {
        if (in != null) {
          Properties p = new Properties();
          p.load(in);
          String v = p.getProperty("version", "");
          if (!v.isBlank() && !v.startsWith("${")) {
            return v.strip();
          }
        }
      } catch (IOException e) {
        // fall through to the manifest
      }
      String v = WdmPortsCli.class.getPackage().getImplementationVersion();
      return v == null ? "(version unknown: built without Maven resource filtering)" : v;
    }
  }
}
