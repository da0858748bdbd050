package org.medledger.consensus.twins;

import org.medledger.consensus.ValidatorSet;

/**
 * A validator set with the scenario's leaders: at the scenario's height, round r's proposer is
 * the one the scenario names for r (modulo the set's size, for a set smaller than the setup's
 * validators); past the scenario's rounds, and at other heights, the set's own rotation. Every
 * instance holds this same set, so all agree on who may propose.
 */
final class ScenarioLeaders extends ValidatorSet {
  private final int[] leaders;
  private final long height;

  ScenarioLeaders(ValidatorSet genesis, TwinsScenario scenario) {
    this(genesis, scenario, 0);
  }

  ScenarioLeaders(ValidatorSet set, TwinsScenario scenario, long height) {
    super(set);
    this.leaders = scenario.rounds().stream().mapToInt(TwinsScenario.Round::leader).toArray();
    this.height = height;
  }

  @Override
  public int proposer(long h, int round) {
    return h == height && round >= 0 && round < leaders.length ? leaders[round] % size() : super.proposer(h, round);
  }
}
