package org.medledger.apps.records.node;

import java.security.SecureRandom;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.medledger.core.genesis.Genesis;
import org.medledger.core.governance.ValidatorHistory;
import org.medledger.core.runtime.StateReader;
import org.medledger.apps.records.contract.record.ManifestCheck;
import org.medledger.crypto.Hash;
import org.medledger.vault.DocumentSealer;
import org.medledger.vault.ErasureCode;
import org.medledger.vault.ShardManifest;
import org.medledger.vault.VaultException;
import org.medledger.node.vault.VaultService;

/**
 * The records contract's manifest check, with the vault's own decoder and record hash: a manifest
 * registered must decode, name the record it is registered as, and commit to its shard hashes for
 * this network's suite and code (k = n − f of the validators in force at the block's height, as
 * {@link VaultService} seals). Pure: the same genesis, state and bytes give the same answer on
 * every validator.
 */
public final class VaultManifestCheck implements ManifestCheck {
  private final Genesis genesis;
  /** One per code: the sealer's randomness is used only to seal; checking draws none. */
  private final Map<Integer, DocumentSealer> sealers = new TreeMap<>();

  public VaultManifestCheck(Genesis genesis) {
    this.genesis = genesis;
  }

  @Override
  public Optional<String> problem(Hash recordHash, byte[] manifest, StateReader state, long height) {
    ShardManifest m;
    try {
      m = ShardManifest.decode(manifest);
    } catch (IllegalArgumentException e) {
      return Optional.of("does not decode: " + e.getMessage());
    }
    if (!m.recordHash().equals(recordHash)) {
      return Optional.of("names record " + m.recordHash() + ", not " + recordHash);
    }
    // The validators in force at this height hold its shards: its code must be theirs (the
    // message stays the vault's own, as every chain's outcomes have recorded it).
    int n = ValidatorHistory.at(genesis, state, height).size();
    try {
      sealerFor(n).checkManifest(m);
    } catch (VaultException e) {
      return Optional.of(e.getMessage());
    }
    return Optional.empty();
  }

  private synchronized DocumentSealer sealerFor(int n) {
    int f = (n - 1) / 3;
    return sealers.computeIfAbsent(n, size -> new DocumentSealer(genesis.cryptoSuite(), new ErasureCode(size - f, size),
        new SecureRandom()));
  }
}
