package io.parley.admin.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code parley registrations [AOR]}: the bindings of one address of record, or of every
 * registered one (of a domain), from a running node ({@code io.parley.admin.RegistrationRoutes}).
 * A binding is printed as one tab-separated line: AOR, contact, seconds left, q, the source its
 * REGISTER came from, its flow, the node that holds it, its user agent; {@code -} for what it
 * lacks.
 */
@Command(name = "registrations",
    description = {"Show the registered contacts (bindings) of one address of record, or of all of them.",
        "A listing reads the journal's addresses of record a page at a time and asks each one's entity."})
final class RegistrationsCommand implements Callable<Integer> {
  /** The page size the command line asks for. */
  static final int PAGE = 500;

  @ParentCommand ParleyCli root;
  @Spec CommandSpec spec;

  @Parameters(index = "0", arity = "0..1", paramLabel = "AOR",
      description = "The address of record, e.g. alice@example.com; without it, every registered one.")
  String aor;

  @Option(names = "--domain", paramLabel = "DOMAIN", description = "Only this domain's (without AOR).")
  String domain;

  @Option(names = "--after", paramLabel = "AOR", description = "Start after this address of record (without AOR).")
  String after;

  @Option(names = "--limit", paramLabel = "N",
      description = "Look at N addresses of record at most (default: all); those without bindings are not shown.")
  Integer limit;

  @Option(names = "--json", description = "Print the node's JSON answer (for a listing, one page per line).")
  boolean json;

  static String line(String aor, JsonNode b) {
    return aor + '\t' + b.path("contact").asText() + '\t' + b.path("expires").asLong() + "s\tq="
        + text(b.path("q")) + '\t' + text(b.path("received")) + (b.path("behind_nat").asBoolean(false) ? " (nat)" : "")
        + '\t' + text(b.path("flow")) + '\t'
        + text(b.path("node")) + '\t' + text(b.path("user_agent"));
  }

  /** A value on one line of its column: tabs and line breaks as spaces, {@code -} when absent. */
  private static String text(JsonNode v) {
    return v.isMissingNode() || v.isNull() || v.asText().isEmpty() ? "-" : v.asText().replaceAll("[\\t\\r\\n]", " ");
  }

  private static void print(PrintWriter out, JsonNode registration) {
    String name = registration.path("aor").asText();
    registration.path("bindings").forEach(b -> out.println(line(name, b)));
  }

  @Override
  public Integer call() {
    ManagementClient client = root.client();
    PrintWriter out = spec.commandLine().getOut();
    if (aor != null) {
      if (domain != null || after != null || limit != null) {
        throw new CliFailure("--domain, --after and --limit list many addresses of record; not with AOR");
      }
      String body = client.call("GET", "/registrations/" + ManagementClient.segment(aor), null, 200);
      if (json) {
        out.println(body);
      } else {
        print(out, ManagementClient.json(body));
      }
      out.flush();
      return 0;
    }
    String filter = domain == null ? "" : "&domain=" + ManagementClient.segment(domain);
    String from = after;
    int left = limit == null ? Integer.MAX_VALUE : limit;
    while (left > 0) {
      int ask = Math.min(left, PAGE);
      String body = client.call("GET", "/registrations?limit=" + ask + filter
          + (from == null ? "" : "&after=" + ManagementClient.segment(from)), null, 200);
      JsonNode page = ManagementClient.json(body);
      if (json) {
        out.println(body);
      } else {
        page.path("registrations").forEach(r -> print(out, r));
      }
      JsonNode next = page.path("next");
      if (next.isMissingNode() || next.isNull()) {
        break;
      }
      from = next.asText();
      left -= ask;
    }
    out.flush();
    return 0;
  }
}
