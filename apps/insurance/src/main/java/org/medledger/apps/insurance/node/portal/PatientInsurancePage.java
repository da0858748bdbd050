package org.medledger.apps.insurance.node.portal;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.medledger.apps.insurance.contract.Claim;
import org.medledger.apps.insurance.contract.InsuranceReads;
import org.medledger.apps.insurance.contract.Policy;
import org.medledger.apps.insurance.node.EobReceipt;
import org.medledger.apps.insurance.node.InsuranceAccess;
import org.medledger.apps.insurance.node.InsuranceViews;
import org.medledger.core.runtime.StateReader;
import org.medledger.crypto.Hash;
import org.medledger.node.application.PortalDownload;
import org.medledger.node.application.PortalPage;
import org.medledger.node.application.PortalPages;
import org.medledger.node.application.PortalRefusal;
import org.medledger.node.auth.Identity;
import org.medledger.node.ledger.Ledger;

/**
 * "My insurance": the patient's policies and her explanations of benefit (billed, paid by her
 * insurer, what she owes; per line with its reason), each with a Verify button her browser checks
 * against the genesis (the EOB receipt: the claim record's state proof, a quorum's seals, and every
 * figure against the proven record). Hers only, as her certificate's registered id decides
 * ({@link InsuranceAccess}); another patient's EOB reads as none.
 */
public final class PatientInsurancePage {
  static final String PATH = InsurancePortal.ROOT + "/mine";
  static final String EOB = InsurancePortal.ROOT + "/eob";
  private static final ObjectMapper JSON = new ObjectMapper();

  /** One EOB: the claim, its money in the patient's words, its lines and the receipt's address. */
  public record Eob(ClaimRow claim, String inWords, List<ClaimLineRow> lines, String receipt) {}

  /** The page's content. */
  public record View(List<PolicyRow> policies, List<Eob> eobs) {}

  private final InsurancePortal portal;

  PatientInsurancePage(InsurancePortal portal) {
    this.portal = portal;
  }

  void register(PortalPages ui) {
    ui.page(PATH, PortalPages.Access.MEMBER, this::render);
    ui.download(EOB, PortalPages.Access.MEMBER, this::eob);
  }

  private PortalPage render(Context ctx, Optional<Identity> member) {
    Identity who = InsurancePortal.memberAs(member, "My insurance", "patient");
    StateReader state = portal.ledger.state();
    long now = portal.clock.millis();
    List<PolicyRow> policies = new ArrayList<>();
    for (Policy p : InsuranceReads.policies(state)) {
      if (portal.access.policy(state, who, p) == InsuranceAccess.View.FULL) {
        policies.add(PolicyRow.of(p));
      }
    }
    List<Eob> eobs = new ArrayList<>();
    for (Claim c : InsuranceReads.claims(state)) {
      if (portal.access.claim(state, who, c) != InsuranceAccess.View.FULL) {
        continue;
      }
      List<ClaimLineRow> lines = new ArrayList<>();
      for (int i = 0; i < c.lines().size(); i++) {
        lines.add(ClaimLineRow.of(i + 1, c.lines().get(i), c.adjudication().lines().get(i), c.currency()));
      }
      eobs.add(new Eob(ClaimRow.of(c, now), inWords(c), lines, EOB + "?claim=" + c.id().hex()));
    }
    return new PortalPage("My insurance", portal.templates.content("insurance/mine.jte", new View(policies, eobs)));
  }

  private static String inWords(Claim c) {
    var a = c.adjudication();
    String cur = c.currency();
    return "Billed " + InsuranceViews.amount(a.billed(), cur) + "; paid by your insurer "
        + InsuranceViews.amount(a.insurerPays(), cur) + (a.otherPayer() == 0 ? ""
        : "; paid by other insurers " + InsuranceViews.amount(a.otherPayer(), cur))
        + "; you owe " + InsuranceViews.amount(a.patientOwes(), cur) + ".";
  }

  /**
   * The claim's EOB receipt at the head, as {@code GET /v1/insurance/claims/{id}/eob} serves it: to the patient, her
   * insurer and the regulator only; another's reads as none.
   */
  private PortalDownload eob(Context ctx, Optional<Identity> member) throws Exception {
    Identity who = member.orElseThrow();
    Hash id = InsurancePortal.id(ctx, "claim");
    Ledger ledger = portal.ledger;
    long height = ledger.height();
    var proof = ledger.stateProof(InsuranceReads.claimKey(id), height).filter(p -> p.present());
    Optional<Claim> c = proof.map(p -> Claim.decode(p.value()));
    if (c.isEmpty() || !portal.access.eob(ledger.state(), who, c.get())) {
      throw new PortalRefusal(404, "There is no claim " + id.hex() + " whose explanation of benefit you may take.");
    }
    var header = ledger.signedHeader(height).orElseThrow(() -> new PortalRefusal(404, "no block at height " + height));
    return new PortalDownload("application/json", null,
        JSON.writeValueAsBytes(EobReceipt.document(c.get(), proof.get(), header, ledger.hashFunction(),
            ledger.validatorTransitions(height))));
  }
}
