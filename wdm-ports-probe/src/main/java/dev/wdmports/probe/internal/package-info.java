/**
 * Not API: the built-in checkers, the sockets, scanners and selector loops of the probe engine, and
 * TLS (handshakes, host-name matching, the warm-up). {@code module-info.java} does not export this
 * package and the Javadoc leaves it out; its classes are public only so that {@code
 * dev.wdmports.probe} can use them, and may change or go in any release. Checkers are found by id
 * through {@code CheckerRegistry}, never by class.
 *
 * <p>Not {@code @NullMarked}: NullAway does not check this package (its nullness is unspecified).
 */
package dev.wdmports.probe.internal;
