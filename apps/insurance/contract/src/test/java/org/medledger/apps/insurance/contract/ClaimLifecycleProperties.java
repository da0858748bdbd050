package org.medledger.apps.insurance.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.medledger.core.runtime.Caller;
import org.medledger.core.runtime.TxOutcome;
import org.medledger.crypto.Hash;

/**
 * The claim lifecycle (submitted → adjudicated | pended → approved | denied → paid, or withdrawn
 * by the submitter before payment) under random sequences of actions by random members: a move is
 * accepted exactly when the lifecycle allows it and the actor is the claim's insurer (decide, pay)
 * or submitter (withdraw); every other is refused and leaves the contract's state unchanged.
 */
class ClaimLifecycleProperties {
  private static final String[] ACTIONS = {"approveClaim", "denyClaim", "withdrawClaim", "recordPayment"};
  private static final int ACTORS = 5;
  private static final int CLAIMS = 3;

  @Test
  void everyIllegalTransitionAndEveryWrongActorIsRefusedAndChangesNothing() {
    qt().withExamples(60).forAll(lists().of(integers().between(0, ACTIONS.length * ACTORS * CLAIMS - 1))
        .ofSizeBetween(1, 16)).checkAssert(ClaimLifecycleProperties::play);
  }

  /** Issue 15's lifecycle, written out apart from {@link ClaimStatus#next()} so a change there shows here. */
  private static boolean lifecycleAllows(ClaimStatus from, ClaimStatus to) {
    return switch (from) {
      case ADJUDICATED, APPROVED -> to == ClaimStatus.PAID || to == ClaimStatus.WITHDRAWN;
      case PENDED -> to == ClaimStatus.APPROVED || to == ClaimStatus.DENIED || to == ClaimStatus.WITHDRAWN;
      case DENIED, PAID, WITHDRAWN -> false;
    };
  }

  private static void play(List<Integer> script) {
    InsuranceTestLedger ledger = new InsuranceTestLedger();
    Hash patient = ledger.registerPatient(InsuranceTestLedger.newPatientKey(1), ledger.clinician);
    ledger.ok(ledger.insurer, "publishProduct", "product", "basic", "terms", Fixtures.hex(Fixtures.product()));
    Hash policy = ledger.ok(ledger.insurer, "issuePolicy", "product", "basic", "patient", patient.hex(), "start",
        "2027-01-04", "end", "2028-01-04");
    ledger.today(LocalDate.of(2027, 3, 12));
    List<Hash> claims = new ArrayList<>();
    List<ClaimStatus> model = new ArrayList<>();
    String[][] lines = {{"inpatient", "WARD-DAY", "20000"}, {"surgery", "TRANSPLANT", "300000"}, {"surgery", "KNEE-01", "900000"}};
    for (String[] l : lines) {
      Hash id = ledger.ok(ledger.clinician, "submitClaim", "policy", policy.hex(), "currency", "EUR", "lines", Fixtures.hex(
          List.of(Fixtures.line(patient, "hospital-a", l[0], l[1], 1, Long.parseLong(l[2]), "2027-03-10"))));
      claims.add(id);
      model.add(ledger.claim(id).status());
    }
    assertThat(model).containsExactly(ClaimStatus.ADJUDICATED, ClaimStatus.PENDED, ClaimStatus.PENDED);
    Caller[] actors = {ledger.insurer, ledger.otherInsurer, ledger.clinician, ledger.otherClinician, ledger.regulator};

    for (int step : script) {
      String action = ACTIONS[step % ACTIONS.length];
      Caller actor = actors[(step / ACTIONS.length) % ACTORS];
      int which = step / (ACTIONS.length * ACTORS);
      Claim before = ledger.claim(claims.get(which));
      ClaimStatus target = switch (action) {
        case "approveClaim" -> ClaimStatus.APPROVED;
        case "denyClaim" -> ClaimStatus.DENIED;
        case "withdrawClaim" -> ClaimStatus.WITHDRAWN;
        default -> ClaimStatus.PAID;
      };
      boolean rightActor = target == ClaimStatus.WITHDRAWN ? actor == ledger.clinician : actor == ledger.insurer;
      boolean legal = rightActor && lifecycleAllows(model.get(which), target);
      List<String> state = ledger.snapshot();
      TxOutcome o = switch (action) {
        case "withdrawClaim" -> ledger.insurance(actor, action, "claim", before.id().hex());
        case "recordPayment" -> ledger.insurance(actor, action, "claims", before.id().hex(), "amount",
            Long.toString(before.adjudication().insurerPays()), "currency", "EUR", "reference", "SEPA-" + step);
        default -> ledger.insurance(actor, action, "claim", before.id().hex(), "reason", "assessed");
      };
      String what = action + " by " + actor.name() + " on claim " + which + " (" + model.get(which) + ")";
      assertThat(o.success()).as(what + ": " + o.code() + " " + o.message()).isEqualTo(legal);
      if (legal) {
        model.set(which, target);
      } else {
        assertThat(o.code()).as(what).isIn("forbidden", "invalid_transition");
        assertThat(ledger.snapshot()).as(what + " changed the state").isEqualTo(state);
      }
      for (int i = 0; i < CLAIMS; i++) {
        assertThat(ledger.claim(claims.get(i)).status()).as("claim " + i).isEqualTo(model.get(i));
      }
    }
  }
}
