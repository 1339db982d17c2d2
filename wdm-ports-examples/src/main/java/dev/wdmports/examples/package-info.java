/** Embedding examples: what users copy into installers, services and firewall tests. */
@NullMarked
package dev.wdmports.examples;

import org.jspecify.annotations.NullMarked;
