package org.medledger.apps.safety.node.readings;

import java.util.concurrent.CompletableFuture;
import org.medledger.apps.safety.contract.readings.ReadingBatch;
import org.medledger.crypto.Hash;

/** Puts a sealed batch's root on the ledger; the future completes with the anchoring transaction once it is committed. */
@FunctionalInterface
interface BatchAnchor {
  CompletableFuture<Anchored> anchor(String batchId, ReadingBatch batch);

  /** @param code the outcome's code ({@code ok} when it succeeded) */
  record Anchored(Hash transactionId, long height, boolean success, String code, String message) {}
}
