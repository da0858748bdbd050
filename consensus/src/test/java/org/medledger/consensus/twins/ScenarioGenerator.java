package org.medledger.consensus.twins;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Twins' scenario generator (Bano et al., §4): every round picks a leader (any validator), a
 * partition of the instances into at most two sides (twins included, so a twin and its
 * validator may face different peers) and perhaps an honest instance that bridges the two
 * ({@link TwinsScenario.Round#bridge}); a scenario is a sequence of such rounds, with or without
 * restarts. Enumerated scenarios are numbered, so "every 3-round scenario" is the numbers 0 to
 * {@link #count} - 1; a sampled one is named by its own seed. Either way a failing scenario
 * replays alone.
 */
final class ScenarioGenerator {
  private final TwinsSetup setup;
  private final List<TwinsScenario.Round> networks = new ArrayList<>();

  ScenarioGenerator(TwinsSetup setup) {
    this.setup = setup;
    int instances = setup.instances();
    // Instance 0 always on the first side, so each two-sided cut is counted once; a bridge's own
    // side means nothing, so it is put on the first.
    List<Integer> bridges = new ArrayList<>();
    bridges.add(-1);
    bridges.addAll(setup.honestInstances());
    for (int bridge : bridges) {
      for (int partition = 0; partition < 1 << instances; partition += 2) {
        if (bridge >= 0 && ((partition >> bridge & 1) == 1 || partition == 0)) {
          continue;
        }
        networks.add(new TwinsScenario.Round(0, partition, bridge));
      }
    }
  }

  /** Leaders × networks: the choices for one round. */
  int choicesPerRound() {
    return setup.validators() * networks.size();
  }

  /** How many scenarios of {@code rounds} rounds there are, with restarts or without. */
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
      out.add(round((int) (rest % choicesPerRound())));
      rest /= choicesPerRound();
    }
    return new TwinsScenario(out, restarts);
  }

  private TwinsScenario.Round round(int choice) {
    TwinsScenario.Round network = networks.get(choice / setup.validators());
    return new TwinsScenario.Round(choice % setup.validators(), network.partition(), network.bridge());
  }

  /** The scenario of {@code rounds} rounds that {@code seed} draws, each round's choice uniform. */
  TwinsScenario sample(long seed, int rounds) {
    SplittableRandom rnd = new SplittableRandom(seed);
    List<TwinsScenario.Round> out = new ArrayList<>(rounds);
    for (int r = 0; r < rounds; r++) {
      out.add(round(rnd.nextInt(choicesPerRound())));
    }
    return new TwinsScenario(out, rnd.nextBoolean());
  }
}
