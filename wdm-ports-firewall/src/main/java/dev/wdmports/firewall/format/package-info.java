/**
 * Firewall formats: parsers that read a {@link dev.wdmports.firewall.FirewallPolicy} ({@link
 * dev.wdmports.firewall.format.PolicyFormat}: iptables-save, nft JSON, nft text, netsh, PowerShell
 * JSON, AWS security groups) and generators that write the rules opening a host's flows ({@link
 * dev.wdmports.firewall.format.FirewallGenerator}: iptables, nftables, netsh, PowerShell).
 *
 * <pre>{@code
 * FirewallPolicy p = PolicyFormat.fromId("iptables-save").read(Path.of("rules.v4"));
 * String rules = FirewallGenerator.NFTABLES.generate(requests);
 * }</pre>
 *
 * <p>Every parser reports malformed input as {@link dev.wdmports.core.InvalidInputException} with
 * {@code source:line:column: what is wrong}, and names the format a file looks like when it is
 * another one.
 */
@NullMarked
package dev.wdmports.firewall.format;

import org.jspecify.annotations.NullMarked;
