package org.medledger.node.vault;

import java.security.SecureRandom;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.medledger.crypto.Hash;

/**
 * This node's vault requests awaiting their replies, each keyed by the certificate id of the peer
 * it was sent to and a 128-bit random id (issue 20 finding 10). A reply completes its request only
 * when it comes from that peer with that id: a validator cannot forge another's {@code PutAck} (a
 * shard counted as placed that is not) or {@code ShardReply} (an honest holder blamed for a bad
 * shard). Any other reply is dropped and counted.
 */
final class PendingReplies {
  /** Who a request went to, and its id. */
  record Key(Hash peer, VaultRequestId id) {}

  private final SecureRandom random;
  private final Map<Key, CompletableFuture<VaultMessage>> pending = new ConcurrentHashMap<>();
  private final AtomicLong unmatched = new AtomicLong();

  PendingReplies(SecureRandom random) {
    this.random = random;
  }

  /** A fresh request to {@code peer}: its key, whose id goes in the frame, and the future its reply completes. */
  Key open(Hash peer, CompletableFuture<VaultMessage> reply) {
    while (true) {
      Key k = new Key(peer, VaultRequestId.random(random));
      if (pending.putIfAbsent(k, reply) == null) {
        return k;
      }
    }
  }

  void close(Key k) {
    pending.remove(k);
  }

  /** Completes the request {@code reply} answers if {@code from} is the peer it was sent to; false (and counted) otherwise. */
  boolean complete(Hash from, VaultMessage reply) {
    CompletableFuture<VaultMessage> f = pending.get(new Key(from, reply.request()));
    if (f == null) {
      unmatched.incrementAndGet();
      return false;
    }
    f.complete(reply);
    return true;
  }

  /** Replies that answered no request of this node sent to their sender: forged, or late past their timeout. */
  long unmatched() {
    return unmatched.get();
  }

  int open() {
    return pending.size();
  }
}
