package org.medledger.apps.safety.node.readings;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.medledger.crypto.Hex;
import org.medledger.node.api.ApiError;
import org.medledger.node.api.Requests;
import org.medledger.node.application.ApiRoutes;
import org.medledger.node.application.BodyLimit;
import org.medledger.node.auth.AuthException;
import org.medledger.node.auth.Identity;

/**
 * {@code POST /v1/safety/readings}: devices (or the hub beside them) hand the gateway signed
 * readings. It is public: a reading's own signature, checked against the key the ledger registers
 * for its unit, is what admits it, as a home monitor holds no member certificate. {@code GET
 * /v1/safety/readings/receipt?udi=…&sequence=…}: one reading's receipt, for the gateway's
 * organisation's clinicians only, since it carries the reading's value, a patient's health data.
 */
final class ReadingRoutes {
  static final int MAX_PER_REQUEST = 1_000;
  private final ReadingGateway gateway;
  private final ReadingReceipts receipts;
  private final String organisation;

  ReadingRoutes(ReadingGateway gateway, ReadingReceipts receipts, String organisation) {
    this.gateway = gateway;
    this.receipts = receipts;
    this.organisation = organisation;
  }

  void register(ApiRoutes routes) {
    // A request of many readings is a document of many events (BULK, as an EPCIS capture), bounded by MAX_PER_REQUEST.
    routes.add(HandlerType.POST, "/v1/safety/readings", ApiRoutes.Access.PUBLIC, BodyLimit.BULK, this::submit);
    // A receipt carries a patient's measurement: each refusal is filed in the node's refusal log.
    routes.servingHealthData().get("/v1/safety/readings/receipt", this::receipt);
  }

  private void submit(Context ctx) {
    JsonNode body = Requests.body(ctx);
    JsonNode list = body.get("readings");
    if (list == null || !list.isArray() || list.isEmpty() || list.size() > MAX_PER_REQUEST) {
      throw ApiError.badRequest("'readings' must be a list of 1-" + MAX_PER_REQUEST + " signed readings, each the hex of its bytes"
          + " (docs/safety.md, \"Device readings\")");
    }
    List<Map<String, Object>> results = new ArrayList<>();
    int accepted = 0;
    for (JsonNode item : list) {
      Map<String, Object> r = new LinkedHashMap<>();
      try {
        byte[] bytes;
        try {
          bytes = Hex.decode(item.asText(""));
        } catch (IllegalArgumentException e) {
          throw new ReadingRefused("malformed", "not hex: " + e.getMessage());
        }
        ReadingGateway.Accepted a = gateway.accept(bytes);
        r.put("status", "accepted");
        r.put("udi", a.udi());
        r.put("sequence", Long.toString(a.sequence()));
        accepted++;
      } catch (ReadingRefused e) {
        r.put("status", "refused");
        r.put("error", e.code());
        r.put("message", e.getMessage());
      }
      results.add(r);
    }
    if (accepted == 0 && results.size() == 1) {
      Map<String, Object> only = results.get(0);
      throw new ApiError(400, (String) only.get("error"), (String) only.get("message"));
    }
    ctx.status(accepted == 0 ? 400 : 202).json(Map.of("accepted", accepted, "refused", results.size() - accepted, "results", results));
  }

  private void receipt(Context ctx) {
    Identity who = Requests.identity(ctx);
    if (!who.organisation().equals(organisation)) {
      throw AuthException.forbidden("this gateway serves receipts of its readings to members of " + organisation + " only");
    }
    if (!who.hasRole("clinician")) {
      // A receipt carries a patient's measurement: the hospital's clinicians read it, not its admins, who read no clinical
      // content on its ground (least privilege, docs/security.md), nor any other member.
      throw AuthException.forbidden("a reading's receipt is for a clinician of " + organisation + ", you have '" + who.role()
          + "'");
    }
    String udi = ctx.queryParam("udi");
    if (udi == null || udi.isEmpty()) {
      throw ApiError.badRequest("give the reading's device as ?udi=…");
    }
    long sequence = Requests.parseLong(ctx.queryParam("sequence"), "sequence");
    ReadingReceipts.Status status;
    try {
      status = receipts.of(udi, sequence);
    } catch (ReadingRefused e) {
      throw new ApiError(400, e.code(), e.getMessage());
    }
    if (status instanceof ReadingReceipts.Receipt r) {
      ctx.json(r.document());
    } else if (status instanceof ReadingReceipts.Pending p) {
      throw new ApiError(409, "pending", "reading " + sequence + " of device " + udi + (p.batchId() == null
          ? " waits for its batch to be sealed" : " is in batch " + p.batchId() + ", whose root is not committed yet")
          + ": ask again in a moment");
    } else {
      throw ApiError.notFound("this gateway took no reading " + sequence + " of device " + udi);
    }
  }
}
