package org.medledger.apps.records.node;

import java.util.concurrent.CompletableFuture;
import org.medledger.apps.records.contract.audit.AccessEvent;
import org.medledger.crypto.Hash;

/**
 * The access audit every application that reads health data goes through (care, trials): an
 * access event is queued for the ledger's {@code audit} contract, signed by this node, and the
 * future completes with its audit transaction's id once admission accepted it, or fails when it
 * did not. Serve nothing before it completes (fail closed), and nothing before that transaction
 * is committed. Provided by the health-records application, which owns the audit contract; it
 * names records' {@link AccessEvent}, so it is records' own type, not the platform's (issue 14):
 * another application reading health data needs a platform-neutral form of it first.
 */
public interface AccessAudit {
  CompletableFuture<Hash> log(AccessEvent event);
}
