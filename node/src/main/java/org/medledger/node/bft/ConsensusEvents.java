package org.medledger.node.bft;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The consensus thread's one queue. What peers send is bounded per peer (a peer that floods
 * loses its own excess, not the others' messages); what this node schedules itself (timer
 * expiries, "there is work", start) is never dropped: a lost retransmit timer would end
 * retransmission for the height and a lost precommit timeout would strand the node in its round
 * (issue 21, finding 6). The node's own events are few by construction (a handful of timers per
 * round, one coalesced work signal).
 */
final class ConsensusEvents {
  private final LinkedBlockingQueue<Runnable> queue = new LinkedBlockingQueue<>();
  private final Map<String, AtomicInteger> queuedByPeer = new ConcurrentHashMap<>();
  private final int maxPerPeer;

  ConsensusEvents(int maxPerPeer) {
    this.maxPerPeer = maxPerPeer;
  }

  /** Queues an event caused by {@code peer}; false (dropped) when that peer already has its share queued. */
  boolean offerFromPeer(String peer, Runnable event) {
    AtomicInteger queued = queuedByPeer.computeIfAbsent(peer, k -> new AtomicInteger());
    if (queued.incrementAndGet() > maxPerPeer) {
      queued.decrementAndGet();
      return false;
    }
    queue.add(() -> {
      queued.decrementAndGet();
      event.run();
    });
    return true;
  }

  /** Queues an event of this node's own (a timer, a work signal); never dropped. */
  void offerLocal(Runnable event) {
    queue.add(event);
  }

  Runnable poll(long timeout, TimeUnit unit) throws InterruptedException {
    return queue.poll(timeout, unit);
  }

  int size() {
    return queue.size();
  }
}
