package org.medledger.node.vault;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.medledger.crypto.Hash;

/**
 * Issue 20 finding 10: vault replies were matched by a sequential request id alone, so one
 * validator could answer for another (a forged PutAck counted a shard as placed; a forged
 * ShardReply had an honest holder blamed). A reply now completes a request only when it comes
 * from the peer the request went to, with its 128-bit random id.
 */
class PendingRepliesTest {
  static final Hash HONEST_HOLDER = Hash.of(new byte[32]);
  static final Hash OTHER_VALIDATOR = Hash.of(filled(7));

  static byte[] filled(int b) {
    byte[] x = new byte[32];
    java.util.Arrays.fill(x, (byte) b);
    return x;
  }

  @Test
  void aForgedPutAckOrShardReplyFromAnotherValidatorIsNotAccepted() {
    PendingReplies pending = new PendingReplies(new SecureRandom());
    CompletableFuture<VaultMessage> put = new CompletableFuture<>();
    CompletableFuture<VaultMessage> get = new CompletableFuture<>();
    PendingReplies.Key putKey = pending.open(HONEST_HOLDER, put);
    PendingReplies.Key getKey = pending.open(HONEST_HOLDER, get);

    // Another validator that saw (or guessed) the ids answers first.
    assertThat(pending.complete(OTHER_VALIDATOR, new VaultMessage.PutAck(putKey.id(), true, ""))).isFalse();
    assertThat(pending.complete(OTHER_VALIDATOR,
        new VaultMessage.ShardReply(getKey.id(), VaultMessage.ShardReply.FOUND, new byte[] {6, 6, 6}))).isFalse();
    // The holder itself, with an id it was never sent.
    assertThat(pending.complete(HONEST_HOLDER, new VaultMessage.PutAck(new VaultRequestId(putKey.id().high(),
        putKey.id().low() + 1), true, ""))).isFalse();
    assertThat(put).isNotDone();
    assertThat(get).isNotDone();
    assertThat(pending.unmatched()).isEqualTo(3);

    VaultMessage.PutAck refusal = new VaultMessage.PutAck(putKey.id(), false, "does not match the manifest");
    assertThat(pending.complete(HONEST_HOLDER, refusal)).isTrue();
    assertThat(put.join()).isEqualTo(refusal);
    pending.close(putKey);
    assertThat(pending.complete(HONEST_HOLDER, refusal)).as("answered and closed").isFalse();
    assertThat(pending.open()).isEqualTo(1);
  }

  @Test
  void requestIdsAreRandomNotSequential() {
    PendingReplies pending = new PendingReplies(new SecureRandom());
    Set<VaultRequestId> ids = new HashSet<>();
    VaultRequestId previous = null;
    int sequential = 0;
    for (int i = 0; i < 1_000; i++) {
      VaultRequestId id = pending.open(HONEST_HOLDER, new CompletableFuture<>()).id();
      ids.add(id);
      if (previous != null && id.high() == previous.high() && id.low() == previous.low() + 1) {
        sequential++;
      }
      previous = id;
    }
    assertThat(ids).hasSize(1_000);
    assertThat(sequential).isZero();
  }
}
