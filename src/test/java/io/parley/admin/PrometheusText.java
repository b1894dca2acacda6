package io.parley.admin;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * A strict parser of the Prometheus text exposition format, version 0.0.4 (the format's own
 * specification, "Exposition formats", text-based format): no Java library on Maven Central parses
 * it (the Prometheus client only writes it), so the tests read {@code GET /metrics} with this one
 * rather than with regular expressions over the body. It refuses what a Prometheus server would:
 * a malformed line, a bad metric or label name, a label value with an unknown escape or no
 * closing quote, a value that is no float, a second {@code # TYPE} or {@code # HELP} for a name,
 * a {@code # TYPE} after that family's samples, the samples of a family split into two groups,
 * a sample whose name does not belong to its declared family (for a histogram {@code _bucket}
 * with {@code le}, {@code _sum}, {@code _count}), and the same series twice.
 */
public final class PrometheusText {
  private static final Pattern METRIC_NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
  private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");
  private static final Set<String> TYPES = Set.of("counter", "gauge", "histogram", "summary", "untyped");

  /** One sample line. */
  public record Sample(String name, Map<String, String> labels, double value) {}

  /** One family: its declared type ("untyped" if none), help text, and samples in order. */
  public record Family(String name, String type, String help, List<Sample> samples) {}

  private final Map<String, Family> families;

  private PrometheusText(Map<String, Family> families) {
    this.families = families;
  }

  /** Thrown for the first line that breaks the format, naming its number. */
  public static final class FormatException extends RuntimeException {
    FormatException(int line, String why, String text) {
      super("line " + line + ": " + why + ": " + text);
    }
  }

  public Map<String, Family> families() {
    return Collections.unmodifiableMap(families);
  }

  /** Every sample name of every family (e.g. {@code x_bucket}, {@code x_count}). */
  public Set<String> sampleNames() {
    Set<String> names = new HashSet<>();
    families.values().forEach(f -> f.samples().forEach(s -> names.add(s.name())));
    return names;
  }

  /**
   * The value of the sample {@code name} whose labels include {@code labels} (pairs); the sum
   * when several match; NaN when none does.
   */
  public double value(String name, String... labels) {
    Map<String, String> want = new LinkedHashMap<>();
    for (int i = 0; i + 1 < labels.length; i += 2) {
      want.put(labels[i], labels[i + 1]);
    }
    double sum = 0;
    boolean found = false;
    for (Family f : families.values()) {
      for (Sample s : f.samples()) {
        if (s.name().equals(name) && s.labels().entrySet().containsAll(want.entrySet())) {
          sum += s.value();
          found = true;
        }
      }
    }
    return found ? sum : Double.NaN;
  }

  public static PrometheusText parse(String text) {
    Parser p = new Parser();
    String[] lines = text.split("\n", -1);
    if (!text.isEmpty() && !text.endsWith("\n")) {
      throw new FormatException(lines.length, "the last line has no line feed", lines[lines.length - 1]);
    }
    for (int i = 0; i < lines.length; i++) {
      p.line(i + 1, lines[i]);
    }
    Map<String, Family> families = new LinkedHashMap<>();
    p.families.forEach((name, m) ->
        families.put(name, new Family(name, m.type, m.help, Collections.unmodifiableList(m.samples))));
    return new PrometheusText(families);
  }

  private static final class Parser {
    final Map<String, MutableFamily> families = new LinkedHashMap<>();
    final Map<String, String> types = new TreeMap<>();
    final Set<String> helped = new HashSet<>();
    final Set<String> closed = new HashSet<>();
    final Set<String> series = new HashSet<>();
    String current;

    void line(int n, String line) {
      if (line.isEmpty()) {
        return;
      }
      if (line.startsWith("#")) {
        comment(n, line);
        return;
      }
      sample(n, line);
    }

    void comment(int n, String line) {
      String[] parts = line.split("[ \t]+", 4);
      if (parts.length < 2 || !parts[0].equals("#") || !(parts[1].equals("HELP") || parts[1].equals("TYPE"))) {
        return; // any other comment is ignored
      }
      if (parts.length < 3 || !METRIC_NAME.matcher(parts[2]).matches()) {
        throw new FormatException(n, "a " + parts[1] + " line without a valid metric name", line);
      }
      String name = parts[2];
      if (parts[1].equals("HELP")) {
        if (!helped.add(name)) {
          throw new FormatException(n, "a second HELP for " + name, line);
        }
        family(name).help = parts.length > 3 ? unescapeHelp(n, parts[3], line) : "";
        return;
      }
      if (parts.length != 4 || !TYPES.contains(parts[3])) {
        throw new FormatException(n, "a TYPE line needs one of " + TYPES, line);
      }
      if (types.containsKey(name)) {
        throw new FormatException(n, "a second TYPE for " + name, line);
      }
      if (families.containsKey(name) && !families.get(name).samples.isEmpty()) {
        throw new FormatException(n, "TYPE after the samples of " + name, line);
      }
      types.put(name, parts[3]);
      family(name).type = parts[3];
    }

    MutableFamily family(String name) {
      return families.computeIfAbsent(name, MutableFamily::new);
    }

    void sample(int n, String line) {
      int i = 0;
      while (i < line.length() && line.charAt(i) != '{' && line.charAt(i) != ' ' && line.charAt(i) != '\t') {
        i++;
      }
      String name = line.substring(0, i);
      if (!METRIC_NAME.matcher(name).matches()) {
        throw new FormatException(n, "a bad metric name", line);
      }
      Map<String, String> labels = new TreeMap<>();
      if (i < line.length() && line.charAt(i) == '{') {
        i = labels(n, line, i + 1, labels);
      }
      if (i >= line.length() || (line.charAt(i) != ' ' && line.charAt(i) != '\t')) {
        throw new FormatException(n, "no value", line);
      }
      String[] rest = line.substring(i).trim().split("[ \t]+");
      if (rest.length < 1 || rest.length > 2 || rest[0].isEmpty()) {
        throw new FormatException(n, "expected a value and at most a timestamp", line);
      }
      double value = number(n, rest[0], line);
      if (rest.length == 2) {
        try {
          Long.parseLong(rest[1]);
        } catch (NumberFormatException e) {
          throw new FormatException(n, "a timestamp must be an integer (milliseconds)", line);
        }
      }
      String familyName = familyOf(n, name, labels, line);
      if (!familyName.equals(current)) {
        if (closed.contains(familyName)) {
          throw new FormatException(n, "the samples of " + familyName + " are not in one group", line);
        }
        if (current != null) {
          closed.add(current);
        }
        current = familyName;
      }
      if (!series.add(name + labels)) {
        throw new FormatException(n, "the same series twice", line);
      }
      family(familyName).samples.add(new Sample(name, Collections.unmodifiableMap(labels), value));
    }

    /** The family a sample belongs to, checked against its declared type. */
    String familyOf(int n, String name, Map<String, String> labels, String line) {
      for (String suffix : List.of("_bucket", "_sum", "_count")) {
        if (name.endsWith(suffix)) {
          String base = name.substring(0, name.length() - suffix.length());
          String type = types.get(base);
          if ("histogram".equals(type) || "summary".equals(type)) {
            if (suffix.equals("_bucket") && (!type.equals("histogram") || !labels.containsKey("le"))) {
              throw new FormatException(n, "a bucket needs a histogram and an le label", line);
            }
            return base;
          }
        }
      }
      String type = types.get(name);
      if ("histogram".equals(type)) {
        throw new FormatException(n, "a histogram's samples are _bucket, _sum and _count", line);
      }
      if ("summary".equals(type) && !labels.containsKey("quantile")) {
        throw new FormatException(n, "a summary's own samples need a quantile label", line);
      }
      return name;
    }

    int labels(int n, String line, int i, Map<String, String> into) {
      while (true) {
        if (i < line.length() && line.charAt(i) == '}') {
          return i + 1;
        }
        int eq = line.indexOf('=', i);
        if (eq < 0) {
          throw new FormatException(n, "a label without '='", line);
        }
        String label = line.substring(i, eq).trim();
        if (!LABEL_NAME.matcher(label).matches() || label.startsWith("__")) {
          throw new FormatException(n, "a bad label name '" + label + "'", line);
        }
        i = eq + 1;
        if (i >= line.length() || line.charAt(i) != '"') {
          throw new FormatException(n, "a label value must be quoted", line);
        }
        StringBuilder value = new StringBuilder();
        i++;
        while (true) {
          if (i >= line.length()) {
            throw new FormatException(n, "a label value without its closing quote", line);
          }
          char c = line.charAt(i++);
          if (c == '"') {
            break;
          }
          if (c == '\\') {
            if (i >= line.length()) {
              throw new FormatException(n, "an escape at the end of the line", line);
            }
            char e = line.charAt(i++);
            switch (e) {
              case '\\' -> value.append('\\');
              case '"' -> value.append('"');
              case 'n' -> value.append('\n');
              default -> throw new FormatException(n, "an unknown escape \\" + e, line);
            }
          } else {
            value.append(c);
          }
        }
        if (into.put(label, value.toString()) != null) {
          throw new FormatException(n, "the label " + label + " twice", line);
        }
        if (i < line.length() && line.charAt(i) == ',') {
          i++;
        } else if (i >= line.length() || line.charAt(i) != '}') {
          throw new FormatException(n, "expected ',' or '}' after a label", line);
        }
      }
    }

    static double number(int n, String text, String line) {
      switch (text) {
        case "NaN":
          return Double.NaN;
        case "+Inf":
        case "Inf":
          return Double.POSITIVE_INFINITY;
        case "-Inf":
          return Double.NEGATIVE_INFINITY;
        default:
          if (!text.matches("[-+]?(\\d+\\.?\\d*|\\.\\d+)([eE][-+]?\\d+)?")) {
            throw new FormatException(n, "not a number: '" + text + "'", line);
          }
          return Double.parseDouble(text);
      }
    }

    static String unescapeHelp(int n, String text, String line) {
      StringBuilder b = new StringBuilder();
      for (int i = 0; i < text.length(); i++) {
        char c = text.charAt(i);
        if (c != '\\') {
          b.append(c);
          continue;
        }
        if (++i >= text.length()) {
          throw new FormatException(n, "an escape at the end of HELP", line);
        }
        char e = text.charAt(i);
        switch (e) {
          case '\\' -> b.append('\\');
          case 'n' -> b.append('\n');
          default -> throw new FormatException(n, "an unknown escape in HELP \\" + e, line);
        }
      }
      return b.toString();
    }
  }

  private static final class MutableFamily {
    final String name;
    String type = "untyped";
    String help = "";
    final List<Sample> samples = new ArrayList<>();

    MutableFamily(String name) {
      this.name = name;
    }
  }
}
