/**
 * Not API: the machinery core's API packages and its sibling modules share (the one reader of
 * located YAML and JSON trees, the one bounded read of text files, binding errors to the place in
 * the input, the JSON and YAML writers, enum ids). {@code module-info.java} exports this package
 * only to the firewall, probe, exporter and CLI modules, and the Javadoc leaves it out; its classes
 * are public only so that those can use them, and may change or go in any release.
 */
@NullMarked
package dev.wdmports.core.internal;

import org.jspecify.annotations.NullMarked;
