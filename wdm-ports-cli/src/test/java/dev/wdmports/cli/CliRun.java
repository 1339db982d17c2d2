package dev.wdmports.cli;

import java.io.PrintWriter;
import java.io.StringWriter;

/** The result of one CLI run: exit code, stdout and stderr. */
record CliRun(int exit, String out, String err) {
  static CliRun inProcess(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = WdmPortsCli.run(args, new PrintWriter(out), new PrintWriter(err));
    return new CliRun(code, out.toString(), err.toString());
  }
}
