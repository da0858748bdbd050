package org.medledger.cli;

import org.medledger.node.application.Application;
import org.medledger.node.application.Applications;
import org.medledger.node.application.BenchmarkCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The `medledger` command. */
@Command(
    name = "medledger",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description = "MedLedger: a permissioned, BFT-ready ledger of proofs for healthcare consortia.",
    subcommands = {NetworkCommand.class, NodeCommand.class, DemoCommand.class, TxCommand.class, VerifyCommand.class, ReceiptCommand.class,
        BenchCommand.class, LoginCommand.class, ApiCommand.class, UserCommand.class,
        GovernanceCommand.class, CaCommand.class})
public final class Main {
  /** The release and the protocol version it runs: what an operator compares with a scheduled upgrade's. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {org.medledger.node.Release.CURRENT.describe()};
    }
  }

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /**
   * The command with each shipped application's subcommands added (the CLI names none itself):
   * its benchmarks under {@code bench}, the others at the top level.
   */
  static CommandLine commandLine() {
    CommandLine line = new CommandLine(new Main());
    CommandLine bench = line.getSubcommands().get("bench");
    for (Application application : Applications.onClassPath().all()) {
      for (Object command : application.commands()) {
        (command instanceof BenchmarkCommand ? bench : line).addSubcommand(command);
      }
    }
    return line
        .setExecutionExceptionHandler((e, cmd, parsed) -> {
          cmd.getErr().println("medledger: " + (e.getMessage() == null ? e.toString() : e.getMessage()));
          return 2;
        });
  }
}
