package org.medledger.apps.safety.node.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.medledger.client.ApiException;
import org.medledger.client.ClientIdentity;
import org.medledger.client.MedLedgerClient;
import org.medledger.client.TransactionBuilder;
import org.medledger.crypto.CryptoSuites;
import org.medledger.node.application.ApiOptions;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * A member's session for the adverse-event commands: her own key signs every transaction (the
 * ledger judges the signer, never the node), and reads go with her token.
 */
final class MemberSession {
  @Mixin
  ApiOptions api;

  @Option(names = "--identity", required = true, description = "folder with the member's cert.pem and key.pem")
  Path identity;

  @Option(names = "--receipt", description = "write the committed transaction's receipt (JSON, checked offline by medledger verify) here")
  Path receipt;

  private MedLedgerClient client;
  private ClientIdentity id;
  private JsonNode health;

  MedLedgerClient client() throws java.io.IOException {
    if (client == null) {
      client = api.client();
      health = client.health();
      id = ClientIdentity.load(CryptoSuites.byId(health.get("suite").asText()), identity);
      client.login(id);
    }
    return client;
  }

  /** Signs {@code contract.method(args)}, submits it, waits for its commit; prints the outcome and the receipt. */
  int submit(String contract, String method, Map<String, String> args, String what) throws Exception {
    MedLedgerClient c = client();
    var tx = new TransactionBuilder(id, health.get("chainId").asText(), Clock.systemUTC()).build(contract, method, args);
    JsonNode r = c.submit(tx, true);
    JsonNode o = r.path("outcome");
    if (!o.path("success").asBoolean()) {
      System.out.println("refused: " + o.path("code").asText() + ": " + o.path("message").asText());
      return 1;
    }
    String txId = r.get("txId").asText();
    System.out.println(what + ": transaction " + txId + " committed at height " + r.path("height").asText());
    System.out.println("receipt: /v1/receipts/tx/" + txId);
    if (receipt != null) {
      JsonNode doc = c.transactionReceipt(txId);
      Files.writeString(receipt, new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(doc));
      System.out.println("receipt written to " + receipt);
    }
    return 0;
  }

  interface Action {
    int run() throws Exception;
  }

  static int answered(Action action) throws Exception {
    try {
      return action.run();
    } catch (ApiException e) {
      System.err.println("medledger: " + e.getMessage());
      return 1;
    }
  }
}
