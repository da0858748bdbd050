package org.medledger.consensus.twins;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.medledger.core.block.CommitSeal;
import org.medledger.crypto.Hash;

/**
 * Twins across a validator-set change ({@link SetChange}, issue 24 item 2): the scenario plays at
 * the first height of the new set, where one validator was added, one removed and one rotated to a
 * new key, and the twinned validator is the added one or the removed one. Checked in every
 * scenario, as {@link TwinsTest} does: no two honest instances decide differently at the height
 * (one height, so every honest chain is a prefix of another's), all decide within the bound once
 * the network is whole, evidence names only the twinned validator; and here also: every honest
 * decision's certificate holds a quorum of the new set (no seal of the removed key or of the
 * rotated validator's old key) and is not one the old set would accept. The default run samples
 * {@value #DEFAULT_SCENARIOS} scenarios of {@value TwinsTest#DEFAULT_ROUNDS} rounds per twin;
 * {@code -Dmedledger.twins.long=true} {@value #LONG_SCENARIOS} of 8 rounds; {@code
 * -Dmedledger.twins.change=added|removed -Dmedledger.twins.seed=N [-Dmedledger.twins.rounds=R]}
 * replays one (a sampled scenario #i has seed {@value #FIRST_SEED} + i).
 */
class SetChangeTwinsTest {
  static final int DEFAULT_SCENARIOS = 2_000;
  static final int LONG_SCENARIOS = 50_000;
  static final long FIRST_SEED = 5_000;

  @Test
  void aTwinTheChangeAddsIsConvictedAndNeverForksTheNewSet() {
    Tally t = runAll(SetChange.ADDED_TWIN);
    assertThat(t.failures).as("failing scenarios (replay with -Dmedledger.twins.change=added -Dmedledger.twins.seed=N)")
        .isEmpty();
    if (t.replay) {
      return;
    }
    // No fork only means something if the added validator's twins really equivocated in the new set.
    assertThat(t.withEvidence).as("scenarios where an honest validator convicted the added twin").isGreaterThan(t.count / 20);
    assertThat(t.withTwoProposals).as("scenarios where the added twin proposed two blocks").isPositive();
    assertThat(t.withRotatedSeal).as("decisions sealed with the rotated validator's new key").isPositive();
  }

  @Test
  void aRemovedValidatorsTwinsKeepingTheOldSetCountForNoOne() {
    Tally t = runAll(SetChange.REMOVED_TWIN);
    assertThat(t.failures).as("failing scenarios (replay with -Dmedledger.twins.change=removed -Dmedledger.twins.seed=N)")
        .isEmpty();
    if (t.replay) {
      return;
    }
    // Where the honest ones decide in round 0 before a propose timeout, the twins (which refuse
    // the new set's proposal) never get to sign: most scenarios still make them.
    assertThat(t.withTwinnedSigning).as("scenarios where the removed twins signed at the height (the cheat tried)")
        .isGreaterThan(t.count / 2);
    // Its messages do not verify for the slot they claim: no honest engine ever holds two of them.
    assertThat(t.withEvidence).as("scenarios with evidence").isZero();
    assertThat(t.withRotatedSeal).as("decisions sealed with the rotated validator's new key").isPositive();
  }

  @Test
  void aScenarioAcrossTheChangeReplaysIdentically() {
    TwinsScenario s = new ScenarioGenerator(SetChange.ADDED_TWIN.setup()).sample(FIRST_SEED + 3, 8);
    TwinsRun a = new TwinsRun(SetChange.ADDED_TWIN, s);
    TwinsRun b = new TwinsRun(SetChange.ADDED_TWIN, s);
    assertThat(a.run()).isEqualTo(b.run());
    assertThat(a.now).isEqualTo(b.now);
    for (int i = 0; i < a.instances.length; i++) {
      assertThat(a.instances[i].decided).isEqualTo(b.instances[i].decided);
    }
  }

