package org.medledger.node.admission;

import org.medledger.crypto.Hash;

/** The outcome of offering a transaction to the mempool. */
public sealed interface AdmissionResult {
  record Accepted(Hash txId) implements AdmissionResult {}

  record Refused(Rejection rejection) implements AdmissionResult {}
}
