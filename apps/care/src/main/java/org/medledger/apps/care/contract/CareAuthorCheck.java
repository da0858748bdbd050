package org.medledger.apps.care.contract;

import org.medledger.apps.credentials.contract.view.CredentialGate;
import org.medledger.apps.credentials.contract.view.Scope;
import org.medledger.core.runtime.Caller;
import org.medledger.core.runtime.ContractContext;
import org.medledger.core.runtime.ContractException;
import org.medledger.crypto.Hash;

/**
 * The one place that decides whether a clinician may record care (a plan or goal version, a
 * milestone) at this block. {@link #CLINICIAN_ROLE} needs a valid certificate with the clinician
 * role (the runtime has already checked it is valid); {@link #CREDENTIALED}, which the application
 * runs, also asks issue 16's credentials ({@code CredentialGate}) for a credential in force with
 * scope {@code record-care} (docs/care.md, "Credentials").
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

  /**
   * The clinician role and, once a licensing authority switched enforcement of {@code record-care}
   * on, a credential in force with that scope at this block ({@link CredentialGate}): a missing,
   * suspended, revoked or expired credential, or one without the scope, is refused by name. Before
   * enforcement, and on a chain without the credentials application, the role alone decides.
   */
  CareAuthorCheck CREDENTIALED = (ctx, author, organisation, role, action) -> {
    CLINICIAN_ROLE.requireMayRecord(ctx, author, organisation, role, action);
    String name = ctx.member(author).map(m -> m.name()).orElse(author.hex());
    CredentialGate.requireScope(ctx, new Caller(author, organisation, role, name), Scope.RECORD_CARE);
  };
}
