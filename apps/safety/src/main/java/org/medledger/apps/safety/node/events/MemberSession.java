package org.medledger.apps.safety.node.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.medledger.client.MedLedgerClient;
import org.medledger.node.application.SignedCommand;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * A member's session for the adverse-event and signal commands: the applications' member mixin
 * ({@link SignedCommand}: her own key signs every transaction, the ledger judges the signer, never
 * the node; reads go with her token), and where to write a committed transaction's receipt.
 */
final class MemberSession {
  @Mixin
  SignedCommand caller = new SignedCommand();

  @Option(names = "--receipt", description = "write the committed transaction's receipt (JSON, checked offline by medledger verify) here")
  Path receipt;

  /** The member's client, signed in once for the command. */
  MedLedgerClient client() throws IOException {
    return caller.signedIn();
  }

  /** Signs {@code contract.method(args)}, submits it, waits for its commit; prints the outcome and the receipt. */
  int submit(String contract, String method, Map<String, String> args, String what) throws Exception {
    JsonNode r = caller.submit(contract, method, args);
    int code = SignedCommand.transactionOutcome(r, what);
    if (code != 0) {
      return code;
    }
    String txId = r.get("txId").asText();
    System.out.println("receipt: /v1/receipts/tx/" + txId);
    if (receipt != null) {
      JsonNode doc = client().transactionReceipt(txId);
      Files.writeString(receipt, new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(doc));
      System.out.println("receipt written to " + receipt);
    }
    return 0;
  }
}
