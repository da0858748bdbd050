package org.medledger.cli;

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
    int code = new CommandLine(new Main())
        .setExecutionExceptionHandler((e, cmd, parsed) -> {
          cmd.getErr().println("medledger: " + (e.getMessage() == null ? e.toString() : e.getMessage()));
          return 2;
        })
        .execute(args);
    System.exit(code);
  }
}
