package org.medledger.consensus.twins;

import org.medledger.consensus.ValidatorSet;

/**
 * The genesis validators with the scenario's leaders: at height 0, round r's proposer is the
 * one the scenario names for r; past the scenario's rounds, and at later heights, the genesis
 * rotation. Every instance holds this same set, so all agree on who may propose.
 */
final class ScenarioLeaders extends ValidatorSet {
  private final int[] leaders;

  ScenarioLeaders(ValidatorSet genesis, TwinsScenario scenario) {
    super(genesis);
    leaders = scenario.rounds().stream().mapToInt(TwinsScenario.Round::leader).toArray();
  }

  @Override
  public int proposer(long height, int round) {
    return height == 0 && round >= 0 && round < leaders.length ? leaders[round] : super.proposer(height, round);
  }
}
