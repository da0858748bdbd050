package org.medledger.core.runtime;

import java.util.Optional;
import org.medledger.core.tx.Transaction;
import org.medledger.crypto.Hash;
import org.medledger.crypto.x509.MemberCertificate;

/**
 * Finds who sent a transaction at the state it executes against: a certificate unknown or
 * revoked at that height makes the transaction fail, deterministically, on every node. The one
 * place the runtime asks who a certificate is: registered (or a genesis validator), issued by its
 * organisation's genesis CA, within validity, not revoked, and carrying a role the genesis lets
 * its organisation hold.
 */
public interface CallerResolver {
  Caller resolve(Transaction tx, StateReader state) throws ContractException;

  /**
   * The member behind a certificate a transaction names (not its sender: e.g. the requester of
   * a logged access), judged like a sender at {@code atMillis}; empty when it is not one. The
   * default knows no one, so a resolver without a membership view refuses every such claim.
   */
  default Optional<MemberCertificate> member(Hash certificateId, StateReader state, long atMillis) {
    return Optional.empty();
  }
}
