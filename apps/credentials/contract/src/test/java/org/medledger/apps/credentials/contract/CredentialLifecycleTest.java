package org.medledger.apps.credentials.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.medledger.apps.credentials.contract.view.Credential;
import org.medledger.apps.credentials.contract.view.CredentialStatus;
import org.medledger.apps.credentials.contract.view.Scope;
import org.medledger.core.runtime.TxOutcome;

/** Issue, suspend, reinstate, revoke and renew by the issuing authority alone, each from its own block. */
class CredentialLifecycleTest {
  private final CredentialsTestLedger ledger = new CredentialsTestLedger();

  private Credential wangs() {
    return CredentialsContract.find(ledger.state, "medical-board", "MB-1001").orElseThrow();
  }

  @Test
  void aBoardIssuesACredentialTheLedgerKeepsWithItsDocumentHash() {
    assertThat(ledger.license(ledger.board, ledger.drWang, "MB-1001", "break-glass,prescribe").success()).isTrue();
    Credential c = wangs();
    assertThat(c.holder()).isEqualTo(ledger.drWang.certificateId());
    assertThat(c.holderOrganisation()).isEqualTo("hospital-a");
    assertThat(c.scopes()).containsExactly(Scope.PRESCRIBE, Scope.BREAK_GLASS);
    assertThat(c.specialties()).containsExactly("Emergency medicine", "Cardiology");
    assertThat(c.status()).isEqualTo(CredentialStatus.ACTIVE);
    assertThat(c.statusHeight()).isEqualTo(ledger.height());
    assertThat(c.document().hex()).isEqualTo(CredentialsTestLedger.document("MB-1001", 0));
    assertThat(CredentialsContract.ofHolder(ledger.state, ledger.drWang.certificateId())).containsExactly(c);
    assertThat(Credential.decode(c.encode())).isEqualTo(c);
  }

  @Test
  void suspendReinstateRevokeEachTakeEffectAtTheirBlock() {
    ledger.license(ledger.board, ledger.drWang, "MB-1001", "break-glass");
    ledger.ok(ledger.board, "suspend", "issuer", "medical-board", "licence", "MB-1001", "reason", "complaint under review");
    assertThat(wangs().status()).isEqualTo(CredentialStatus.SUSPENDED);
    assertThat(wangs().statusHeight()).isEqualTo(ledger.height());
    assertThat(wangs().statusReason()).isEqualTo("complaint under review");
    ledger.ok(ledger.board, "reinstate", "issuer", "medical-board", "licence", "MB-1001", "reason", "cleared");
    assertThat(wangs().status()).isEqualTo(CredentialStatus.ACTIVE);
    ledger.ok(ledger.board, "revoke", "issuer", "medical-board", "licence", "MB-1001", "reason", "struck off");
    assertThat(wangs().status()).isEqualTo(CredentialStatus.REVOKED);
    TxOutcome again = ledger.credentials(ledger.board, "reinstate", "issuer", "medical-board", "licence", "MB-1001",
        "reason", "appeal");
    assertThat(again.code()).isEqualTo("invalid_transition");
    assertThat(again.message()).contains("only a suspended credential is reinstated");
    assertThat(ledger.credentials(ledger.board, "renew", "issuer", "medical-board", "licence", "MB-1001", "validUntil",
        Long.toString(ledger.now() + 900 * CredentialsTestLedger.DAY), "document", CredentialsTestLedger.document("MB-1001", 1),
        "reason", "renewal").code()).isEqualTo("invalid_transition");
  }

  @Test
  void renewalReplacesTheDocumentAndExtendsTheValidityKeepingTheStatus() {
    ledger.license(ledger.board, ledger.drWang, "MB-1001", "break-glass");
    ledger.ok(ledger.board, "suspend", "issuer", "medical-board", "licence", "MB-1001", "reason", "audit");
    long end = ledger.now() + 730 * CredentialsTestLedger.DAY;
    ledger.ok(ledger.board, "renew", "issuer", "medical-board", "licence", "MB-1001", "validUntil", Long.toString(end),
        "document", CredentialsTestLedger.document("MB-1001", 1), "reason", "annual renewal");
    assertThat(wangs().validUntil()).isEqualTo(end);
    assertThat(wangs().document().hex()).isEqualTo(CredentialsTestLedger.document("MB-1001", 1));
    assertThat(wangs().renewals()).isEqualTo(1);
    assertThat(wangs().status()).isEqualTo(CredentialStatus.SUSPENDED);
    TxOutcome shorter = ledger.credentials(ledger.board, "renew", "issuer", "medical-board", "licence", "MB-1001",
        "validUntil", Long.toString(end - 1), "document", CredentialsTestLedger.document("MB-1001", 2), "reason", "oops");
    assertThat(shorter.message()).contains("must be after the current end");
  }

