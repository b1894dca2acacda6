package io.parley.admin.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code parley registration remove AOR [--contact URI]}: removes bindings of a running node's
 * location service ({@code DELETE /registrations/{aor}}), as a REGISTER with expires 0 would.
 */
@Command(name = "registration", synopsisSubcommandLabel = "COMMAND",
    description = "Remove registered contacts (bindings); 'parley registrations' shows them.",
    subcommands = {RegistrationCommand.Remove.class})
final class RegistrationCommand extends CommandGroup {

  @Command(name = "remove", description = {"Remove every binding of an address of record, or the one with "
      + "--contact. The phone registers again at its next refresh."})
  static final class Remove extends SubCommand {
    @Parameters(index = "0", paramLabel = "AOR", description = "The address of record, e.g. alice@example.com.")
    String aor;

    @Option(names = "--contact", paramLabel = "URI", description = "Only the binding with this contact URI.")
    String contact;

    @Override
    public Integer call() {
      String query = contact == null ? "" : "?contact=" + ManagementClient.segment(contact);
      parent.client().call("DELETE", "/registrations/" + ManagementClient.segment(aor) + query, null, 204);
      CommandOutput.done(spec, "removed " + (contact == null ? "the bindings of " + aor : contact + " of " + aor));
      return 0;
    }
  }
}
