package org.medledger.vault;

import java.util.List;

/**
 * Shards that each match their hash in the manifest rebuild data shards that do not: the manifest's
 * shards are not one Reed-Solomon code word (a dishonest custodian registered them so that readers
 * of different shards would open different documents). Opening refuses rather than pick one; with
 * {@link #missingDataShards()} fetched too it opens the document the data shards hold.
 */
public final class ShardsDisagreeException extends VaultException {
  private final List<Integer> missingDataShards;
  private final List<Integer> parityShardsTried;

  public ShardsDisagreeException(List<Integer> missingDataShards, List<Integer> parityShardsTried) {
    super("data shards " + missingDataShards + " rebuilt through parity shards " + parityShardsTried
        + " do not match their hashes in the manifest: its shards are not one code word (the custodian sealed them so);"
        + " the data shards themselves are needed");
    this.missingDataShards = List.copyOf(missingDataShards);
    this.parityShardsTried = List.copyOf(parityShardsTried);
  }

  /** The data shards that were rebuilt, not fetched; fetching them settles which document the record is. */
  public List<Integer> missingDataShards() {
    return missingDataShards;
  }

  public List<Integer> parityShardsTried() {
    return parityShardsTried;
  }
}
