package dev.wdmports.core.catalog;

/** The file formats of catalogs and deployments. */
public enum CatalogFormat {
  /** JSON. */
  JSON,
  /** YAML 1.1, as read by SnakeYAML. */
  YAML
}
