/**
 * What must be open: the built-in WDM catalog ({@link dev.wdmports.core.catalog.Catalogs#wdm()}, a
 * YAML resource with the provenance of every fact), and catalogs read from or written to JSON and
 * YAML files.
 *
 * <pre>{@code
 * Catalog wdm = Catalogs.wdm();
 * Catalog site = Catalogs.read(Path.of("my-catalog.yaml")); // may extend: wdm
 * }</pre>
 */
@NullMarked
package dev.wdmports.core.catalog;

import org.jspecify.annotations.NullMarked;
