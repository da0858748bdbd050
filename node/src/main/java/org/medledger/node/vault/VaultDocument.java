package org.medledger.node.vault;

import java.util.Objects;
import org.medledger.crypto.Hash;

/**
 * A document's committed entry, as the vault needs it: its shard manifest, the organisation whose
 * node sealed it (the only one that places its shards and wraps its key for others), whether and
 * when it was erased, when it was registered, the context its AEAD binds the sealed bytes to, and
 * the height of the block that registered it (its shards are placed on the validators in force
 * there).
 */
public record VaultDocument(Hash id, byte[] manifest, String custodian, boolean erased, long erasedHeight, long timestamp,
    byte[] sealingContext, long height) {
  public VaultDocument {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(manifest, "manifest");
    Objects.requireNonNull(custodian, "custodian");
    Objects.requireNonNull(sealingContext, "sealingContext");
  }
}
