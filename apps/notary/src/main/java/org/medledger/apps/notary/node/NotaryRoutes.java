package org.medledger.apps.notary.node;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import java.util.Optional;
import org.medledger.core.runtime.ContractException;
import org.medledger.node.api.ApiError;
import org.medledger.node.api.Requests;
import org.medledger.node.api.SubmissionReplies;
import org.medledger.node.application.ApiRoutes;
import org.medledger.node.auth.AuthException;
import org.medledger.node.auth.Identity;
import org.medledger.node.ledger.Ledger;
import org.medledger.node.ordering.CommitWaiters;

/**
 * {@code POST /v1/notary/anchor}: the node anchors for its own organisation's admins and
 * clinicians (a hospital's systems call REST, not the SDK); {@code GET /v1/notary/{hash}}: the
 * earliest anchor of a fingerprint, or an owner's. Both need a bearer token.
 */
final class NotaryRoutes {
  private final NotaryService notary;
  private final SubmissionReplies replies;
  private final String nodeOrganisation;

  NotaryRoutes(NotaryService notary, Ledger ledger, CommitWaiters commits, String nodeOrganisation) {
    this.notary = notary;
    this.replies = new SubmissionReplies(ledger, commits);
    this.nodeOrganisation = nodeOrganisation;
  }

  void register(ApiRoutes routes) {
    routes.post("/v1/notary/anchor", this::anchor);
    routes.get("/v1/notary/{hash}", this::lookup);
  }

  private void anchor(Context ctx) {
    Identity who = Requests.identity(ctx);
    if (!who.organisation().equals(nodeOrganisation)) {
      throw AuthException.forbidden("this node anchors only for " + nodeOrganisation + "; submit a signed transaction instead");
    }
    if (!who.hasRole("admin", "clinician")) {
      throw AuthException.forbidden("anchoring needs the admin or clinician role, you have '" + who.role() + "'");
    }
    JsonNode b = Requests.body(ctx);
    NotaryService.Submitted s = notary.anchor(Requests.text(b, "hash"), Requests.text(b, "type"));
    replies.respond(ctx, s.admission(), s.committed(), true);
  }

  private void lookup(Context ctx) {
    String h = ctx.pathParam("hash");
    String owner = ctx.queryParam("owner");
    try {
      var rec = notary.lookup(h, Optional.ofNullable(owner))
          .orElseThrow(() -> ApiError.notFound("fingerprint " + h + " is not anchored" + (owner == null ? "" : " by " + owner)));
      ctx.json(rec);
    } catch (ContractException e) {
      throw ApiError.badRequest(e.getMessage());
    }
  }
}
