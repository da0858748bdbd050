package org.medledger.node.vault;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The bytes of shards and keys this holder has taken in and not yet answered: queued for a worker
 * or parked until their ledger entry commits. Bounded per sending peer and in all, so a validator
 * flooding early {@code PutShard}s (payload included) cannot grow this node's memory without end
 * (issue 20 finding 9); a frame over either bound is refused at once, the sender told why, and
 * counted. An honest custodian's shards of one record fit many times over.
 */
final class WaitingBytes {
  private final long perPeer;
  private final long total;
  private final Map<String, Long> byPeer = new HashMap<>();
  private long held;
  private final AtomicLong refused = new AtomicLong();

  WaitingBytes(long perPeer, long total) {
    if (perPeer <= 0 || total < perPeer) {
      throw new IllegalArgumentException("budgets: per peer " + perPeer + ", in all " + total);
    }
    this.perPeer = perPeer;
    this.total = total;
  }

  /** Takes {@code bytes} from {@code peer}'s budget and the total; empty when they fit, else why not. */
  synchronized java.util.Optional<String> reserve(String peer, long bytes) {
    long mine = byPeer.getOrDefault(peer, 0L);
    if (mine + bytes > perPeer) {
      refused.incrementAndGet();
      return java.util.Optional.of("this holder already holds " + mine + " bytes of shards and keys from " + peer
          + " waiting for their ledger entries (at most " + perPeer + " per node): retry once they are committed");
    }
    if (held + bytes > total) {
      refused.incrementAndGet();
      return java.util.Optional.of("this holder already holds " + held + " bytes of shards and keys waiting for their ledger"
          + " entries (at most " + total + "): retry once they are committed");
    }
    byPeer.put(peer, mine + bytes);
    held += bytes;
    return java.util.Optional.empty();
  }

  synchronized void release(String peer, long bytes) {
    long mine = byPeer.getOrDefault(peer, 0L) - bytes;
    if (mine <= 0) {
      byPeer.remove(peer);
    } else {
      byPeer.put(peer, mine);
    }
    held = Math.max(0, held - bytes);
  }

  synchronized long held() {
    return held;
  }

  synchronized long heldFrom(String peer) {
    return byPeer.getOrDefault(peer, 0L);
  }

  long refused() {
    return refused.get();
  }

  long perPeer() {
    return perPeer;
  }

  long total() {
    return total;
  }
}
