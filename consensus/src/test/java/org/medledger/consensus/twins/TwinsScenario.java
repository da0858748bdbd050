package org.medledger.consensus.twins;

import java.util.List;

/**
 * One Twins scenario (Bano et al., OPODIS 2021, §4): for each of the first rounds of height 0,
 * the leader and how the network is cut; from the round after the last one the network is
 * whole and leaders rotate as in the genesis. Partitions are of engine instances, so twins can
 * sit on different sides and show each side a different face of one validator.
 *
 * @param restarts whether each honest instance restarts from its saved consensus state whenever
 *     it enters a new round (its write-ahead state is then all it keeps)
 */
record TwinsScenario(List<Round> rounds, boolean restarts) {
  /**
   * One round's leader and network.
   *
   * @param partition bit i set puts instance i on the second side (0: the network is whole);
   *     the round's proposals and votes cross only between instances on the same side
   * @param bridge an honest instance that stands between the two sides (-1: none): everyone
   *     hears it, it hears both sides' proposals and prevotes, but the precommits of the second
   *     side only, as if its link to the first side failed between the two steps. Tendermint
   *     broadcasts every vote to everyone, so under symmetric partitions any honest validator that
   *     precommitted a block another one decided also hears that quorum, and no broken lock rule
   *     can fork with one twin; the fork needs a validator that hears the prevotes that lock it
   *     and misses the precommits that decide. DiemBFT, for which Twins was built, gets that
   *     asymmetry from sending votes to the next leader only. (Measured: the engines' relaying of
   *     what they hear leaks around a bridge, and the broken lock rules fork only where a restart
   *     also makes a validator forget the precommits it had heard.)
   */
  record Round(int leader, int partition, int bridge) {
    int side(int instance) {
      return partition >> instance & 1;
    }
  }

  TwinsScenario {
    rounds = List.copyOf(rounds);
  }

  String describe(TwinsSetup setup) {
    StringBuilder b = new StringBuilder();
    for (int r = 0; r < rounds.size(); r++) {
      Round round = rounds.get(r);
      b.append("r").append(r).append(": leader ").append(round.leader()).append(", ");
      if (round.partition() == 0) {
        b.append("whole");
      } else {
        StringBuilder left = new StringBuilder();
        StringBuilder right = new StringBuilder();
        for (int i = 0; i < setup.instances(); i++) {
          ((round.partition() >> i & 1) == 0 ? left : right).append(setup.name(i)).append(' ');
        }
        b.append("{").append(left.toString().trim()).append("} | {").append(right.toString().trim()).append("}");
      }
      if (round.bridge() >= 0) {
        b.append(", ").append(setup.name(round.bridge())).append(" bridges them, hearing the precommits of the second only");
      }
      b.append("; ");
    }
    return b.append(restarts ? "honest instances restart on each new round" : "no restarts").toString();
  }
}
