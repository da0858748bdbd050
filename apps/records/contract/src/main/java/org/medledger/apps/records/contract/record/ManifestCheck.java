package org.medledger.apps.records.contract.record;

import java.util.Optional;
import org.medledger.core.runtime.StateReader;
import org.medledger.crypto.Hash;

/**
 * Whether a record's manifest is one the vault can use: it decodes, names {@code recordHash}, and
 * that hash commits to its shard hashes, for this network's suite and the code of the validators
 * in force at the registering block's height (k = n − f of their n). The vault owns the
 * manifest format and the record hash (the node passes its one decoder in), so a format change
 * there reaches the contract unchanged. Pure and deterministic: every validator answers alike.
 */
@FunctionalInterface
public interface ManifestCheck {
  /**
   * Why {@code manifest} may not be registered as {@code recordHash}'s in the block at {@code
   * height} over {@code state} (which holds the validator sets); empty when it may.
   */
  Optional<String> problem(Hash recordHash, byte[] manifest, StateReader state, long height);
}
