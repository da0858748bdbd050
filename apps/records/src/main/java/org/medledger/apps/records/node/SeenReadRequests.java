package org.medledger.apps.records.node;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import org.medledger.apps.records.contract.audit.AuditContract;
import org.medledger.apps.records.contract.audit.ReadRequest;

/**
 * The read requests this node has logged and the ledger may not hold yet: a request used twice is
 * refused here, before its second event could make the whole audit batch fail on the ledger
 * (which spends each nonce once). A request lives here while its time is within the audit's skew;
 * past that the ledger refuses it anyway, so the memory stays bounded by the reads of a window.
 */
final class SeenReadRequests {
  private final Map<String, Long> seen = new LinkedHashMap<>();

  /** True the first time this node sees {@code r}; false for a replay. */
  synchronized boolean firstUse(ReadRequest r, long now) {
    for (Iterator<Long> it = seen.values().iterator(); it.hasNext(); ) {
      long time = it.next();
      if (Math.abs(now - time) <= 2 * AuditContract.MAX_EVENT_SKEW_MILLIS) {
        break; // insertion order is roughly time order; the rest are newer
      }
      it.remove();
    }
    return seen.putIfAbsent(r.requester().hex() + "/" + r.nonce().hex(), r.time()) == null;
  }
}
