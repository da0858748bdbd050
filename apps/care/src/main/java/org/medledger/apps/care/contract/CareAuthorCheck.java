package org.medledger.apps.care.contract;

import org.medledger.core.runtime.ContractContext;
import org.medledger.core.runtime.ContractException;
import org.medledger.crypto.Hash;

/**
 * The one place that decides whether a clinician may record care (a plan or goal version, a
 * milestone) at this block. Today it needs a valid certificate with the clinician role, which the
 * runtime has already checked; issue 16's credentials (apps/credentials) plug in here: a checker
 * that also asks its {@code CredentialGate} whether the clinician holds a valid credential with
 * scope {@code record-care} at this block, refusing a missing, suspended, revoked or expired one
 * by name. The contract is given one at construction, so a chain that enables credentials
 * changes this class's implementation, not the rules around it (docs/care.md, "Credentials").
 */
public interface CareAuthorCheck {
  /** The scope a credential must carry to record care. */
  String SCOPE = "record-care";

  /**
   * Refuses with a {@link ContractException} when the member with certificate {@code author},
   * of {@code organisation} in {@code role} (as the runtime or {@code ctx.member} confirmed
   * them), may not {@code action} at this block; returns normally when she may.
   */
  void requireMayRecord(ContractContext ctx, Hash author, String organisation, String role, String action)
      throws ContractException;

  /** The role alone: a clinician with a valid certificate of a member hospital; an admin or anyone else is refused. */
  CareAuthorCheck CLINICIAN_ROLE = (ctx, author, organisation, role, action) -> {
    if (!"clinician".equals(role)) {
      throw new ContractException("forbidden", "only a clinician may " + action + " (" + author.hex() + " of "
          + organisation + " is " + role + ")");
    }
  };
}
