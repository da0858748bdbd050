package org.medledger.node;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.medledger.core.genesis.Genesis;
import org.medledger.core.genesis.ValidatorEntry;
import org.medledger.core.governance.ValidatorHistory;
import org.medledger.core.runtime.StateReader;

/**
 * This node's encryption key as the ledger certifies it: the genesis's entry for a genesis
 * validator (loaded at start), or, for a validator voted in later, the key its passed
 * add-validator (or rotate-validator) proposal carried, certified by its node key and checked by
 * the governance contract — the equivalent of the genesis's certification. It is looked up once
 * the ledger holds that entry (a joining node learns it by block sync), then kept.
 */
public final class LedgerEncryptionKey implements Supplier<Optional<NodeEncryptionKey>> {
  private final Genesis genesis;
  private final X509Certificate nodeCertificate;
  private final Path file;
  private final Supplier<StateReader> state;
  private volatile NodeEncryptionKey loaded;

  public LedgerEncryptionKey(Genesis genesis, X509Certificate nodeCertificate, Path file, Supplier<StateReader> state,
      NodeEncryptionKey fromGenesis) {
    this.genesis = genesis;
    this.nodeCertificate = nodeCertificate;
    this.file = file;
    this.state = state;
    this.loaded = fromGenesis;
  }

  /**
   * The key, once an entry the ledger recorded certifies one for this node's certificate (the
   * latest such entry); empty before. IllegalArgumentException when the entry is there but the
   * key file beside the node key is missing or not its pair.
   */
  @Override
  public synchronized Optional<NodeEncryptionKey> get() {
    if (loaded == null) {
      List<ValidatorHistory.Transition> sets = ValidatorHistory.transitions(genesis, state.get());
      for (int i = sets.size() - 1; i >= 0 && loaded == null; i--) {
        Optional<ValidatorEntry> self = NodeEncryptionKey.entryOf(sets.get(i).validators(), nodeCertificate);
        if (self.isPresent()) {
          try {
            loaded = NodeEncryptionKey.load(genesis, self.get(), file);
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        }
      }
    }
    return Optional.ofNullable(loaded);
  }
}
