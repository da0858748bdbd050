package org.medledger.node.governance;

import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.medledger.core.genesis.Organisation;
import org.medledger.core.genesis.ValidatorEntry;
import org.medledger.core.governance.Consortium;
import org.medledger.core.governance.GovernanceView;
import org.medledger.core.governance.Proposal;
import org.medledger.core.governance.ProposalKind;
import org.medledger.core.governance.ValidatorHistory;
import org.medledger.core.membership.LedgerOrganisations;
import org.medledger.core.runtime.StateReader;
import org.medledger.crypto.x509.CertificateId;
import org.medledger.crypto.x509.Pem;
import org.medledger.node.api.ApiError;
import org.medledger.node.application.ApiRoutes;
import org.medledger.node.ledger.Ledger;

/**
 * {@code /v1/governance}: the consortium as the ledger states it (members, validators,
 * parameters) and the proposals with their votes, for any authenticated member. Each answer names
 * the state keys it read and where to fetch their receipts ({@code /v1/receipts/state}), so a
 * member can check it offline against a block's state root. Proposing and voting are transactions
 * ({@code governance.propose|vote|expire}, through {@code POST /v1/transactions} or the CLI).
 */
public final class GovernanceRoutes {
  private final Ledger ledger;

  public GovernanceRoutes(Ledger ledger) {
    this.ledger = ledger;
  }

  public void register(ApiRoutes routes) {
    routes.get("/v1/governance/consortium", this::consortium);
    routes.get("/v1/governance/proposals", this::proposals);
    routes.get("/v1/governance/proposals/{id}", this::proposal);
    routes.get("/v1/governance/validator-transitions", this::validatorTransitions);
    routes.openApi("openapi/governance.json");
  }

  private void consortium(Context ctx) {
    StateReader state = ledger.state();
    long height = ledger.height();
    Consortium c = Consortium.at(ledger.genesis(), state);
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("governance", ledger.genesis().governance().isPresent());
    m.put("height", height);
    List<Map<String, Object>> orgs = new ArrayList<>();
    for (Organisation o : c.organisations()) {
      Map<String, Object> om = new LinkedHashMap<>();
      om.put("name", o.name());
      om.put("roles", o.roles().stream().map(r -> r.wireName()).toList());
      om.put("caCertificateId", CertificateId.of(ledger.genesis().cryptoSuite().hash(),
          Pem.parseCertificate(o.caCertificatePem())).hex());
      orgs.add(om);
    }
    m.put("organisations", orgs);
    // The set the consensus engine runs for the next block; scheduled changes take effect at their heights.
    m.put("validatorsInForce", validators(ValidatorHistory.at(ledger.genesis(), state, height + 1), state));
    m.put("validatorsScheduled", validators(c.validators(), state));
    m.put("validatorChanges", GovernanceView.validatorChanges(state));
    m.put("upgrades", GovernanceView.upgrades(state));
    m.put("parameters", Consortium.parameterValues(ledger.genesis(), state));
    Map<String, String> receipts = new LinkedHashMap<>();
    receipts.put("organisations", receipt(LedgerOrganisations.NAMESPACE + "/" + LedgerOrganisations.KEY));
    receipts.put("validators", receipt(Consortium.NAMESPACE + "/consortium/validators"));
    receipts.put("parameters", receipt(Consortium.NAMESPACE + "/consortium/parameters"));
    m.put("receipts", receipts);
    m.put("receiptsNote", "a receipt proving a key absent means the genesis's value is in force");
    ctx.json(m);
  }

  private List<Map<String, Object>> validators(List<ValidatorEntry> list, StateReader state) {
    List<Map<String, Object>> out = new ArrayList<>();
    for (ValidatorEntry v : list) {
      Map<String, Object> vm = new LinkedHashMap<>();
      vm.put("organisation", v.organisation());
      vm.put("name", v.name());
      vm.put("certificateId", CertificateId.of(ledger.genesis().cryptoSuite().hash(),
          Pem.parseCertificate(v.nodeCertificatePem())).hex());
      // Where the validators dial a voted-in one (its add-validator's peerAddress); genesis validators' are in node.json.
      org.medledger.core.governance.ValidatorAddresses.of(state, v.name())
          .ifPresent(a -> vm.put(org.medledger.core.governance.ValidatorAddresses.TERM, a));
      out.add(vm);
    }
    return out;
  }

