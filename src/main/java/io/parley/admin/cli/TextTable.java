package io.parley.admin.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * Rows printed as a table for a person to read: a header line and columns padded to their
 * widest cell, two spaces apart, the last column not padded. A cell wider than {@link #MAX_CELL}
 * is cut with "…", so one long URI does not push every row off the screen ({@code --json} has
 * the whole value).
 */
final class TextTable {
  static final int MAX_CELL = 48;

  private final List<String[]> rows = new ArrayList<>();
  private final int columns;

  TextTable(String... header) {
    this.columns = header.length;
    rows.add(header);
  }

  TextTable row(String... cells) {
    if (cells.length != columns) {
      throw new IllegalArgumentException(columns + " cells expected, got " + cells.length);
    }
    String[] cut = new String[columns];
    for (int i = 0; i < columns; i++) {
      String c = cells[i] == null ? "" : cells[i].replaceAll("[\\r\\n\\t]", " ");
      cut[i] = c.length() <= MAX_CELL ? c : c.substring(0, MAX_CELL - 1) + "…";
    }
    rows.add(cut);
    return this;
  }

  void print(PrintWriter out) {
    int[] width = new int[columns];
    for (String[] r : rows) {
      for (int i = 0; i < columns; i++) {
        width[i] = Math.max(width[i], r[i].length());
      }
    }
    for (String[] r : rows) {
      StringBuilder b = new StringBuilder();
      for (int i = 0; i < columns; i++) {
        b.append(r[i]);
        if (i < columns - 1) {
          b.append(" ".repeat(width[i] - r[i].length() + 2));
        }
      }
      out.println(b.toString().stripTrailing());
    }
  }
}
