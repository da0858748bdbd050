package org.medledger.consensus.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The randomised simulator with the validator set changing mid-run ({@link SetChangeRun}, issue
 * 24 item 2): a validator added, one removed, one rotated to a new key at a height the seed fixes,
 * and the Byzantine validator, when there is one, the added or the removed one. Every run checks:
 * no two honest validators commit different blocks at a height, every honest chain is a prefix of
 * every other, every block's certificate holds a quorum of valid seals of the set in force at its
 * height (as committed, and as offered in sync), no honest validator signs with a key out of force
 * at the height, evidence names only the equivocator, and after the heal every honest validator
 * reaches the target height. Each seed is printed when it fails and replays alone with {@code
 * -Dmedledger.sim.seed=N}; {@code -Dmedledger.sim.long=true} runs {@value #LONG_RUN_SEEDS} seeds,
 * {@code -Dmedledger.sim.seeds=N} any number.
 */
class SetChangeSimulationTest {
  static final int DEFAULT_SEEDS = 100;
  static final int LONG_RUN_SEEDS = 10_000;

  @Test
  void safetyHoldsAcrossAddedRemovedAndRotatedValidatorsWithTheAddedOrRemovedOneEquivocating() {
    long only = Long.getLong("medledger.sim.seed", -1L);
    int count = Integer.getInteger("medledger.sim.seeds", Boolean.getBoolean("medledger.sim.long") ? LONG_RUN_SEEDS : DEFAULT_SEEDS);
    List<String> failures = new ArrayList<>();
    EnumSet<SetChangeRun.Equivocator> kinds = EnumSet.noneOf(SetChangeRun.Equivocator.class);
    long inForce = 0, outOfForce = 0, evidence = 0, synced = 0, restarts = 0, rotatedSealed = 0;
    long first = only >= 0 ? only : 1;
    long last = only >= 0 ? only : count;
    long start = System.nanoTime();
    for (long seed = first; seed <= last && failures.size() < 5; seed++) {
      SetChangeRun run = new SetChangeRun(seed);
      List<String> v = run.run();
      if (!v.isEmpty()) {
        failures.add(run.describe() + "\n    " + String.join("\n    ", v));
      }
      kinds.add(run.equivocatorKind);
      inForce += run.equivocationsInForce;
      outOfForce += run.forgedOutOfForce;
      evidence += run.evidenceRecorded();
      synced += run.syncedBlocks;
      restarts += run.restarts;
      rotatedSealed += run.rotatedKeySealed() ? 1 : 0;
    }
    System.out.printf("set-change simulation: seeds %d to %d: %.1f s; equivocations in force %d, out of force %d, "
        + "evidence %d, blocks synced %d, restarts %d%n", first, last, (System.nanoTime() - start) / 1e9, inForce, outOfForce,
        evidence, synced, restarts);
    assertThat(failures).as("failing seeds (replay with -Dmedledger.sim.seed=N -Dtest=SetChangeSimulationTest)").isEmpty();
    if (only < 0) {
      // No fork only means something if the adversarial parts ran.
      assertThat(kinds).as("equivocators: none, the added one, the removed one").containsExactlyInAnyOrder(
          SetChangeRun.Equivocator.values());
      assertThat(inForce).as("equivocations by a validator in force").isPositive();
      assertThat(outOfForce).as("messages signed by the added or removed one out of its heights").isPositive();
      assertThat(evidence).as("evidence recorded against the equivocator").isPositive();
      assertThat(synced).as("blocks taken by sync").isPositive();
      assertThat(restarts).as("honest validators restarted").isPositive();
      assertThat(rotatedSealed).as("runs where the rotated key sealed a block").isPositive();
    }
  }

  /** The harness proves itself: engines that ignore the change make its checks fire. */
  @Test
  void enginesThatKeepTheOldSetAreCaught() {
    String found = null;
    for (long seed = 1; seed <= 20 && found == null; seed++) {
      SetChangeRun run = new SetChangeRun(seed, true);
      for (String v : run.run()) {
        if (v.contains("bad certificate") && v.contains("not in the set at height")) {
          found = run.describe() + ": " + v;
          break;
        }
      }
    }
    assertThat(found).as("a certificate sealed by a key out of force, found").isNotNull();
  }

  @Test
  void aSeedReplaysIdentically() {
    SetChangeRun a = new SetChangeRun(7);
    SetChangeRun b = new SetChangeRun(7);
    assertThat(a.run()).isEqualTo(b.run());
    assertThat(a.cluster.now).isEqualTo(b.cluster.now);
    for (int i = 0; i < a.cluster.members.length; i++) {
      assertThat(a.cluster.members[i].decided.stream().map(Cluster.Decided::id).toList())
          .isEqualTo(b.cluster.members[i].decided.stream().map(Cluster.Decided::id).toList());
    }
  }
}
