package dev.wdmports.cli;

import picocli.CommandLine.Option;

/**
 * The {@code --debug} option. {@link WdmPortsCli} reads it from the arguments before parsing, so
 * that a parse error also gets its stack trace; the field only declares it to picocli.
 */
final class DebugOption {
  @Option(names = "--debug", description = "Print stack traces of errors.")
  boolean debug;
}
