package io.parley.message;

/**
 * Finds the {@code tag} parameter of a From or To value without parsing its URI
 * (RFC 3261 §20.20, §20.39, §25.1 {@code to-param}). Parameters count only outside quoted
 * strings and outside {@code <...>}; without angle brackets every {@code ;} parameter after the
 * URI is a header parameter (§20.10).
 */
final class ToTag {
  private ToTag() {}

  /** The position of the tag value in {@code [off, end)}, or -1 if there is no tag. */
  static int valueStart(byte[] b, int off, int end) {
    int p = off;
    while (p < end) {
      byte c = b[p];
      if (c == '"') {
        p = Lex.scanQuotedString(b, p, end);
        if (p < 0) {
          return -1;
        }
      } else if (c == '<') {
        while (p < end && b[p] != '>') {
          p++;
        }
        if (p >= end) {
          return -1;
        }
        p++;
      } else if (c == ';') {
        int n = Lex.skipLws(b, p + 1, end);
        int ne = Lex.scanToken(b, n, end);
        if (Lex.equalsIgnoreCase(b, n, ne, "tag")) {
          int eq = Lex.skipLws(b, ne, end);
          if (eq < end && b[eq] == '=') {
            int v = Lex.skipLws(b, eq + 1, end);
            if (Lex.scanToken(b, v, end) > v) {
              return v;
            }
          }
        }
        p = Math.max(ne, p + 1);
      } else {
        p++;
      }
    }
    return -1;
  }
}
