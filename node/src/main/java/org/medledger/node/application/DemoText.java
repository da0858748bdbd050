package org.medledger.node.application;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import org.medledger.crypto.CryptoSuite;
import org.medledger.crypto.Hex;

/** How the demo story words what it prints, the same in every application's chapter. */
public final class DemoText {
  private DemoText() {}

  /** A submission's answer in words: committed or refused (with the code) at a height, else its status. */
  public static String describe(JsonNode reply) {
    JsonNode o = reply.path("outcome");
    if (o.isMissingNode()) {
      return reply.path("status").asText();
    }
    return (o.path("success").asBoolean() ? "committed" : "refused by contract (" + o.path("code").asText() + ")")
        + " at height " + reply.path("height").asText();
  }

  /** The suite's hash of {@code content}, in hex: a document's fingerprint as the story anchors it. */
  public static String fingerprint(CryptoSuite suite, String content) {
    return Hex.encode(suite.hash().hash(content.getBytes(StandardCharsets.UTF_8)));
  }
}
