package org.medledger.apps.credentials.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.medledger.core.runtime.Caller;
import org.medledger.core.runtime.TxOutcome;
import org.medledger.crypto.Hash;

/**
 * The primary-source verification behind a credential, recorded by its issuing authority alone,
 * and its reuse by another hospital under the clinician's consent (issue 16 items 1 and 5): each
 * cheat is refused by name and changes nothing.
 */
class VerificationReuseTest {
  private static final long DAY = CredentialsTestLedger.DAY;
  private final CredentialsTestLedger ledger = new CredentialsTestLedger();
  private final Caller adminB = ledger.member("admin-b", "hospital-b", "admin");
  private final Caller boardNode = ledger.member("board-node", "medical-board", "node");
  private final Caller hospitalBNode = ledger.member("hospital-b-node", "hospital-b", "node");
  private final String document = CredentialsTestLedger.document("PSV-MB-1001", 0);
  private final Hash documentHash = Hash.fromHex(document);

  VerificationReuseTest() {
    ledger.license(ledger.board, ledger.drWang, "MB-1001", "prescribe,break-glass");
  }

  private TxOutcome record(Caller by, String licence, String doc, String sources) {
    return ledger.credentials(by, "recordVerification", "issuer", "medical-board", "licence", licence, "document", doc,
        "sources", sources, "custodian", "medical-board");
  }

  private void recorded() {
    TxOutcome o = record(ledger.board, "MB-1001", document, "degree,board-exam,prior-licence");
    assertThat(o.success()).as(o.code() + ": " + o.message()).isTrue();
  }

  private TxOutcome read(Caller node, Caller reader, String outcome) {
    return ledger.credentials(node, "verificationRead", "verification", document, "reader", reader.certificateId().hex(),
        "outcome", outcome);
  }

  @Test
  void theIssuingAuthorityRecordsTheVerificationWithTheBlocksTime() {
    recorded();
    PrimarySourceVerification v = Verifications.find(ledger.state, documentHash).orElseThrow();
    assertThat(v.issuer()).isEqualTo("medical-board");
    assertThat(v.licence()).isEqualTo("MB-1001");
    assertThat(v.clinician()).isEqualTo(ledger.drWang.certificateId());
    assertThat(v.verifiedBy()).isEqualTo(ledger.board.certificateId());
    assertThat(v.sources()).containsExactly(PrimarySourceKind.DEGREE, PrimarySourceKind.BOARD_EXAM,
        PrimarySourceKind.PRIOR_LICENCE);
    assertThat(v.custodian()).isEqualTo("medical-board");
    assertThat(v.time()).isEqualTo(ledger.now());
    assertThat(v.height()).isEqualTo(ledger.height());
    assertThat(PrimarySourceVerification.decode(v.encode())).isEqualTo(v);
    assertThat(Verifications.ofCredential(ledger.state, "medical-board", "MB-1001")).containsExactly(v);
  }

  @Test
  void anotherAuthorityAClinicianOrAHospitalAdminCannotRecordAndNothingChanges() {
    List<String> before = ledger.snapshot();
    TxOutcome rival = record(ledger.otherBoard, "MB-1001", document, "degree");
    assertThat(rival.code()).isEqualTo("forbidden");
    assertThat(rival.message()).contains("only medical-board records the verification behind it, not nursing-board");
    assertThat(record(ledger.drWang, "MB-1001", document, "degree").code()).isEqualTo("forbidden");
    assertThat(record(ledger.adminA, "MB-1001", document, "degree").code()).isEqualTo("forbidden");
    assertThat(record(ledger.board, "MB-404", document, "degree").code()).isEqualTo("not_found");
    TxOutcome badSource = record(ledger.board, "MB-1001", document, "degree,horoscope");
    assertThat(badSource.code()).isEqualTo("invalid_argument");
    assertThat(badSource.message()).contains("sources: unknown primary source 'horoscope'");
    assertThat(record(ledger.board, "MB-1001", "not-a-hash", "degree").message()).contains("document must be");
    assertThat(ledger.snapshot()).isEqualTo(before);
    recorded();
    assertThat(record(ledger.board, "MB-1001", document, "degree").code()).isEqualTo("already_recorded");
    ledger.ok(ledger.board, "revoke", "issuer", "medical-board", "licence", "MB-1001", "reason", "struck off");
    assertThat(record(ledger.board, "MB-1001", CredentialsTestLedger.document("PSV-MB-1001", 1), "degree").code())
        .isEqualTo("invalid_transition");
  }

