package org.medledger.consensus.sim;

import java.util.SplittableRandom;
import org.medledger.consensus.message.ConsensusMessage;
import org.medledger.consensus.message.Proposal;

/**
 * How the adversary that owns the network orders deliveries, before and after the heal. It may
 * choose any delay up to the bound (partial synchrony: after the heal every message arrives
 * within the bound, but in whatever order suits the adversary); liveness must resume and safety
 * must hold whatever it chooses.
 */
enum DeliveryOrder {
  /** Each message an independent random delay. */
  RANDOM,
  /** Votes race ahead, proposals arrive last: a round's votes come before the value they name. */
  PROPOSALS_LAST,
  /** Everything to or from one honest victim takes the whole bound. */
  SLOW_VICTIM,
  /** Within each window of half the bound, later messages arrive before earlier ones. */
  NEWEST_FIRST,
  /** Odd-numbered validators hear everything at the bound, even ones at once. */
  SLOW_ODD;

  /** The delay, in [1, bound], of {@code m} from {@code from} to {@code to} sent at {@code now}. */
  long delay(SplittableRandom rnd, long now, int from, int to, ConsensusMessage m, int victim, long bound) {
    return switch (this) {
      case RANDOM -> rnd.nextLong(1, bound + 1);
      case PROPOSALS_LAST -> m instanceof Proposal ? bound : rnd.nextLong(1, Math.max(2, bound / 10));
      case SLOW_VICTIM -> from == victim || to == victim ? bound : rnd.nextLong(1, bound + 1);
      case NEWEST_FIRST -> {
        long window = Math.max(2, bound / 2);
        long windowEnd = (now / window + 1) * window;
        yield Math.min(bound, 2 * (windowEnd - now));
      }
      case SLOW_ODD -> to % 2 == 1 ? bound : 1;
    };
  }
}
