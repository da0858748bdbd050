package org.medledger.cli;

import org.medledger.node.application.Application;
import org.medledger.node.application.Applications;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The `medledger` command. */
@Command(
    name = "medledger",
    mixinStandardHelpOptions = true,
    version = "medledger 0.1.0",
    description = "MedLedger: a permissioned, BFT-ready ledger of proofs for healthcare consortia.",
    subcommands = {NetworkCommand.class, NodeCommand.class, DemoCommand.class, TxCommand.class, VerifyCommand.class, ReceiptCommand.class, EpcisCommand.class,
        BenchCommand.class})
public final class Main {
  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /** The command with each shipped application's subcommands added (the CLI names none itself). */
  static CommandLine commandLine() {
    CommandLine line = new CommandLine(new Main());
    for (Application application : Applications.onClassPath().all()) {
      for (Object command : application.commands()) {
        line.addSubcommand(command);
      }
    }
    return line
        .setExecutionExceptionHandler((e, cmd, parsed) -> {
          cmd.getErr().println("medledger: " + (e.getMessage() == null ? e.toString() : e.getMessage()));
          return 2;
        });
  }
}
