package org.medledger.node.admission;

import java.util.Optional;
import org.medledger.core.runtime.Caller;
import org.medledger.core.tx.Transaction;
import org.medledger.crypto.Verifier;

/** Finds the key and standing of a transaction's sender at the committed head. */
public interface SenderDirectory {
  record Sender(Caller caller, Verifier verifier, boolean revoked) {}

  /**
   * The sender of {@code tx}: a registered or genesis certificate, or, for a self-registration,
   * the certificate the transaction carries. Empty when unknown.
   */
  Optional<Sender> sender(Transaction tx);
}
