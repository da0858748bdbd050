package org.medledger.node.vault;

import java.security.cert.X509Certificate;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * Who is at the other end of a vault link, and what this node is. A validator holds its
 * organisation's shard of every record; a full node with a shard store ({@code vault.shardStore})
 * keeps a replica of that same shard, never another organisation's, so each organisation still
 * holds one shard slot and no node gathers more than its organisation could. A validator answers a
 * full node (a registered one: only those link) only for its own organisation's shard slot, or,
 * for the others, for a record its organisation may read (its custodian, or one the ledger commits
 * a data key wrapped for it to); it takes no shard or key from it.
 *
 * @param isValidator whether a linked certificate is a validator's (now or scheduled); any other
 *     link is a registered full node's ({@code FullNodePeerCheck})
 * @param fullNode whether this node is a full node
 * @param shardStore whether this full node keeps its organisation's shards and serves content
 */
public record VaultLinks(Predicate<X509Certificate> isValidator, boolean fullNode, boolean shardStore) {
  /** A validator among validators only (a network with no full nodes, or tools that run a vault alone). */
  public static final VaultLinks VALIDATORS_ONLY = new VaultLinks(c -> true, false, false);

  public VaultLinks {
    Objects.requireNonNull(isValidator, "isValidator");
    if (shardStore && !fullNode) {
      throw new IllegalArgumentException("a shard store is a full node's option: a validator always holds its shards");
    }
  }

  /** Whether this node keeps shards at all: a validator, or a full node with a shard store. */
  boolean keepsShards() {
    return !fullNode || shardStore;
  }
}
