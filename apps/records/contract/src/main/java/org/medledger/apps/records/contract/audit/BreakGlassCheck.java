package org.medledger.apps.records.contract.audit;

import org.medledger.apps.credentials.contract.view.CredentialGate;
import org.medledger.apps.credentials.contract.view.Scope;
import org.medledger.core.runtime.Caller;
import org.medledger.core.runtime.ContractContext;
import org.medledger.core.runtime.ContractException;

/**
 * Whether a clinician whose break-glass read a node logs may break the glass, beyond her
 * genesis-confirmed role: the audit contract's hook for clinician credentials (issue 16), handed
 * to {@link AuditContract}'s constructor by the records application from the genesis.
 */
@FunctionalInterface
public interface BreakGlassCheck {
  /** Any clinician the runtime admitted: a chain that does not run the credentials application. */
  BreakGlassCheck GENESIS_CONFIRMED_CLINICIAN = (ctx, clinician) -> { };

  /**
   * A clinician holding a credential in force with the {@code break-glass} scope at the block,
   * once a licensing authority has enforced that scope (docs/credentials.md): a chain whose genesis
   * runs the credentials application.
   */
  BreakGlassCheck CREDENTIAL_IN_FORCE = (ctx, clinician) -> CredentialGate.requireScope(ctx, clinician, Scope.BREAK_GLASS);

  /** Refuses, naming why, a clinician who may not break the glass now. */
  void requireMayBreakGlass(ContractContext ctx, Caller clinician) throws ContractException;
}
