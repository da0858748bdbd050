package org.medledger.it.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Every node's chain (full nodes' too), height by height: block hashes and state roots compared across nodes, the
 * position of every transaction, and the round each height was decided in.
 *
 * @param positions transaction id to {height, index in its block}, from node 0's chain
 * @param differences each height where nodes differ, as a sentence
 */
record ChainAudit(long top, int differingHeaders, int differingStateRoots, Map<String, long[]> positions,
    List<Long> roundsPerHeight, List<String> differences) {

  static ChainAudit of(ChaosCluster cluster, long top) throws Exception {
    int headers = 0;
    int roots = 0;
    Map<String, long[]> positions = new HashMap<>();
    List<Long> rounds = new ArrayList<>();
    List<String> differences = new ArrayList<>();
    for (long h = 1; h <= top; h++) {
      long height = h;
      JsonNode first = cluster.call(0, 30_000, c -> c.block(height));
      boolean headerDiffers = false;
      boolean rootDiffers = false;
      for (int i = 1; i < cluster.nodeCount(); i++) {
        JsonNode b = cluster.call(i, 30_000, c -> c.block(height));
        if (!b.get("hash").asText().equals(first.get("hash").asText())) {
          headerDiffers = true;
          differences.add("height " + h + ": node 0 has block " + first.get("hash").asText() + ", node " + i + " has "
              + b.get("hash").asText());
        }
        if (!b.get("stateRoot").asText().equals(first.get("stateRoot").asText())) {
          rootDiffers = true;
          differences.add("height " + h + ": node 0 has state root " + first.get("stateRoot").asText() + ", node " + i
              + " has " + b.get("stateRoot").asText());
        }
      }
      headers += headerDiffers ? 1 : 0;
      roots += rootDiffers ? 1 : 0;
      rounds.add(first.get("certificate").get("round").asLong());
      JsonNode ids = first.get("txIds");
      for (int k = 0; k < ids.size(); k++) {
        positions.put(ids.get(k).asText(), new long[] {h, k});
      }
    }
    return new ChainAudit(top, headers, roots, positions, rounds, differences);
  }
}
