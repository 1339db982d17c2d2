package dev.wdmports.core.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * A plain-text table with columns padded to their widest cell, and its Markdown form: the one table
 * writer of the reports and the CLI. Not API.
 */
public final class TextTable {
  private final List<String[]> rows = new ArrayList<>();
  private final String[] header;

  /** A table with these column headings. */
  public TextTable(String... header) {
    this.header = header;
  }

  /** Adds a row; a missing or null cell is empty. */
  public TextTable row(Object... cells) {
    String[] r = new String[header.length];
    for (int i = 0; i < r.length; i++) {
      r[i] = i < cells.length && cells[i] != null ? String.valueOf(cells[i]) : "";
    }
    rows.add(r);
    return this;
  }

  /** The table as text, columns padded, no trailing spaces. */
  public String text() {
    int[] w = new int[header.length];
    for (int i = 0; i < w.length; i++) {
      w[i] = header[i].length();
      for (String[] r : rows) {
        w[i] = Math.max(w[i], r[i].length());
      }
    }
    StringBuilder sb = new StringBuilder();
    line(sb, header, w);
    for (String[] r : rows) {
      line(sb, r, w);
    }
    return sb.toString();
  }

  private static void line(StringBuilder sb, String[] cells, int[] w) {
    StringBuilder l = new StringBuilder();
    for (int i = 0; i < cells.length; i++) {
      l.append(cells[i]);
      if (i < cells.length - 1) {
        l.append(" ".repeat(w[i] - cells[i].length() + 2));
      }
    }
    sb.append(l.toString().stripTrailing()).append('\n');
  }

  /** The table in Markdown. */
  public String markdown() {
    StringBuilder sb = new StringBuilder("| ").append(String.join(" | ", header)).append(" |\n|");
    sb.append(" --- |".repeat(header.length)).append('\n');
    for (String[] r : rows) {
      sb.append("| ");
      for (int i = 0; i < r.length; i++) {
        sb.append(r[i].replace("|", "\\|")).append(i < r.length - 1 ? " | " : " |\n");
      }
    }
    return sb.toString();
  }
}