  @Test
  void anotherAuthorityCannotChangeTheBoardsCredentialAndNothingChanges() {
    ledger.license(ledger.board, ledger.drWang, "MB-1001", "break-glass");
    List<String> before = ledger.snapshot();
    for (String method : List.of("suspend", "revoke")) {
      TxOutcome o = ledger.credentials(ledger.otherBoard, method, "issuer", "medical-board", "licence", "MB-1001",
          "reason", "rival board");
      assertThat(o.code()).as(method).isEqualTo("forbidden");
      assertThat(o.message()).contains("only medical-board changes it, not nursing-board");
    }
    TxOutcome renew = ledger.credentials(ledger.otherBoard, "renew", "issuer", "medical-board", "licence", "MB-1001",
        "validUntil", Long.toString(ledger.now() + 900 * CredentialsTestLedger.DAY), "document",
        CredentialsTestLedger.document("MB-1001", 5), "reason", "rival board");
    assertThat(renew.code()).isEqualTo("forbidden");
    assertThat(ledger.snapshot()).isEqualTo(before);
  }

  @Test
  void aClinicianOrAHospitalAdminCannotIssueOrSuspend() {
    List<String> before = ledger.snapshot();
    TxOutcome self = ledger.license(ledger.drWang, ledger.drWang, "SELF-1", "break-glass,sign-claims");
    assertThat(self.success()).isFalse();
    assertThat(self.code()).isEqualTo("forbidden");
    assertThat(ledger.license(ledger.adminA, ledger.drChen, "HOSP-1", "break-glass").success()).isFalse();
    assertThat(ledger.snapshot()).isEqualTo(before);
    ledger.license(ledger.board, ledger.drChen, "MB-2002", "break-glass");
    TxOutcome lift = ledger.credentials(ledger.adminA, "reinstate", "issuer", "medical-board", "licence", "MB-2002",
        "reason", "we need her");
    assertThat(lift.code()).isEqualTo("forbidden");
  }

  @Test
  void badInputIsRefusedNamingWhatIsWrongAndNothingChanges() {
    List<String> before = ledger.snapshot();
    assertThat(ledger.license(ledger.board, ledger.patient, "MB-9", "break-glass").message())
        .contains("is a patient of hospital-a: only a clinician is licensed");
    assertThat(ledger.license(ledger.board, ledger.drWang, "MB 9", "break-glass").message()).contains("licence 'MB 9'");
    assertThat(ledger.license(ledger.board, ledger.drWang, "MB-9", "break-glass,fly").message())
        .contains("unknown scope 'fly'");
    TxOutcome unknownHolder = ledger.credentials(ledger.board, "issue", "licence", "MB-9", "holder", "ab".repeat(32),
        "profession", "Physician", "scopes", "prescribe", "validFrom", "0", "validUntil",
        Long.toString(ledger.now() + CredentialsTestLedger.DAY), "document", CredentialsTestLedger.document("MB-9", 0));
    assertThat(unknownHolder.code()).isEqualTo("unknown_holder");
    TxOutcome bornExpired = ledger.credentials(ledger.board, "issue", "licence", "MB-9", "holder",
        ledger.drWang.certificateId().hex(), "profession", "Physician", "scopes", "prescribe", "validFrom", "0",
        "validUntil", Long.toString(ledger.now() - 1), "document", CredentialsTestLedger.document("MB-9", 0));
    assertThat(bornExpired.message()).contains("born expired");
    assertThat(ledger.credentials(ledger.board, "suspend", "issuer", "medical-board", "licence", "MB-404", "reason", "x")
        .code()).isEqualTo("not_found");
    assertThat(ledger.snapshot()).isEqualTo(before);
    ledger.license(ledger.board, ledger.drWang, "MB-9", "prescribe");
    assertThat(ledger.license(ledger.board, ledger.drChen, "MB-9", "prescribe").code()).isEqualTo("already_issued");
  }
}
