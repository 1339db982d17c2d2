package dev.wdmports.core;

/**
 * The file formats of catalogs and deployments: what {@code Catalogs.write} and {@code
 * Deployments.write} produce, and what their readers accept (by the file's extension, else by its
 * first character).
 *
 * @since 0.1.0
 */
public enum DocumentFormat {
  /** JSON. */
  JSON,
  /** YAML 1.1, as read by SnakeYAML. */
  YAML
}
