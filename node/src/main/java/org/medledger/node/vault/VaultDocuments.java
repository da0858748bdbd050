package org.medledger.node.vault;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.medledger.core.runtime.StateReader;
import org.medledger.crypto.Hash;

/**
 * What the vault needs to know about the documents it keeps, answered from committed state by the
 * application whose contract registers them (health records hands its answers over when it
 * registers): a document's entry, which wrapped data keys the ledger commits to, every document
 * for the repair sweep, and the ledger call that commits a key the custodian wrapped for another
 * organisation's node. The vault keeps and serves only what these answers confirm, never a peer's
 * word.
 */
public interface VaultDocuments {
  /** The committed entry of {@code document}, if the ledger holds one. */
  Optional<VaultDocument> find(StateReader state, Hash document);

  /** The hash the ledger commits to for {@code document}'s data key wrapped for {@code reader}. */
  Optional<Hash> keyCommitment(StateReader state, Hash document, String reader);

  /** Every registered document, for the repair sweep. */
  Scan scan(StateReader state);

  /** The call that commits the hash of {@code document}'s data key wrapped for {@code reader}. */
  LedgerCall keyShare(Hash document, String reader, Hash wrappedKeyHash);

  /** The documents found, in state order, and the entries that do not decode (state key → why): reported, never fatal. */
  record Scan(List<Hash> documents, Map<String, String> undecodable) {
    public Scan {
      documents = List.copyOf(documents);
      undecodable = Map.copyOf(undecodable);
    }
  }

  /** Until an application hands its documents over: the ledger holds none, so the vault takes and serves none. */
  VaultDocuments NONE = new VaultDocuments() {
    @Override
    public Optional<VaultDocument> find(StateReader state, Hash document) {
      return Optional.empty();
    }

    @Override
    public Optional<Hash> keyCommitment(StateReader state, Hash document, String reader) {
      return Optional.empty();
    }

    @Override
    public Scan scan(StateReader state) {
      return new Scan(List.of(), Map.of());
    }

    @Override
    public LedgerCall keyShare(Hash document, String reader, Hash wrappedKeyHash) {
      throw new VaultException("unavailable", "no application keeps documents in this node's vault");
    }
  };
}
