package org.medledger.cli;

import org.medledger.node.application.ApiOptions;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.medledger.client.ClientIdentity;
import org.medledger.client.MedLedgerClient;
import org.medledger.client.TransactionBuilder;
import org.medledger.core.tx.Transaction;
import org.medledger.crypto.CryptoSuites;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "tx", description = "Transactions.", subcommands = TxCommand.Submit.class)
final class TxCommand {
  @Command(name = "submit", mixinStandardHelpOptions = true,
      description = "Sign a transaction with an identity folder (cert.pem, key.pem) and submit it.")
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
      client.login(id);
      Transaction tx = new TransactionBuilder(id, health.get("chainId").asText(), Clock.systemUTC()).build(contract, method, args);
      JsonNode r = client.submit(tx, !noWait);
      System.out.println(r.toPrettyString());
      JsonNode outcome = r.get("outcome");
      return outcome == null || outcome.path("success").asBoolean() ? 0 : 1;
    }
  }
}
