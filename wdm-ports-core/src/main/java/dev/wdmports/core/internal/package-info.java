/**
 * Not API: the machinery core's API packages share (reading YAML and JSON trees into the model,
 * binding errors to the place in the input, the JSON writers, enum ids). {@code module-info.java}
 * does not export this package and the Javadoc leaves it out; its classes are public only so that
 * core's other packages can use them, and may change or go in any release.
 */
package dev.wdmports.core.internal;
