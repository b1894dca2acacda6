package io.parley.admin.cli;

import com.typesafe.config.Config;
import io.parley.config.ConfigLoader;
import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * {@code parley <command>}: the commands that talk to a running node over its management HTTP
 * server. Starting a node is not one of them: {@code parley} alone (or {@code parley run}) does
 * that, in {@code io.parley.app.Main}.
 */
@Command(name = "parley", subcommands = {SubscriberCommand.class, DomainCommand.class, PeerCommand.class,
    BanCommand.class, CdrCommand.class, DialogsCommand.class, DialogCommand.class, RegistrationsCommand.class,
    RegistrationCommand.class, StatsCommand.class, ClusterCommand.class},
    synopsisSubcommandLabel = "COMMAND",
    description = {"Parley, a clustered SIP proxy and registrar.",
        "With no command, or with 'run', starts a node; the commands below talk to a running one."},
    footer = {"", "Examples:", "  parley subscriber add alice@example.com",
        "  parley subscriber list --domain example.com", "  parley subscriber remove alice@example.com",
        "  parley domain add example.org", "  parley domain list",
        "  parley peer add 192.0.2.0/24 --description gw1", "  parley ban list",
        "  parley subscriber update alice@example.com --max-call-duration 2h",
        "  parley cdrs --caller alice@example.com --from 2026-12-06T00:00:00Z",
        "  parley dialogs --state confirmed --domain example.com", "  parley dialog end 3c26b1f4@192.0.2.10",
        "  parley registrations alice@example.com", "  parley registrations --domain example.com",
        "  parley registration remove alice@example.com --contact sip:alice@127.0.0.1:5062", "  parley stats",
        "  parley cluster"})
public final class ParleyCli {
  /** The management address when the configuration names none that a client can use. */
  static final String FALLBACK_MANAGEMENT = "http://127.0.0.1:8558";

  @Option(names = {"-h", "--help"}, usageHelp = true, scope = ScopeType.INHERIT, description = "Show this help.")
  boolean help;

  @Option(names = "--management", paramLabel = "URL", scope = ScopeType.INHERIT,
      description = {"The node's management HTTP server. Default: where this configuration puts it "
          + "(pekko.management.http.hostname and port, read as the node reads them), else " + FALLBACK_MANAGEMENT + ".",
          "The management token, if the node has one, is read from PARLEY_MANAGEMENT_TOKEN or "
          + "parley.management.token."})
  String management;

  private final Console console;
  private final InputStream stdin;

  private ParleyCli(Console console, InputStream stdin) {
    this.console = console;
    this.stdin = stdin;
  }

  /** Runs one command line; the exit status: 0 done, 1 failed, 2 wrong usage. */
  public static int run(String... args) {
    return commandLine(System.console(), System.in).execute(args);
  }

  /**
   * A command line reading passwords from {@code console} if there is one (not echoed), else the
   * first line of {@code stdin}; its output and errors go where picocli's {@code setOut}/
   * {@code setErr} say (System.out and System.err unless changed).
   */
  public static CommandLine commandLine(Console console, InputStream stdin) {
    CommandLine cl = new CommandLine(new ParleyCli(console, stdin));
    cl.setExecutionExceptionHandler((e, line, parsed) -> {
      if (e instanceof CliFailure) {
        line.getErr().println("parley: " + e.getMessage());
        line.getErr().flush();
        return CliFailure.EXIT;
      }
      throw e;
    });
    return cl;
  }

  ManagementClient client() {
    return new ManagementClient(management != null ? management : configuredManagement(), configuredToken());
  }

  /** The password for {@code aor}: typed without echo at a terminal, else the first line of stdin. */
  String readPassword(String aor) {
    if (console != null) {
      char[] typed = console.readPassword("Password for %s: ", aor);
      char[] again = typed == null ? null : console.readPassword("Again: ");
      if (typed == null || again == null || !new String(typed).equals(new String(again))) {
        throw new CliFailure("the passwords differ");
      }
      return new String(typed);
    }
    try {
      String line = new BufferedReader(new InputStreamReader(stdin, StandardCharsets.UTF_8)).readLine();
      if (line == null || line.isEmpty()) {
        throw new CliFailure("no password: give it after the address, or as the first line of stdin");
      }
      return line;
    } catch (IOException e) {
      throw new CliFailure("cannot read the password from stdin: " + e.getMessage());
    }
  }

  /**
   * The management token as the node reads it: {@code parley.management.token}, which
   * {@code PARLEY_MANAGEMENT_TOKEN} sets when no configuration file does; the variable alone if
   * the configuration cannot be read.
   */
  static Optional<String> configuredToken() {
    String token;
    try {
      token = ConfigLoader.load().getString("parley.management.token");
    } catch (RuntimeException e) {
      token = System.getenv("PARLEY_MANAGEMENT_TOKEN");
    }
    return Optional.ofNullable(token).filter(t -> !t.isBlank());
  }

  /** Where this configuration's node listens for management HTTP, as a client can reach it. */
  static String configuredManagement() {
    try {
      Config c = ConfigLoader.load();
      String host = c.getString("pekko.management.http.hostname");
      int port = c.getInt("pekko.management.http.port");
      if (port <= 0 || port > 65535) {
        return FALLBACK_MANAGEMENT;
      }
      if (host.isEmpty() || host.equals("0.0.0.0")) {
        host = "127.0.0.1";
      } else if (host.equals("::") || host.equals("[::]")) {
        host = "[::1]";
      } else if (host.indexOf(':') >= 0 && !host.startsWith("[")) {
        host = "[" + host + "]";
      }
      return "http://" + host + ":" + port;
    } catch (RuntimeException e) {
      // A configuration this command cannot read is the node's problem to report, not ours.
      return FALLBACK_MANAGEMENT;
    }
  }
}
