package org.medledger.consensus.twins;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.function.LongFunction;
import org.junit.jupiter.api.Test;

/**
 * Twins (Bano et al., OPODIS 2021) on the unchanged Tendermint engine: four validators, validator
 * 0 run by two instances with its key, scenarios of leaders and partitions per round ({@link
 * ScenarioGenerator}), and the properties of {@link TwinsRun}: no two honest validators decide
 * differently, all decide within a bounded number of rounds once the network is whole, and
 * evidence names the twinned validator. The default run samples {@value #DEFAULT_SCENARIOS}
 * scenarios of {@value #DEFAULT_ROUNDS} rounds from a fixed seed; {@code -Dmedledger.twins.long=true}
 * runs every 3-round scenario and then {@value #LONG_SAMPLED} sampled ones of 8 rounds; {@code
 * -Dmedledger.twins.seed=N} replays one sampled scenario (of {@code -Dmedledger.twins.rounds},
 * default {@value #DEFAULT_ROUNDS}; a sampled scenario #i has seed {@value #FIRST_SEED} + i), and
 * {@code -Dmedledger.twins.scenario=N} the 3-round scenario numbered N.
 */
class TwinsTest {
  static final int DEFAULT_SCENARIOS = 10_000;
  static final int DEFAULT_ROUNDS = 4;
  static final long FIRST_SEED = 1_000;
  static final int LONG_SAMPLED = 1_000_000;
  /** Scenarios a deliberately broken engine may take to fork (the first fork is at about 600). */
  static final int BROKEN_ENGINE_BUDGET = 5_000;

  @Test
  void honestValidatorsNeverForkAndDecideOnceWholeInManyScenarios() {
    ScenarioGenerator g = new ScenarioGenerator(TwinsSetup.ONE_TWIN);
    long only = Long.getLong("medledger.twins.seed", -1L);
    int rounds = Integer.getInteger("medledger.twins.rounds", DEFAULT_ROUNDS);
    long numbered = Long.getLong("medledger.twins.scenario", -1L);
    if (only >= 0 || numbered >= 0) {
      TwinsScenario s = only >= 0 ? g.sample(only, rounds) : g.scenario(numbered, 3);
      System.out.println("twins: replaying " + s.describe(TwinsSetup.ONE_TWIN));
      Tally t = run("replay", 1, i -> s, EngineVariant.CORRECT, TwinsSetup.ONE_TWIN);
      assertThat(t.failures).isEmpty();
      return;
    }
    Tally t = run(DEFAULT_SCENARIOS + " sampled " + DEFAULT_ROUNDS + "-round scenarios", DEFAULT_SCENARIOS,
        i -> g.sample(FIRST_SEED + i, DEFAULT_ROUNDS), EngineVariant.CORRECT, TwinsSetup.ONE_TWIN);
    assertThat(t.failures).as("failing scenarios (replay with -Dmedledger.twins.seed=N)").isEmpty();
    // No fork only means something if the twin really equivocated.
    assertThat(t.withEvidence).as("scenarios where an honest validator convicted the twinned one").isGreaterThan(DEFAULT_SCENARIOS / 20);
    assertThat(t.withTwoProposals).as("scenarios where honest validators saw the leader propose two blocks").isGreaterThan(DEFAULT_SCENARIOS / 50);
    assertThat(t.forkFreeAfterTwinDecided).as("scenarios where a twin decided and honest validators still agreed").isPositive();
  }

  @Test
  void everyThreeRoundScenarioAndAMillionOfEightRounds() {
    org.junit.jupiter.api.Assumptions.assumeTrue(Boolean.getBoolean("medledger.twins.long"),
        "the long Twins run needs -Dmedledger.twins.long=true");
    ScenarioGenerator g = new ScenarioGenerator(TwinsSetup.ONE_TWIN);
    long all = g.count(3);
    Tally every = run("every 3-round scenario (" + all + ")", all, i -> g.scenario(i, 3), EngineVariant.CORRECT,
        TwinsSetup.ONE_TWIN);
    assertThat(every.failures).as("failing 3-round scenarios (replay with -Dmedledger.twins.scenario=#)").isEmpty();
    Tally sampled = run(LONG_SAMPLED + " sampled 8-round scenarios", LONG_SAMPLED, i -> g.sample(FIRST_SEED + i, 8),
        EngineVariant.CORRECT, TwinsSetup.ONE_TWIN);
    assertThat(sampled.failures).as("failing scenarios (replay with -Dmedledger.twins.seed=N -Dmedledger.twins.rounds=8)").isEmpty();
  }