  @Test
  void aRegulatorSigningDirectlyCannotNameACustodianThatIsNoOrganisationOfTheNetwork() {
    List<String> before = ledger.snapshot();
    TxOutcome madeUp = ledger.credentials(ledger.board, "recordVerification", "issuer", "medical-board", "licence",
        "MB-1001", "document", document, "sources", "degree", "custodian", "offshore-archive");
    assertThat(madeUp.code()).isEqualTo("invalid_argument");
    assertThat(madeUp.message()).contains("custodian 'offshore-archive' is not an organisation of this network");
    assertThat(ledger.snapshot()).isEqualTo(before);
    // Another member organisation may keep it: hospital-b's node then alone logs its reads.
    TxOutcome atHospitalB = ledger.credentials(ledger.board, "recordVerification", "issuer", "medical-board",
        "licence", "MB-1001", "document", document, "sources", "degree", "custodian", "hospital-b");
    assertThat(atHospitalB.success()).as(atHospitalB.code() + ": " + atHospitalB.message()).isTrue();
    assertThat(Verifications.find(ledger.state, documentHash).orElseThrow().custodian()).isEqualTo("hospital-b");
    assertThat(read(hospitalBNode, ledger.drLi, "refused").success()).isTrue();
  }

  @Test
  void onlyTheClinicianHerselfGrantsItsReuse() {
    recorded();
    List<String> before = ledger.snapshot();
    TxOutcome forSomeoneElse = ledger.credentials(ledger.drChen, "grantVerification", "verification", document,
        "organisation", "hospital-b");
    assertThat(forSomeoneElse.code()).isEqualTo("forbidden");
    assertThat(forSomeoneElse.message()).contains("only she grants its reuse");
    assertThat(ledger.credentials(ledger.board, "grantVerification", "verification", document, "organisation",
        "hospital-b").code()).isEqualTo("forbidden");
    assertThat(ledger.credentials(adminB, "grantVerification", "verification", document, "organisation", "hospital-b")
        .code()).isEqualTo("forbidden");
    TxOutcome past = ledger.credentials(ledger.drWang, "grantVerification", "verification", document, "organisation",
        "hospital-b", "until", Long.toString(ledger.now() - 1));
    assertThat(past.message()).contains("born expired");
    assertThat(ledger.credentials(ledger.drWang, "grantVerification", "verification", document, "organisation",
        "hospital b").message()).contains("organisation 'hospital b' must be an organisation name");
    assertThat(ledger.snapshot()).isEqualTo(before);
    ledger.ok(ledger.drWang, "grantVerification", "verification", document, "organisation", "hospital-b", "until",
        Long.toString(ledger.now() + 30 * DAY));
    VerificationConsent c = Verifications.consent(ledger.state, documentHash, "hospital-b").orElseThrow();
    assertThat(c.until()).isEqualTo(ledger.now() + 30 * DAY);
    assertThat(c.inForceAt(ledger.now())).isTrue();
  }

  @Test
  void aHospitalWithoutConsentIsNeitherServedNorReusesAndOnlyTheRefusalIsLogged() {
    recorded();
    List<String> before = ledger.snapshot();
    TxOutcome reuse = ledger.credentials(adminB, "reuseVerification", "verification", document);
    assertThat(reuse.code()).isEqualTo("forbidden");
    assertThat(reuse.message()).contains("lets hospital-b reuse verification " + document);
    TxOutcome servedAnyway = read(boardNode, ledger.drLi, "served");
    assertThat(servedAnyway.code()).isEqualTo("no_consent");
    assertThat(servedAnyway.message()).contains("has not consented to hospital-b");
    TxOutcome byAnotherNode = read(hospitalBNode, ledger.drLi, "refused");
    assertThat(byAnotherNode.code()).isEqualTo("forbidden");
    assertThat(byAnotherNode.message()).contains("is kept by medical-board's node");
    assertThat(ledger.snapshot()).isEqualTo(before);

    assertThat(read(boardNode, ledger.drLi, "refused").success()).isTrue();
    List<VerificationRead> reads = Verifications.reads(ledger.state, documentHash);
    assertThat(reads).hasSize(1);
    assertThat(reads.get(0).served()).isFalse();
    assertThat(reads.get(0).readerOrganisation()).isEqualTo("hospital-b");
    assertThat(reads.get(0).loggedBy()).isEqualTo("medical-board");
    // The clinician herself and her authority are served without any consent.
    assertThat(read(boardNode, ledger.drWang, "served").success()).isTrue();
    assertThat(read(boardNode, ledger.board, "served").success()).isTrue();
  }