  /** What a batch of scenarios across the change did. */
  private static final class Tally {
    final List<String> failures = new ArrayList<>();
    boolean replay;
    long count, withEvidence, withTwoProposals, withRotatedSeal, withTwinnedSigning;
  }

  private static Tally runAll(SetChange change) {
    String only = System.getProperty("medledger.twins.change");
    long seed = Long.getLong("medledger.twins.seed", -1L);
    int rounds = Integer.getInteger("medledger.twins.rounds", TwinsTest.DEFAULT_ROUNDS);
    ScenarioGenerator g = new ScenarioGenerator(change.setup());
    Tally t = new Tally();
    if (only != null && seed >= 0) {
      org.junit.jupiter.api.Assumptions.assumeTrue(change.name().startsWith(only), "replaying the " + only + " twin only");
      TwinsScenario s = g.sample(seed, rounds);
      System.out.println("twins across a set change (" + change.name() + "): replaying seed " + seed + ": "
          + s.describe(change.setup()));
      runOne(change, s, seed, t);
      t.replay = true;
      return t;
    }
    boolean long_ = Boolean.getBoolean("medledger.twins.long");
    int count = long_ ? LONG_SCENARIOS : DEFAULT_SCENARIOS;
    int scenarioRounds = long_ ? 8 : TwinsTest.DEFAULT_ROUNDS;
    long start = System.nanoTime();
    for (long i = 0; i < count; i++) {
      runOne(change, g.sample(FIRST_SEED + i, scenarioRounds), FIRST_SEED + i, t);
    }
    System.out.printf("twins across a set change (%s): %d %d-round scenarios, seeds %d to %d: %.1f s; evidence in %d, "
        + "two proposals in %d%n", change.name(), count, scenarioRounds, FIRST_SEED, FIRST_SEED + count - 1,
        (System.nanoTime() - start) / 1e9, t.withEvidence, t.withTwoProposals);
    return t;
  }

  private static void runOne(SetChange change, TwinsScenario s, long seed, Tally t) {
    TwinsRun run = new TwinsRun(change, s);
    TwinsRun.Outcome o = run.run();
    List<String> problems = new ArrayList<>(o.violations());
    boolean rotatedSeal = false;
    Hash rotated = TwinsKeys.id(SetChange.ROTATED_KEY);
    for (TwinsInstance in : run.instances) {
      if (!in.honest || in.decided == null) {
        continue;
      }
      String problem = run.certificateProblem(in.decidedRound, in.decided, in.certificate);
      if (problem != null) {
        problems.add("CERTIFICATE: honest " + change.setup().name(in.index) + " holds one with " + problem);
      }
      if (run.certificateProblem(run.keys.validatorSetOf(SetChange.BEFORE), in.decidedRound, in.decided, in.certificate) == null) {
        problems.add("CERTIFICATE: honest " + change.setup().name(in.index) + " holds one the old set would accept");
      }
      for (CommitSeal seal : in.certificate.seals()) {
        rotatedSeal |= seal.validator().equals(rotated);
        if (seal.validator().equals(TwinsKeys.id(0)) || seal.validator().equals(TwinsKeys.id(SetChange.ROTATED_NODE))) {
          problems.add("CERTIFICATE: honest " + change.setup().name(in.index) + " holds a seal of a key out of force: "
              + seal.validator());
        }
      }
    }
    t.count++;
    t.withEvidence += o.evidenceRecorded() ? 1 : 0;
    t.withTwoProposals += o.honestSawTwoProposals() ? 1 : 0;
    t.withRotatedSeal += rotatedSeal ? 1 : 0;
    t.withTwinnedSigning += run.twinnedSignedAtHeight > 0 ? 1 : 0;
    if (!problems.isEmpty() && t.failures.size() < 5) {
      t.failures.add("seed " + seed + " " + s.describe(change.setup()) + "\n    " + String.join("\n    ", problems));
    }
  }
}
