package dev.wdmports.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The result of one CLI run: exit code, stdout and stderr. */
record CliRun(int exit, String out, String err) {
  static CliRun inProcess(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = WdmPortsCli.run(args, new PrintWriter(out), new PrintWriter(err));
    return new CliRun(code, out.toString(), err.toString());
  }

  /** The command line that runs the packaged CLI jar with these arguments, on this test's JVM. */
  static List<String> jarCommand(String... args) {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    // The child runs under this JVM's locale (Turkish in the build's test runs), so that a
    // case-folding or number-formatting bug shows in the packaged CLI too.
    cmd.add("-Duser.language=" + Locale.getDefault().getLanguage());
    cmd.add("-Duser.country=" + Locale.getDefault().getCountry());
    cmd.add("-jar");
    cmd.add(System.getProperty("wdmports.jar", "target/wdm-ports.jar"));
    cmd.addAll(List.of(args));
    return cmd;
  }
}
