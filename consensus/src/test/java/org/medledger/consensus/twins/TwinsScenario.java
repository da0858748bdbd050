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
   * @param omissions 0, or the seed of this round's one-way message losses: each (step, sender,
   *     receiver) of the round is then cut, or not, by a hash of the seed (half of them). Tendermint
   *     broadcasts every vote to everyone, so under symmetric partitions alone any honest validator
   *     that precommitted a block another one decided also hears that quorum: a broken lock rule
   *     can never fork there. The fork needs one validator to hear the prevotes that lock it and
   *     miss the precommits that decide (one that moves on first); DiemBFT, for which Twins was
   *     built, gets that asymmetry from sending votes to the next leader only.
   */
  record Round(int leader, int partition, long omissions) {
    boolean cuts(int step, int from, int to) {
      if (omissions == 0) {
        return false;
      }
      long h = omissions ^ (step * 0x9E3779B97F4A7C15L) ^ (from * 0xC2B2AE3D27D4EB4FL) ^ (to * 0x165667B19E3779F9L);
      h ^= h >>> 33;
      h *= 0xFF51AFD7ED558CCDL;
      h ^= h >>> 33;
      return (h & 1) == 1;
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
      if (round.omissions() != 0) {
        b.append(", one-way losses #").append(Long.toHexString(round.omissions()));
      }
      b.append("; ");
    }
    return b.append(restarts ? "honest instances restart on each new round" : "no restarts").toString();
  }
}
