package org.medledger.apps.records.contract.record;

import java.util.Optional;
import org.medledger.apps.credentials.contract.view.CredentialGate;
import org.medledger.apps.credentials.contract.view.CredentialKeys;
import org.medledger.apps.credentials.contract.view.Scope;
import org.medledger.core.runtime.Caller;
import org.medledger.core.runtime.ContractContext;
import org.medledger.core.runtime.ContractException;
import org.medledger.core.runtime.StateReader;
import org.medledger.crypto.Hash;
import org.medledger.crypto.x509.MemberCertificate;

/**
 * Whether the member a record is registered under may author it, beyond the sender's
 * genesis-confirmed role: the records contract's hook for clinician credentials (issue 16 item 4,
 * scope {@code author-records}), handed to {@link RecordContract}'s constructor by the records
 * application from the genesis.
 */
@FunctionalInterface
public interface RecordAuthorCheck {
  /** Any author the sender names, as before: a chain that does not run the credentials application. */
  RecordAuthorCheck CARE_GIVER_ROLE = (ctx, author) -> { };

  /**
   * Once a licensing authority has enforced {@code author-records} (docs/credentials.md), the
   * author must hold a credential in force with that scope at the block; a node storing for its
   * clinicians must name a valid member of its own organisation (a node names the author, so
   * without that it could lend any credentialed clinician's name to a record). Before enforcement
   * nothing more is read and a record registers as it always did.
   */
  RecordAuthorCheck CREDENTIAL_IN_FORCE = (ctx, author) -> {
    if (ctx.read(CredentialKeys.NAMESPACE, CredentialKeys.enforced(Scope.AUTHOR_RECORDS)) == null) {
      return;
    }
    Caller sender = ctx.caller();
    Caller named = sender;
    if (!sender.certificateId().equals(author)) {
      MemberCertificate m = ctx.member(author).orElseThrow(() -> new ContractException("unknown_author",
          "author " + author.hex() + " is not a valid member certificate at this block"));
      if (!m.organisation().equals(sender.organisation())) {
        throw new ContractException("forbidden", "author " + m.name() + " is of " + m.organisation() + ": the node of "
            + sender.organisation() + " stores records only for its own clinicians");
      }
      named = new Caller(author, m.organisation(), m.role().wireName(), m.name());
    }
    CredentialGate.requireScope(ctx, named, Scope.AUTHOR_RECORDS);
  };

  /** Refuses, naming why, a record registered under {@code author} that she may not author now. */
  void requireMayAuthor(ContractContext ctx, Hash author) throws ContractException;

  /**
   * What the ledger would answer a record stored under {@code author} at {@code time} on this
   * committed state: a node asks it before it seals and places anything (empty: it may).
   */
  static Optional<CredentialGate.Refusal> refusal(StateReader state, Caller author, long time) {
    return CredentialGate.refusal(state, author, Scope.AUTHOR_RECORDS, time);
  }
}
