package org.medledger.apps.records.node;

import java.security.SecureRandom;
import java.util.Optional;
import org.medledger.core.genesis.Genesis;
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
 * this network's suite and code (k = n − f of the genesis validators, as {@link VaultService}
 * seals). Pure: the same genesis and bytes give the same answer on every validator.
 */
public final class VaultManifestCheck implements ManifestCheck {
  private final DocumentSealer sealer;

  public VaultManifestCheck(Genesis genesis) {
    int n = genesis.validators().size();
    int f = (n - 1) / 3;
    // The sealer's randomness is used only to seal; checking draws none.
    this.sealer = new DocumentSealer(genesis.cryptoSuite(), new ErasureCode(n - f, n), new SecureRandom());
  }

  @Override
  public Optional<String> problem(Hash recordHash, byte[] manifest) {
    ShardManifest m;
    try {
      m = ShardManifest.decode(manifest);
    } catch (IllegalArgumentException e) {
      return Optional.of("does not decode: " + e.getMessage());
    }
    if (!m.recordHash().equals(recordHash)) {
      return Optional.of("names record " + m.recordHash() + ", not " + recordHash);
    }
    try {
      sealer.checkManifest(m);
    } catch (VaultException e) {
      return Optional.of(e.getMessage());
    }
    return Optional.empty();
  }
}
