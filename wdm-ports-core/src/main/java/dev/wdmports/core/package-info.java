/**
 * The vocabulary every other package speaks: immutable records with validating constructors. {@link
 * dev.wdmports.core.Component}s run on hosts, {@link dev.wdmports.core.PortRule}s say which
 * component talks to which on what {@link dev.wdmports.core.PortSet ports}, {@link
 * dev.wdmports.core.Operation}s (the push operations) need {@link dev.wdmports.core.Requirement}s,
 * and a deployment turns rules into concrete {@link dev.wdmports.core.Flow}s.
 *
 * <pre>{@code
 * Flow wakeUp = Flow.parse("10.10.0.5->10.10.8.20:80/tcp");
 * PortSet web = PortSet.parse("80,443,8443");
 * }</pre>
 *
 * <p>Bad input is an {@link dev.wdmports.core.InvalidInputException} (a {@link
 * dev.wdmports.core.WdmPortsException}) whose message names the value, its place ({@code
 * file:line:column} where there is one) and the fix.
 */
@NullMarked
package dev.wdmports.core;

import org.jspecify.annotations.NullMarked;