  @Test
  void withHerConsentTheHospitalIsServedAndRecordsItsReuseUntilTheConsentEnds() {
    recorded();
    ledger.ok(ledger.drWang, "grantVerification", "verification", document, "organisation", "hospital-b", "until",
        Long.toString(ledger.now() + 10 * DAY));
    assertThat(read(boardNode, ledger.drLi, "served").success()).isTrue();
    TxOutcome reused = ledger.credentials(adminB, "reuseVerification", "verification", document);
    assertThat(reused.success()).as(reused.message()).isTrue();
    VerificationReuse r = Verifications.reuses(ledger.state, documentHash).get(0);
    assertThat(r.organisation()).isEqualTo("hospital-b");
    assertThat(r.by()).isEqualTo(adminB.certificateId());
    assertThat(r.issuer() + "/" + r.licence()).isEqualTo("medical-board/MB-1001");
    assertThat(r.time()).isEqualTo(ledger.now());
    assertThat(r.renewalDue()).isFalse();

    ledger.later(11 * DAY);
    assertThat(read(boardNode, ledger.drLi, "served").message()).contains("consent for hospital-b expired");
    assertThat(ledger.credentials(adminB, "reuseVerification", "verification", document).code()).isEqualTo("forbidden");
    ledger.ok(ledger.drWang, "grantVerification", "verification", document, "organisation", "hospital-b");
    assertThat(read(boardNode, ledger.drLi, "served").success()).isTrue();
    ledger.ok(ledger.drWang, "withdrawVerificationConsent", "verification", document, "organisation", "hospital-b");
    assertThat(read(boardNode, ledger.drLi, "served").message()).contains("withdrew her consent for hospital-b");
    assertThat(ledger.credentials(adminB, "reuseVerification", "verification", document).code()).isEqualTo("forbidden");
  }

  @Test
  void onlyTheClinicianOrHerAuthorityErasesTheDocumentAndThenItIsNeitherServedNorReused() {
    recorded();
    ledger.ok(ledger.drWang, "grantVerification", "verification", document, "organisation", "hospital-b");
    List<String> before = ledger.snapshot();
    TxOutcome byColleague = ledger.credentials(ledger.drChen, "eraseVerification", "verification", document);
    assertThat(byColleague.code()).isEqualTo("forbidden");
    assertThat(byColleague.message()).contains("is erased only by the clinician");
    assertThat(ledger.credentials(ledger.otherBoard, "eraseVerification", "verification", document).code())
        .isEqualTo("forbidden");
    assertThat(ledger.credentials(adminB, "eraseVerification", "verification", document).code()).isEqualTo("forbidden");
    assertThat(ledger.snapshot()).isEqualTo(before);

    ledger.ok(ledger.drWang, "eraseVerification", "verification", document);
    VerificationErasure e = Verifications.erasure(ledger.state, documentHash).orElseThrow();
    assertThat(e.by()).isEqualTo(ledger.drWang.certificateId());
    assertThat(e.height()).isEqualTo(ledger.height());
    assertThat(VerificationErasure.decode(e.encode())).isEqualTo(e);
    // The entry and its hash stay; the document is served and reused no more.
    assertThat(Verifications.find(ledger.state, documentHash)).isPresent();
    assertThat(read(boardNode, ledger.drWang, "served").code()).isEqualTo("erased");
    assertThat(ledger.credentials(adminB, "reuseVerification", "verification", document).code()).isEqualTo("erased");
    TxOutcome again = ledger.credentials(ledger.board, "eraseVerification", "verification", document);
    assertThat(again.code()).isEqualTo("already_erased");
    everyKeyHasADeclaredForm();
  }