  private void proposals(Context ctx) {
    String from = ctx.queryParam("from");
    String limit = ctx.queryParam("limit");
    long start = from == null ? 1 : number(from, "from");
    long max = limit == null ? 50 : number(limit, "limit");
    if (start < 1 || max < 1 || max > GovernanceView.MAX_PAGE) {
      throw ApiError.badRequest("from must be a proposal id (1 or more) and limit 1 to " + GovernanceView.MAX_PAGE);
    }
    StateReader state = ledger.state();
    long height = ledger.height();
    Consortium c = Consortium.at(ledger.genesis(), state);
    List<Map<String, Object>> out = new ArrayList<>();
    for (GovernanceView.ProposalVotes p : GovernanceView.proposals(state, start, (int) max)) {
      out.add(view(p, c, height));
    }
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("height", height);
    m.put("proposals", out);
    ctx.json(m);
  }

  private void proposal(Context ctx) {
    long id = number(ctx.pathParam("id"), "id");
    StateReader state = ledger.state();
    long height = ledger.height();
    GovernanceView.ProposalVotes p = GovernanceView.proposal(state, id)
        .orElseThrow(() -> ApiError.notFound("no proposal " + id));
    Map<String, Object> m = view(p, Consortium.at(ledger.genesis(), state), height);
    m.put("height", height);
    ctx.json(m);
  }

  private static Map<String, Object> view(GovernanceView.ProposalVotes pv, Consortium c, long height) {
    Proposal p = pv.proposal();
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", p.id());
    m.put("kind", p.kind().wireName());
    m.put("status", p.statusAt(height).wireName());
    m.put("proposer", p.proposer());
    m.put("proposedAt", p.proposedAt());
    m.put("expiresAfter", p.expiresAfter());
    if (p.decidedAt() > 0) {
      m.put("decidedAt", p.decidedAt());
    }
    if (p.effectiveAt() > 0) {
      m.put("effectiveAt", p.effectiveAt());
      // A validator-set change is in force from its height on; upgrades are recorded only (not applied yet).
      m.put("appliedByConsensus", p.kind() != ProposalKind.UPGRADE && p.effectiveAt() <= height + 1);
    }
    if (!p.note().isEmpty()) {
      m.put("note", p.note());
    }
    m.put("terms", p.terms().asMap());
    m.put("votes", pv.votes());
    TreeSet<String> electorate = c.electorate(p.kind().electorate());
    m.put("electorate", electorate);
    var threshold = p.kind().electorate() == ProposalKind.Electorate.MEMBERS
        ? c.rules().memberChanges() : c.rules().validatorChanges();
    m.put("threshold", threshold.toString());
    m.put("yesNeeded", threshold.votesNeeded(electorate.size()));
    m.put("stateKey", GovernanceView.stateKeyName(p.id()));
    m.put("receipt", receipt(GovernanceView.stateKeyName(p.id())));
    return m;
  }

  /**
   * The proven validator-set changes from the genesis to the set in force at {@code height} (the
   * head when not given), as a receipt carries them: what a light client (the SDK's log-head
   * tracker) walks to follow the set without trusting this node.
   */
  private void validatorTransitions(Context ctx) {
    String h = ctx.queryParam("height");
    long height = h == null ? ledger.height() : number(h, "height");
    if (height < 1 || height > ledger.height()) {
      throw ApiError.badRequest("height must be 1 to " + ledger.height() + " (the chain's height), got " + height);
    }
    List<Map<String, Object>> list = new ArrayList<>();
    try {
      for (var t : ledger.validatorTransitions(height)) {
        list.add(org.medledger.core.receipt.ReceiptDocuments.validatorTransition(t, ledger.hashFunction()));
      }
    } catch (org.medledger.node.ledger.StatePrunedException e) {
      throw ApiError.notFound("a validator-set change's proof is no longer kept: " + e.getMessage());
    }
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("height", height);
    m.put("validatorTransitions", list);
    ctx.json(m);
  }

  private static String receipt(String key) {
    return "/v1/receipts/state?key=" + key;
  }

  private static long number(String text, String name) {
    try {
      return Long.parseLong(text);
    } catch (NumberFormatException e) {
      throw ApiError.badRequest(name + " must be a whole number, got '" + text + "'");
    }
  }
}
