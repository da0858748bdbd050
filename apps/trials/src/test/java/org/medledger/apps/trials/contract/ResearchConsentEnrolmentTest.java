package org.medledger.apps.trials.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.medledger.apps.trials.contract.TrialDocuments.canonical;
import static org.medledger.apps.trials.contract.TrialDocuments.registration;

import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.medledger.apps.records.contract.consent.PurposeOfUse;
import org.medledger.core.runtime.Caller;
import org.medledger.core.runtime.StateKeys;
import org.medledger.core.runtime.TxOutcome;
import org.medledger.crypto.Hash;

/**
 * Issue 17, trials item 1: the ledger enrols a patient only under her research consent (records'
 * consent, purpose HRESCH) for the trial's sponsor, in force at the block; every cheat is refused
 * with a code naming what was wrong, and nothing changes.
 */
class ResearchConsentEnrolmentTest {
  final TrialsLedger ledger = new TrialsLedger();
  final Caller sponsor = ledger.member("pharma-a-sponsor", "pharma-a", "sponsor");
  final Caller otherSponsor = ledger.member("pharma-b-sponsor", "pharma-b", "sponsor");
  final Caller investigator = ledger.member("dr-who", "hospital-a", "clinician");
  Hash alice;

  @BeforeEach
  void registered() {
    assertThat(ledger.run(sponsor, "register", "document", canonical(registration("MLT-0001", "pharma-a"))).success()).isTrue();
    assertThat(ledger.run(otherSponsor, "register", "document", canonical(registration("MLT-0002", "pharma-b"))).success()).isTrue();
    alice = ledger.patient(1);
  }

  /** Refused with {@code code}, naming {@code named}, and the trials state unchanged. */
  void refused(Caller by, String code, String named, String... args) {
    int before = ledger.trialsKeys();
    TxOutcome o = ledger.run(by, "enrol", args);
    assertThat(o.code()).as(o.message()).isEqualTo(code);
    assertThat(o.message()).contains(named);
    assertThat(ledger.trialsKeys()).isEqualTo(before);
  }

  static String[] enrol(String trialId, Hash patient, Hash consent) {
    return new String[] {"trialId", trialId, "patient", patient.hex(), "consent", consent.hex()};
  }

  @Test
  void theSponsorEnrolsUnderResearchConsentAndKeepsOnlyAPseudonymousParticipant() throws Exception {
    Hash research = ledger.consent(1, "org:pharma-a", ledger.time + 30 * TrialsLedger.DAY, PurposeOfUse.HRESCH, PurposeOfUse.TREAT);
    TxOutcome ok = ledger.run(sponsor, "enrol", enrol("MLT-0001", alice, research));
    assertThat(ok.success()).as(ok.message()).isTrue();
    Hash participant = Enrolment.participantId(TrialsLedger.SUITE.hash(), "MLT-0001", alice);
    assertThat(participant).isNotEqualTo(alice).isNotEqualTo(Enrolment.participantId(TrialsLedger.SUITE.hash(), "MLT-0002", alice));
    Enrolment e = TrialsContract.enrolment(ledger.state, participant).orElseThrow();
    assertThat(e.trialId()).isEqualTo("MLT-0001");
    assertThat(e.consent()).isEqualTo(research);
    assertThat(e.enrolledBy()).isEqualTo("pharma-a");
    assertThat(e.version()).isEqualTo(1);
    // The patient's id is nowhere in the trials state: only the participant id and her consent's.
    ledger.state.scan(StateKeys.of(TrialsContract.NAME, ""), (k, v) -> {
      assertThat(org.medledger.crypto.Hex.encode(k) + org.medledger.crypto.Hex.encode(v)).doesNotContain(alice.hex());
      return true;
    });
    assertThat(TrialsContract.enrolment(ledger.state, alice)).isEmpty();
    refused(investigator, "already_enrolled", participant.hex(), enrol("MLT-0001", alice, research));
  }

