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
  /** Whose entry certifies the key: the one for this node's certificate, or its organisation's validator's. */
  private final java.util.function.Function<List<ValidatorEntry>, Optional<ValidatorEntry>> entryOf;
  private final Path file;
  /** For a full node's copy: the organisation whose validator's key it is; null for this node's own. */
  private final String organisationWanted;
  private final Supplier<StateReader> state;
  private volatile NodeEncryptionKey loaded;

  public LedgerEncryptionKey(Genesis genesis, X509Certificate nodeCertificate, Path file, Supplier<StateReader> state,
      NodeEncryptionKey fromGenesis) {
    this(genesis, validators -> NodeEncryptionKey.entryOf(validators, nodeCertificate), file, state, fromGenesis, null);
  }

  private LedgerEncryptionKey(Genesis genesis, java.util.function.Function<List<ValidatorEntry>, Optional<ValidatorEntry>> entryOf,
      Path file, Supplier<StateReader> state, NodeEncryptionKey fromGenesis, String organisationWanted) {
    this.genesis = genesis;
    this.organisationWanted = organisationWanted;
    this.entryOf = entryOf;
    this.file = file;
    this.state = state;
    this.loaded = fromGenesis;
  }

  /**
   * A full node's copy of its organisation's node encryption key ({@code file}): the one the
   * ledger's latest entry for that organisation's validator certifies, which custodians wrap the
   * organisation's data keys to. IllegalArgumentException from {@link #get} when the organisation
   * has no validator, or the file is missing or not that key.
   */
  public static LedgerEncryptionKey ofOrganisation(Genesis genesis, String organisation, Path file, Supplier<StateReader> state) {
    return new LedgerEncryptionKey(genesis, validators -> validators.stream().filter(v -> v.organisation().equals(organisation))
        .findFirst(), file, state, null, organisation);
  }

  /**
   * The key, once an entry the ledger recorded certifies one for this node's certificate (the
   * latest such entry); empty before. IllegalArgumentException when the entry is there but the
   * key file beside the node key is missing or not its pair.
   */
  @Override
  public synchronized Optional<NodeEncryptionKey> get() {
    if (loaded == null && organisationWanted != null) {
      // As custodians wrap to it (VaultService.nodeKeyOf): the genesis's entry first, if the organisation has one.
      Optional<ValidatorEntry> inGenesis = entryOf.apply(genesis.validators());
      if (inGenesis.isPresent()) {
        try {
          loaded = NodeEncryptionKey.load(genesis, inGenesis.get(), file);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
    }
    if (loaded == null) {
      List<ValidatorHistory.Transition> sets = ValidatorHistory.transitions(genesis, state.get());
      for (int i = sets.size() - 1; i >= 0 && loaded == null; i--) {
        Optional<ValidatorEntry> self = entryOf.apply(sets.get(i).validators());
        if (self.isPresent()) {
          try {
            loaded = NodeEncryptionKey.load(genesis, self.get(), file);
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        }
      }
    }
    if (loaded == null && organisationWanted != null) {
      throw new IllegalArgumentException("no validator of " + organisationWanted + " is on the ledger, whose node encryption key"
          + " a full node's shard store reads with");
    }
    return Optional.ofNullable(loaded);
  }
}
