package org.medledger.cli;

import java.util.ServiceLoader;
import org.medledger.node.application.Application;
import org.medledger.node.application.BenchmarkCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The `medledger` command. */
@Command(
    name = "medledger",
    mixinStandardHelpOptions = true,
    version = "medledger 0.1.0",
    description = "MedLedger: a permissioned, BFT-ready ledger of proofs for healthcare consortia.",
    subcommands = {NetworkCommand.class, NodeCommand.class, DemoCommand.class, TxCommand.class, VerifyCommand.class, ReceiptCommand.class, PatientCommand.class,
        BenchCommand.class})
public final class Main {
  public static void main(String[] args) {
    CommandLine commandLine = new CommandLine(new Main());
    mountApplicationCommands(commandLine);
    int code = commandLine
        .setExecutionExceptionHandler((e, cmd, parsed) -> {
          cmd.getErr().println("medledger: " + (e.getMessage() == null ? e.toString() : e.getMessage()));
          return 2;
        })
        .execute(args);
    System.exit(code);
  }

  /** Each application's subcommands: its benchmarks under {@code bench}, the others at the top level. */
  static void mountApplicationCommands(CommandLine commandLine) {
    CommandLine bench = commandLine.getSubcommands().get("bench");
    for (Application application : ServiceLoader.load(Application.class)) {
      for (Object command : application.commands()) {
        (command instanceof BenchmarkCommand ? bench : commandLine).addSubcommand(command);
      }
    }
  }
}
