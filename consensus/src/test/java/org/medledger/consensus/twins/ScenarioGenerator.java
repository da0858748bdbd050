package org.medledger.consensus.twins;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Twins' scenario generator (Bano et al., §4): every round picks a leader (any validator) and a
 * partition of the instances into at most two sides (twins included, so a twin and its
 * validator may face different peers); a scenario is a sequence of such rounds, with or without
 * restarts. Sampled scenarios also give half their rounds one-way losses ({@link
 * TwinsScenario.Round#omissions}), which enumeration cannot afford. Enumerated
 * scenarios are numbered, so "every 3-round scenario" is the numbers 0 to {@link #count} - 1;
 * a sampled one is named by its own seed. Either way a failing scenario replays alone.
 */
final class ScenarioGenerator {
  private final TwinsSetup setup;
  private final int partitions;

  ScenarioGenerator(TwinsSetup setup) {
    this.setup = setup;
    // Instance 0 always on the first side: each two-sided cut is counted once.
    this.partitions = 1 << (setup.instances() - 1);
  }

  /** Leaders × partitions: the choices for one enumerated round. */
  int choicesPerRound() {
    return setup.validators() * partitions;
  }

  /** How many scenarios of {@code rounds} rounds there are, restarts or not. */
  long count(int rounds) {
    long c = 2;
    for (int r = 0; r < rounds; r++) {
      c = Math.multiplyExact(c, choicesPerRound());
    }
    return c;
  }

  /** Scenario number {@code index} (0 ≤ index < {@link #count}) of {@code rounds} rounds. */
  TwinsScenario scenario(long index, int rounds) {
    boolean restarts = (index & 1) == 1;
    long rest = index >>> 1;
    List<TwinsScenario.Round> out = new ArrayList<>(rounds);
    for (int r = 0; r < rounds; r++) {
      int choice = (int) (rest % choicesPerRound());
      rest /= choicesPerRound();
      out.add(round(choice, 0));
    }
    return new TwinsScenario(out, restarts);
  }

  private TwinsScenario.Round round(int choice, long omissions) {
    int leader = choice % setup.validators();
    int partition = (choice / setup.validators()) << 1;
    return new TwinsScenario.Round(leader, partition, omissions);
  }

  /** The scenario of {@code rounds} rounds that {@code seed} draws, each round's choice uniform. */
  TwinsScenario sample(long seed, int rounds) {
    SplittableRandom rnd = new SplittableRandom(seed);
    List<TwinsScenario.Round> out = new ArrayList<>(rounds);
    for (int r = 0; r < rounds; r++) {
      int choice = rnd.nextInt(choicesPerRound());
      long omissions = rnd.nextBoolean() ? rnd.nextLong() | 1 : 0;
      out.add(round(choice, omissions));
    }
    return new TwinsScenario(out, rnd.nextBoolean());
  }
}
