package org.medledger.node.api;

import org.medledger.node.application.BodyLimit;

/**
 * The bytes each {@link BodyLimit} class takes on this node. A route's registration names its
 * class ({@code ApiRoutes.add(..., BodyLimit, ...)}), never the look of its path: only routes that
 * upload a health document take the vault's ~101 MiB, so an anonymous {@code /v1/auth/challenge}
 * cannot make the node buffer 100 MiB.
 *
 * @param documentBytes {@link BodyLimit#DOCUMENT}: a record or FHIR resource upload
 * @param batchBytes {@link BodyLimit#TRANSACTION_BATCH}
 * @param transactionBytes {@link BodyLimit#TRANSACTION} (hex in JSON doubles a transaction's size)
 * @param bulkBytes {@link BodyLimit#BULK}: a document of many events, e.g. an EPCIS capture
 * @param standardBytes {@link BodyLimit#STANDARD}: every other route, the auth handshake included
 */
public record BodyLimits(long documentBytes, long batchBytes, long transactionBytes, long bulkBytes, long standardBytes) {
  public BodyLimits {
    if (documentBytes < 1 || batchBytes < 1 || transactionBytes < 1 || bulkBytes < 1 || standardBytes < 1) {
      throw new IllegalArgumentException("body limits must be positive");
    }
  }

  /** The limits for a network whose transactions are at most {@code maxTransactionBytes}. */
  public static BodyLimits forTransactions(int maxTransactionBytes) {
    return new BodyLimits(org.medledger.node.vault.VaultService.MAX_RECORD_BYTES, 32L << 20,
        2L * maxTransactionBytes + 4096, 8L << 20, 64L << 10);
  }

  /** The most a body of a route of class {@code limit} may hold. */
  public long bytes(BodyLimit limit) {
    return switch (limit) {
      case STANDARD -> standardBytes;
      case TRANSACTION -> transactionBytes;
      case TRANSACTION_BATCH -> batchBytes;
      case BULK -> bulkBytes;
      case DOCUMENT -> documentBytes;
    };
  }

  /** The largest limit of any class: what the HTTP server itself is told to accept. */
  public long largest() {
    long most = 0;
    for (BodyLimit l : BodyLimit.values()) {
      most = Math.max(most, bytes(l));
    }
    return most;
  }
}