  @Test
  void herAuthorityMayEraseItToo() {
    recorded();
    ledger.ok(ledger.board, "eraseVerification", "verification", document);
    assertThat(Verifications.erasure(ledger.state, documentHash).orElseThrow().by()).isEqualTo(ledger.board.certificateId());
  }

  @Test
  void aChangedDocumentHashNamesNoVerificationAndNothingChanges() {
    recorded();
    String changed = (document.charAt(0) == '0' ? "1" : "0") + document.substring(1);
    List<String> before = ledger.snapshot();
    TxOutcome grant = ledger.credentials(ledger.drWang, "grantVerification", "verification", changed, "organisation",
        "hospital-b");
    assertThat(grant.code()).isEqualTo("not_found");
    assertThat(grant.message()).contains("no verification " + changed + " is recorded");
    assertThat(ledger.credentials(adminB, "reuseVerification", "verification", changed).code()).isEqualTo("not_found");
    assertThat(ledger.credentials(boardNode, "verificationRead", "verification", changed, "reader",
        ledger.drLi.certificateId().hex(), "outcome", "refused").code()).isEqualTo("not_found");
    assertThat(ledger.snapshot()).isEqualTo(before);
  }

  @Test
  void aVerificationOlderThanItsAuthoritysPolicyIsReusedFlaggedForRenewal() {
    recorded();
    ledger.ok(ledger.drWang, "grantVerification", "verification", document, "organisation", "hospital-b");
    PrimarySourceVerification v = Verifications.find(ledger.state, documentHash).orElseThrow();
    assertThat(Verifications.maxAgeMillis(ledger.state, "medical-board"))
        .isEqualTo(Verifications.DEFAULT_MAX_AGE_DAYS * DAY);
    assertThat(ledger.credentials(ledger.drWang, "verificationPolicy", "maxAgeDays", "30").code()).isEqualTo("forbidden");
    assertThat(ledger.credentials(ledger.board, "verificationPolicy", "maxAgeDays", "-1").message())
        .contains("maxAgeDays '-1' must be a whole number of days from 0 to 3650");
    assertThat(ledger.credentials(ledger.board, "verificationPolicy", "maxAgeDays", "3651").code())
        .isEqualTo("invalid_argument");
    ledger.ok(ledger.board, "verificationPolicy", "maxAgeDays", "30");
    assertThat(Verifications.maxAgeMillis(ledger.state, "medical-board")).isEqualTo(30 * DAY);
    assertThat(Verifications.maxAgeMillis(ledger.state, "nursing-board")).isEqualTo(Verifications.DEFAULT_MAX_AGE_DAYS * DAY);
    ledger.later(31 * DAY);
    assertThat(v.renewalDueAt(ledger.now(), 30 * DAY)).isTrue();
    ledger.credentials(adminB, "reuseVerification", "verification", document);
    assertThat(Verifications.reuses(ledger.state, documentHash).get(0).renewalDue()).isTrue();
    everyKeyHasADeclaredForm();
    assertThat(ledger.snapshot()).hasSizeGreaterThanOrEqualTo(8);
  }

  /** A state receipt (and its proof of absence) is given only for keys of a declared form: every key written is one. */
  private void everyKeyHasADeclaredForm() {
    read(boardNode, ledger.drLi, "refused");
    var forms = new CredentialsContract(NetworkOrganisations.named()).stateKeyForms();
    List<String> undeclared = new java.util.ArrayList<>();
    ledger.state.scan(org.medledger.core.runtime.StateKeys.of(CredentialsContract.NAME, ""), (k, v) -> {
      String key = org.medledger.core.runtime.StateKeys.localKey(CredentialsContract.NAME, k);
      if (forms.stream().noneMatch(f -> f.matches(key))) {
        undeclared.add(key);
      }
      return true;
    });
    assertThat(undeclared).isEmpty();
  }
}
