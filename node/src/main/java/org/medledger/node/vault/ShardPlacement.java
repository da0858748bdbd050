package org.medledger.node.vault;

import java.util.List;
import org.medledger.crypto.Hash;

/**
 * Which organisation's node holds shard i of a record: the validators' organisations in genesis
 * order, rotated by the record hash's first byte so that data and parity shards spread over the
 * nodes. Every node computes the same placement from the genesis and the record hash alone.
 */
final class ShardPlacement {
  private final List<String> organisations;

  ShardPlacement(List<String> organisations) {
    this.organisations = List.copyOf(organisations);
  }

  List<String> organisations() {
    return organisations;
  }

  int nodes() {
    return organisations.size();
  }

  String holder(Hash record, int index) {
    int n = organisations.size();
    return organisations.get(((record.unsafeBytes()[0] & 0xff) + index) % n);
  }

  /** The shard index this organisation holds of the record, or -1. */
  int indexHeldBy(Hash record, String organisation) {
    for (int i = 0; i < organisations.size(); i++) {
      if (holder(record, i).equals(organisation)) {
        return i;
      }
    }
    return -1;
  }
}
