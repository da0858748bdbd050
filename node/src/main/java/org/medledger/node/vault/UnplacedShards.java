package org.medledger.node.vault;

import java.util.List;
import java.util.concurrent.ConcurrentSkipListSet;
import org.medledger.crypto.Hash;

/**
 * Shards this node failed to hand to their holder when it stored a record (the holder was down or
 * refused). The holder rebuilds its own shard at its next repair sweep; until this node has seen
 * it there, the record has less redundancy than the placement promises, and /v1/health says so.
 */
final class UnplacedShards {
  /** One shard {@code index} of {@code record} that {@code holder} should hold. */
  record Shard(Hash record, int index, String holder) implements Comparable<Shard> {
    @Override
    public int compareTo(Shard o) {
      int c = record.hex().compareTo(o.record.hex());
      return c != 0 ? c : Integer.compare(index, o.index);
    }
  }

  private final ConcurrentSkipListSet<Shard> shards = new ConcurrentSkipListSet<>();

  void failed(Hash record, int index, String holder) {
    shards.add(new Shard(record, index, holder));
  }

  void placed(Shard shard) {
    shards.remove(shard);
  }

  /** Forgets an erased record's shards: nobody should hold them any more. */
  void erased(Hash record) {
    shards.removeIf(s -> s.record().equals(record));
  }

  List<Shard> list() {
    return List.copyOf(shards);
  }

  int count() {
    return shards.size();
  }
}
