package org.medledger.cli;

import org.medledger.node.application.ApiOptions;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.medledger.client.ApiException;
import org.medledger.client.ClientIdentity;
import org.medledger.client.MedLedgerClient;
import org.medledger.client.TransactionBuilder;
import org.medledger.core.tx.Transaction;
import org.medledger.crypto.CryptoSuites;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "tx", description = "Transactions.", subcommands = TxCommand.Submit.class)
final class TxCommand {
  /** Exit codes of {@code tx submit}, distinct so a script can tell what happened. */
  static final int COMMITTED = 0;
  static final int FAILED = 1;
  static final int LOCAL_ERROR = 2;
  static final int REFUSED = 3;
  static final int NOT_YET_COMMITTED = 4;

  @Command(name = "submit", mixinStandardHelpOptions = true,
      description = "Sign a transaction with an identity folder (cert.pem, key.pem) and submit it.",
      exitCodeListHeading = "Exit codes:%n",
      exitCodeList = {
          "0:committed with a successful outcome (with --no-wait: accepted)",
          "1:committed, but its outcome is a failure (the printed outcome names why)",
          "2:bad usage or a local problem (a file, the genesis, the connection)",
          "3:refused by the node before ordering (login refused, unknown sender, bad argument, ...): nothing committed",
          "4:accepted, but not committed while the command waited (status pending)"})
  static final class Submit implements Callable<Integer> {
    @picocli.CommandLine.Mixin
    ApiOptions api;

    @Option(names = "--identity", required = true, description = "folder with cert.pem and key.pem")
    Path identity;

    @Option(names = "--contract", required = true)
    String contract;

    @Option(names = "--method", required = true)
    String method;

    @Option(names = "--arg", description = "argument as name=value; repeat for more")
    Map<String, String> args = new LinkedHashMap<>();

    @Option(names = "--no-wait", description = "return once accepted instead of once committed")
    boolean noWait;

    @Override
    public Integer call() throws Exception {
      MedLedgerClient client = api.client();
      JsonNode health = client.health();
      ClientIdentity id = ClientIdentity.load(CryptoSuites.byId(health.get("suite").asText()), identity);
      JsonNode r;
      try {
        client.login(id);
        Transaction tx = new TransactionBuilder(id, health.get("chainId").asText(), Clock.systemUTC()).build(contract, method, args);
        r = client.submit(tx, !noWait);
      } catch (ApiException e) {
        // Status 0: no answer from the node at all (its certificate, the connection), a local problem.
        System.err.println("medledger: " + (e.status() == 0 ? "" : "refused by the node: ") + e.getMessage());
        return e.status() == 0 ? LOCAL_ERROR : REFUSED;
      }
      System.out.println(r.toPrettyString());
      return exitCode(r, noWait);
    }
  }

  /** The exit code of a submission's answer: see {@link Submit}'s exit code list. */
  static int exitCode(JsonNode answer, boolean noWait) {
    if ("pending".equals(answer.path("status").asText())) {
      return noWait ? COMMITTED : NOT_YET_COMMITTED;
    }
    JsonNode outcome = answer.get("outcome");
    if (outcome == null) {
      return FAILED;
    }
    return outcome.path("success").asBoolean() ? COMMITTED : FAILED;
  }
}