  @Test
  void aConsentToTreatmentOnlyDoesNotEnrol() {
    Hash treatment = ledger.consent(1, "org:pharma-a", ledger.time + 30 * TrialsLedger.DAY, PurposeOfUse.TREAT, PurposeOfUse.COC);
    refused(sponsor, "not_research_consent", "COC, TREAT, not research (HRESCH)", enrol("MLT-0001", alice, treatment));
  }

  @Test
  void aSponsorCannotEnrolIntoAnotherSponsorsTrialNorUseAConsentGivenToAnother() {
    Hash forA = ledger.consent(1, "org:pharma-a", ledger.time + 30 * TrialsLedger.DAY, PurposeOfUse.HRESCH);
    // pharma-b's sponsor, into pharma-a's trial with a consent to pharma-a: not its trial.
    refused(otherSponsor, "forbidden", "sponsored by pharma-a", enrol("MLT-0001", alice, forA));
    // pharma-b's sponsor, into its own trial with the consent alice gave pharma-a: not for it.
    refused(otherSponsor, "consent_not_for_sponsor", "org:pharma-b", enrol("MLT-0002", alice, forA));
    // An investigator cannot either: the consent is the sponsor's, not the site's.
    refused(investigator, "consent_not_for_sponsor", "org:pharma-a, not to trial MLT-0002", enrol("MLT-0002", alice, forA));
  }

  @Test
  void anUnknownPatientAnotherPatientsConsentOrAnUnknownConsentIsRefused() {
    Hash research = ledger.consent(1, "org:pharma-a", ledger.time + 30 * TrialsLedger.DAY, PurposeOfUse.HRESCH);
    Hash nobody = Hash.of(TrialsLedger.SUITE.hash().hash("nobody".getBytes()));
    refused(sponsor, "unknown_patient", nobody.hex(), enrol("MLT-0001", nobody, research));
    Hash bob = ledger.patient(2);
    refused(sponsor, "consent_not_for_patient", bob.hex(), enrol("MLT-0001", bob, research));
    refused(sponsor, "unknown_consent", nobody.hex(), enrol("MLT-0001", alice, nobody));
    refused(sponsor, "invalid_argument", "consent", "trialId", "MLT-0001", "patient", alice.hex(), "consent", "not-a-hash");
  }

  @Test
  void aWithdrawnOrExpiredConsentIsRefused() {
    Hash withdrawn = ledger.consent(1, "org:pharma-a", ledger.time + 30 * TrialsLedger.DAY, PurposeOfUse.HRESCH);
    ledger.withdraw(1, withdrawn);
    refused(sponsor, "consent_withdrawn", withdrawn.hex(), enrol("MLT-0001", alice, withdrawn));

    Hash shortOne = ledger.consent(1, "org:pharma-a", ledger.time + 5 * 60_000, PurposeOfUse.HRESCH);
    ledger.time += TrialsLedger.DAY;
    refused(sponsor, "consent_expired", shortOne.hex(), enrol("MLT-0001", alice, shortOne));
  }

  @Test
  void enrolmentBeforeTheRegistrationIsCommittedIsRefused() {
    Hash research = ledger.consent(1, "org:pharma-a", ledger.time + 30 * TrialsLedger.DAY, PurposeOfUse.HRESCH);
    refused(sponsor, "not_registered", "MLT-0003", enrol("MLT-0003", alice, research));
    List<TxOutcome> sameBlock = ledger.block(List.of(
        ledger.tx(sponsor, "register", "document", canonical(registration("MLT-0003", "pharma-a"))),
        ledger.tx(sponsor, "enrol", enrol("MLT-0003", alice, research))));
    assertThat(sameBlock.get(0).success()).isTrue();
    assertThat(sameBlock.get(1).code()).isEqualTo("not_registered");
    assertThat(ledger.run(sponsor, "enrol", enrol("MLT-0003", alice, research)).success()).isTrue();
  }
}
