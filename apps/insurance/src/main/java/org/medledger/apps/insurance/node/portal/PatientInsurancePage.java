package org.medledger.apps.insurance.node.portal;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.medledger.apps.insurance.contract.Claim;
import org.medledger.apps.insurance.contract.InsuranceContract;
import org.medledger.apps.insurance.contract.InsuranceReads;
import org.medledger.apps.insurance.contract.Policy;
import org.medledger.apps.insurance.node.EobReceipt;
import org.medledger.apps.insurance.node.InsuranceAccess;
import org.medledger.apps.insurance.node.InsuranceViews;
import org.medledger.apps.insurance.node.MemberAccess;
import org.medledger.apps.insurance.node.StateAtHeight;
import org.medledger.core.runtime.StateKeys;
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
 * figure against the proven record), 20 a page. Hers only, as her certificate's registered id decides
 * ({@link InsuranceAccess}); another patient's EOB reads as none.
 */
public final class PatientInsurancePage {
  static final String PATH = InsurancePortal.ROOT + "/mine";
  static final String EOB = InsurancePortal.ROOT + "/eob";
  private static final ObjectMapper JSON = new ObjectMapper();

  /** One EOB: the claim, its money in the patient's words, its lines and the receipt's address. */
  public record Eob(ClaimRow claim, String inWords, List<ClaimLineRow> lines, String receipt) {}

  /** EOBs a page. */
  public static final int PAGE = 20;

  /**
   * The page's content: her policies, a page of her EOBs read at block {@code height}, and the cursor of the next
   * page ({@code next}: {@code <policy>/<claim>}), null on the last.
   */
  public record View(List<PolicyRow> policies, List<Eob> eobs, String next, long height) {}

  private final InsurancePortal portal;

  PatientInsurancePage(InsurancePortal portal) {
    this.portal = portal;
  }

  void register(PortalPages ui) {
    ui.page(PATH, PortalPages.Access.MEMBER, this::render);
    ui.download(EOB, PortalPages.Access.MEMBER, this::eob);
  }

  /**
   * Her policies, and her EOBs a page at a time: the claims of the policies she is insured by, found through the
   * contract's index of each policy's claims (so the page costs her claims, not every claim on the ledger), in
   * (policy, claim) id order, each page read at the first's height.
   */
  private PortalPage render(Context ctx, Optional<Identity> member) {
    Identity who = InsurancePortal.memberAs(member, "My insurance", "patient");
    String cursor = cursor(ctx.queryParam("after"));
    Long height = StateAtHeight.parseHeight(ctx.queryParam("height"));
    long now = portal.clock.millis();
    return StateAtHeight.read(portal.ledger, height, at -> {
      MemberAccess viewer = portal.access.of(at.access(), who);
      List<Policy> hers = new ArrayList<>();
      at.scan("policy/", null, (k, v) -> {
        Policy p = Policy.decode(v);
        if (viewer.policy(p) == InsuranceAccess.View.FULL) {
          hers.add(p);
        }
        return true;
      });
      List<Eob> eobs = new ArrayList<>();
      String[] last = {null};
      String[] next = {null};
      for (Policy p : hers) {
        if (next[0] != null || !viewer.isPatient(p.insured())) {
          continue;
        }
        at.scan("policy-claim/" + p.id().hex() + "/", cursor == null ? null : "policy-claim/" + cursor, (k, v) -> {
          String here = StateKeys.localKey(InsuranceContract.NAME, k).substring("policy-claim/".length());
          byte[] record = at.get("claim/" + here.substring(here.indexOf('/') + 1));
          Claim c = record == null ? null : Claim.decode(record);
          if (c == null || viewer.claim(c) != InsuranceAccess.View.FULL) {
            return true;
          }
          if (eobs.size() == PAGE) {
            next[0] = last[0];
            return false;
          }
          eobs.add(eob(c, now));
          last[0] = here;
          return true;
        });
      }
      return new PortalPage("My insurance", portal.templates.content("insurance/mine.jte", new View(
          hers.stream().map(PolicyRow::of).toList(), eobs, next[0], at.height())));
    });
  }

  private static Eob eob(Claim c, long now) {
    List<ClaimLineRow> lines = new ArrayList<>();
    for (int i = 0; i < c.lines().size(); i++) {
      lines.add(ClaimLineRow.of(i + 1, c.lines().get(i), c.adjudication().lines().get(i), c.currency()));
    }
    return new Eob(ClaimRow.of(c, now), inWords(c), lines, EOB + "?claim=" + c.id().hex());
  }

  /** The {@code after} parameter, {@code <policy>/<claim>} as a page's next link carries it; null when absent. */
  private static String cursor(String text) {
    if (text == null) {
      return null;
    }
    String[] parts = text.strip().toLowerCase(java.util.Locale.ROOT).split("/", -1);
    try {
      if (parts.length == 2) {
        return Hash.fromHex(parts[0]).hex() + "/" + Hash.fromHex(parts[1]).hex();
      }
    } catch (IllegalArgumentException e) {
      // named below
    }
    throw new IllegalArgumentException("'after' is not a page's cursor (a policy id, '/', a claim id: 64 hex each)");
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