  @Test
  void aScenarioReplaysIdentically() {
    TwinsScenario s = new ScenarioGenerator(TwinsSetup.ONE_TWIN).sample(FIRST_SEED + 7, 8);
    TwinsRun a = new TwinsRun(TwinsSetup.ONE_TWIN, s, EngineVariant.CORRECT);
    TwinsRun b = new TwinsRun(TwinsSetup.ONE_TWIN, s, EngineVariant.CORRECT);
    assertThat(a.run()).isEqualTo(b.run());
    assertThat(a.now).isEqualTo(b.now);
    for (int i = 0; i < a.instances.length; i++) {
      assertThat(a.instances[i].decided).isEqualTo(b.instances[i].decided);
      assertThat(a.instances[i].maxRound).isEqualTo(b.instances[i].maxRound);
    }
  }

  // The harness proves itself.

  @Test
  void withTwoTwinsAmongFourValidatorsItFindsAForkWithinAFewHundredScenarios() {
    ScenarioGenerator g = new ScenarioGenerator(TwinsSetup.TWO_TWINS);
    int found = firstViolating(g, TwinsSetup.TWO_TWINS, EngineVariant.CORRECT, 300, "FORK");
    assertThat(found).as("scenario number of the first fork with two Byzantine validators of four").isBetween(0, 299);
  }

  @Test
  void anEngineThatIgnoresItsLockIsCaught() {
    assertCaught(EngineVariant.IGNORES_LOCK);
  }

  @Test
  void anEngineThatUnlocksWithoutAProofOfLockIsCaught() {
    assertCaught(EngineVariant.UNLOCKS_WITHOUT_PROOF_OF_LOCK);
  }

  @Test
  void anEngineThatDoesNotSaveItsLockBeforeVotingIsCaught() {
    assertCaught(EngineVariant.LOCK_NOT_PERSISTED);
  }

  /**
   * The broken engine forks among the scenarios the default run passes with the correct one (the
   * same seeds): so the fork is the broken rule's, not the scenario's.
   */
  private static void assertCaught(EngineVariant broken) {
    ScenarioGenerator g = new ScenarioGenerator(TwinsSetup.ONE_TWIN);
    int found = firstViolating(g, TwinsSetup.ONE_TWIN, broken, BROKEN_ENGINE_BUDGET, "FORK");
    assertThat(found).as("scenario number of the first fork by " + broken).isBetween(0, BROKEN_ENGINE_BUDGET - 1);
    TwinsRun.Outcome correct = new TwinsRun(TwinsSetup.ONE_TWIN, g.sample(FIRST_SEED + found, DEFAULT_ROUNDS),
        EngineVariant.CORRECT).run();
    assertThat(correct.violations()).as("the correct engine in the same scenario").isEmpty();
  }

  /** The first of {@code max} sampled scenarios whose run reports a violation starting with {@code kind}, or -1. */
  static int firstViolating(ScenarioGenerator g, TwinsSetup setup, EngineVariant variant, int max, String kind) {
    for (int i = 0; i < max; i++) {
      TwinsScenario s = g.sample(FIRST_SEED + i, DEFAULT_ROUNDS);
      TwinsRun.Outcome o = new TwinsRun(setup, s, variant).run();
      if (o.violations().stream().anyMatch(v -> v.startsWith(kind))) {
        System.out.println("twins: " + variant + " with " + setup.twinned().length + " twin(s) broke " + kind + " in scenario "
            + i + ": " + s.describe(setup) + "\n    " + o.violations().get(0));
        return i;
      }
    }
    return -1;
  }

  /** What a batch of scenarios did. */
  static final class Tally {
    final List<String> failures = new ArrayList<>();
    long withEvidence;
    long withTwoProposals;
    long forkFreeAfterTwinDecided;
  }

  static Tally run(String what, long count, LongFunction<TwinsScenario> scenario, EngineVariant variant, TwinsSetup setup) {
    Tally t = new Tally();
    long start = System.nanoTime();
    long events = 0;
    for (long i = 0; i < count; i++) {
      TwinsScenario s = scenario.apply(i);
      TwinsRun run = new TwinsRun(setup, s, variant);
      TwinsRun.Outcome o = run.run();
      events += o.events();
      t.withEvidence += o.evidenceRecorded() ? 1 : 0;
      t.withTwoProposals += o.honestSawTwoProposals() ? 1 : 0;
      t.forkFreeAfterTwinDecided += o.violations().isEmpty() && o.twinDecided() ? 1 : 0;
      if (!o.violations().isEmpty() && t.failures.size() < 5) {
        t.failures.add("#" + i + " " + s.describe(setup) + "\n    " + String.join("\n    ", o.violations()));
      }
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    System.out.printf("twins: %s: %.1f s, %.0f scenarios/s, %d engine events; evidence in %d, two proposals seen in %d%n", what,
        seconds, count / seconds, events, t.withEvidence, t.withTwoProposals);
    return t;
  }
}
