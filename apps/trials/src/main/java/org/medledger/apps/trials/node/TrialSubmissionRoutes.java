package org.medledger.apps.trials.node;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import org.medledger.apps.trials.contract.TrialsContract;
import org.medledger.core.tx.Transaction;
import org.medledger.crypto.Hex;
import org.medledger.node.admission.Admission;
import org.medledger.node.api.ApiError;
import org.medledger.node.api.Requests;
import org.medledger.node.api.SubmissionReplies;
import org.medledger.node.application.ApiRoutes;
import org.medledger.node.application.BodyLimit;
import org.medledger.node.ledger.Ledger;
import org.medledger.node.ordering.CommitWaiters;

/**
 * The sponsor's (and an investigator's) writes to the registry over REST: each is the member's own
 * signed transaction ({@code {"transaction": hex}}), posted with its token to the route of its
 * method, as insurance and credentials take theirs: the node signs nothing for her, so what the
 * ledger keeps is provably hers. The route checks the transaction is that method and names the
 * path's trial; who may do it and on what is the contract's to decide. {@code ?wait=false}
 * answers 202 at admission instead of waiting for the commit.
 */
final class TrialSubmissionRoutes {
  private final Admission admission;
  private final SubmissionReplies replies;

  TrialSubmissionRoutes(Ledger ledger, Admission admission, CommitWaiters commits) {
    this.admission = admission;
    this.replies = new SubmissionReplies(ledger, commits);
  }

  void register(ApiRoutes routes) {
    routes.post("/v1/trials", BodyLimit.TRANSACTION, ctx -> submit(ctx, TrialsContract.REGISTER, null));
    routes.post("/v1/trials/{trialId}/versions", BodyLimit.TRANSACTION, ctx -> submit(ctx, TrialsContract.AMEND, ctx.pathParam("trialId")));
    routes.post("/v1/trials/{trialId}/results", BodyLimit.TRANSACTION,
        ctx -> submit(ctx, TrialsContract.SUBMIT_RESULTS, ctx.pathParam("trialId")));
    routes.post("/v1/trials/{trialId}/protocol", BodyLimit.TRANSACTION,
        ctx -> submit(ctx, TrialsContract.REVEAL_PROTOCOL, ctx.pathParam("trialId")));
    routes.post("/v1/trials/{trialId}/enrolments", BodyLimit.TRANSACTION, ctx -> submit(ctx, TrialsContract.ENROL, ctx.pathParam("trialId")));
  }

  private void submit(Context ctx, String method, String pathTrial) {
    Transaction tx = signed(ctx, method);
    if (pathTrial != null) {
      String named = tx.args().get("trialId").orElse("");
      if (!named.equals(pathTrial)) {
        throw ApiError.badRequest("transaction: argument 'trialId' (" + named + ") is not the path's trial (" + pathTrial + ")");
      }
    }
    replies.respond(ctx, admission.submit(tx), null, !"false".equalsIgnoreCase(ctx.queryParam("wait")));
  }

  private static Transaction signed(Context ctx, String method) {
    JsonNode body = Requests.body(ctx);
    Transaction tx;
    try {
      tx = Transaction.decode(Hex.decode(body.path("transaction").asText("")));
    } catch (RuntimeException e) {
      throw ApiError.badRequest("transaction: hex of a signed transaction is required (" + e.getMessage() + ")");
    }
    if (!TrialsContract.NAME.equals(tx.contract()) || !method.equals(tx.method())) {
      throw ApiError.badRequest("transaction: this route takes " + TrialsContract.NAME + "." + method + ", not " + tx.contract() + "."
          + tx.method());
    }
    return tx;
  }
}
