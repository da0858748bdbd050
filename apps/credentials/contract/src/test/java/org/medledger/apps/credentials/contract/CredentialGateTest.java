package org.medledger.apps.credentials.contract;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.medledger.apps.credentials.contract.view.CredentialGate;
import org.medledger.apps.credentials.contract.view.Scope;
import org.medledger.core.runtime.ContractContext;
import org.medledger.core.runtime.DeclaredContract;
import org.medledger.core.runtime.MethodTable;
import org.medledger.core.runtime.Roles;
import org.medledger.core.runtime.Weight;
import org.medledger.core.runtime.TxOutcome;
import org.medledger.core.tx.Args;

/**
 * The gate another contract puts before an act that needs a credential, run by the real executor
 * in a contract of its own ({@code ward}: a clinician's break-glass), against the real
 * credentials contract's state of the same ledger.
 */
class CredentialGateTest {
  /** Stands for records' audit or insurance's claims: one act, gated by one scope. */
  private static final class Ward extends DeclaredContract {
    private final MethodTable methods = MethodTable.of("ward")
        .tx("breakGlass", Roles.of("clinician"), Weight.ONE, this::breakGlass)
        .build();

    @Override
    public String name() {
      return "ward";
    }

    @Override
    protected MethodTable methods() {
      return methods;
    }

    private void breakGlass(ContractContext ctx) throws org.medledger.core.runtime.ContractException {
      CredentialGate.requireScope(ctx, ctx.caller(), Scope.BREAK_GLASS);
      ctx.put("opened/" + ctx.blockHeight(), new byte[] {1});
      ctx.emit("GlassBroken", Args.of());
    }
  }

  private final CredentialsTestLedger ledger = new CredentialsTestLedger(new Ward());

  private TxOutcome breakGlass(org.medledger.core.runtime.Caller who) {
    return ledger.run(who, "ward", "breakGlass");
  }

  @Test
  void untilAnAuthoritySwitchesTheScopeOnNobodyIsAsked() {
    assertThat(breakGlass(ledger.drLi).success()).isTrue();
  }

  @Test
  void onceEnforcedOnlyAClinicianWithTheScopeInForceBreaksTheGlass() {
    ledger.license(ledger.board, ledger.drWang, "MB-1001", "break-glass,prescribe");
    ledger.license(ledger.board, ledger.drChen, "MB-2002", "break-glass");
    ledger.license(ledger.board, ledger.drLi, "MB-3003", "prescribe");
    ledger.ok(ledger.board, "enforce", "scope", "break-glass");

    assertThat(breakGlass(ledger.drWang).success()).isTrue();
    TxOutcome lacking = breakGlass(ledger.drLi);
    assertThat(lacking.code()).isEqualTo("credential_lacks_scope");
    assertThat(lacking.message()).contains("dr-li of hospital-b may not break-glass");

    ledger.ok(ledger.board, "suspend", "issuer", "medical-board", "licence", "MB-2002", "reason", "complaint");
    TxOutcome suspended = breakGlass(ledger.drChen);
    assertThat(suspended.code()).isEqualTo("credential_suspended");
    assertThat(suspended.message()).contains("medical-board licence MB-2002");
    ledger.ok(ledger.board, "reinstate", "issuer", "medical-board", "licence", "MB-2002", "reason", "cleared");
    assertThat(breakGlass(ledger.drChen).success()).isTrue();
    ledger.ok(ledger.board, "revoke", "issuer", "medical-board", "licence", "MB-2002", "reason", "struck off");
    assertThat(breakGlass(ledger.drChen).code()).isEqualTo("credential_revoked");

    ledger.later(366 * CredentialsTestLedger.DAY);
    assertThat(breakGlass(ledger.drWang).code()).isEqualTo("credential_expired");
  }

  @Test
  void aClinicianWithoutAnyCredentialIsRefusedOnceEnforced() {
    ledger.ok(ledger.otherBoard, "enforce", "scope", "break-glass");
    TxOutcome none = breakGlass(ledger.drWang);
    assertThat(none.code()).isEqualTo("credential_required");
    assertThat(none.message()).contains("dr-wang of hospital-a holds no credential");
    assertThat(ledger.state.size()).isPositive();
  }

  @Test
  void enforcementIsARatchetOnlyAnAuthorityTurnsOn() {
    TxOutcome byClinician = ledger.credentials(ledger.drWang, "enforce", "scope", "break-glass");
    assertThat(byClinician.code()).isEqualTo("forbidden");
    ledger.ok(ledger.board, "enforce", "scope", "break-glass");
    TxOutcome twice = ledger.credentials(ledger.otherBoard, "enforce", "scope", "break-glass");
    assertThat(twice.code()).isEqualTo("already_enforced");
    assertThat(ledger.credentials(ledger.board, "enforce", "scope", "none").message()).contains("unknown scope 'none'");
  }
}
