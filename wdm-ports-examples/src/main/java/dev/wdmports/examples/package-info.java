/** Embedding examples: what users copy into installers, services and firewall tests. */
package dev.wdmports.examples;
