package org.medledger.apps.insurance.node;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.function.Supplier;
import org.medledger.client.ApiException;
import org.medledger.client.ClientIdentity;
import org.medledger.client.MedLedgerClient;
import org.medledger.core.tx.Transaction;
import org.medledger.crypto.Hash;
import org.medledger.crypto.Hex;
import org.medledger.node.BftTestNetwork;
import org.medledger.node.RunningValidators;

/**
 * What the insurance network tests say to the REST API the same way: a member logged in at one
 * validator, a signed transaction's body, a claim's JSON, waiting for a submission on every
 * validator (the next read may go to another), and a refusal's text. Each test keeps its own
 * assertions; these were three copies.
 */
final class InsuranceRequests {
  private static final ObjectMapper JSON = new ObjectMapper();

  private InsuranceRequests() {}

  static MedLedgerClient login(RunningValidators running, int node, BftTestNetwork.Member m) {
    MedLedgerClient c = new MedLedgerClient("http://127.0.0.1:" + running.node(node).apiPort());
    c.login(new ClientIdentity(running.node(node).genesis().cryptoSuite(), m.certificate(), m.keys().getPrivate()));
    return c;
  }

  static ObjectNode signed(Transaction tx) {
    return JSON.createObjectNode().put("transaction", Hex.encode(tx.encoded()));
  }

  static ObjectNode line(String category, String code, int quantity, long unit, String date) {
    return JSON.createObjectNode().put("category", category).put("code", code).put("quantity", quantity).put("unitAmount", unit)
        .put("dateOfService", date);
  }

  static ObjectNode claimBody(String policy, ObjectNode... lines) {
    ObjectNode b = JSON.createObjectNode().put("policy", policy).put("currency", "EUR");
    ArrayNode a = b.putArray("lines");
    for (ObjectNode l : lines) {
      a.add(l);
    }
    return b;
  }

  /** The committed, successful submission's transaction id (a policy's or claim's id), once every validator has committed it. */
  static String committed(RunningValidators running, JsonNode reply) throws InterruptedException {
    assertThat(reply.path("status").asText()).as(reply.toString()).isEqualTo("committed");
    assertThat(reply.path("outcome").path("success").asBoolean()).as(reply.toString()).isTrue();
    Hash id = Hash.fromHex(reply.get("txId").asText());
    RunningValidators.await("committed on every validator", 30_000,
        () -> running.nodes().stream().allMatch(n -> n.ledger().transaction(id).isPresent()));
    return id.hex();
  }

  /** The refusal's status and message, for a call that must be refused. */
  static String error(Supplier<?> call) {
    try {
      call.get();
      throw new AssertionError("the call was not refused");
    } catch (ApiException e) {
      return e.status() + " " + e.getMessage();
    }
  }
}
