/**
 * The {@code wdm-ports} command line. Its contract is the commands, options, output formats, JSON
 * fields and exit codes that {@code docs/cli.md} documents, not these classes: {@link
 * dev.wdmports.cli.WdmPortsCli#main(String[])} and {@code WdmPortsCli.run} are the entry points,
 * and {@link dev.wdmports.cli.DemoLab} the demo's lab, which the examples reuse.
 *
 * <pre>{@code
 * PrintWriter out = new PrintWriter(System.out, true);
 * int exit = WdmPortsCli.run(new String[] {"impact", "--closed", "443"}, out, out);
 * }</pre>
 */
@NullMarked
package dev.wdmports.cli;

import org.jspecify.annotations.NullMarked;
