package org.medledger.node.vault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medledger.core.runtime.StateReader;
import org.medledger.crypto.Hash;
import org.medledger.node.MedLedgerNode;
import org.medledger.node.TestNetwork;

/**
 * The vault names no application: until one hands its documents over, the ledger holds none it
 * would keep or serve; one application's documents per vault, the same one may hand over again.
 */
class VaultDocumentsHandOverTest {
  @TempDir
  Path dir;

  /** Documents an application would answer for: none registered, whatever it is asked. */
  private static final class NoDocuments implements VaultDocuments {
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
      return new Scan(List.of(), Map.of("record/not-an-entry", "entry does not decode: test"));
    }

    @Override
    public LedgerCall keyShare(Hash document, String reader, Hash wrappedKeyHash) {
      return new LedgerCall("none", "shareKey", List.of());
    }
  }

  @Test
  void theVaultKeepsOnlyWhatTheHandedOverDocumentsConfirm() throws Exception {
    TestNetwork net = new TestNetwork(dir, "intl");
    try (MedLedgerNode node = MedLedgerNode.start(net.config)) {
      VaultService vault = node.vault();
      Hash record = Hash.of(net.genesis.cryptoSuite().hash().hash("a record".getBytes()));
      // The platform's sample application keeps no documents: nothing is registered for the vault.
      assertThatThrownBy(() -> vault.fetch(record)).isInstanceOf(VaultException.class).hasMessageContaining("is not registered");
      assertThat(vault.repair()).isZero();
      assertThat(vault.lastSweepSkipped()).isEmpty();

      vault.keepDocumentsOf(new NoDocuments());
      vault.keepDocumentsOf(new NoDocuments());
      assertThat(vault.repair()).isZero();
      assertThat(vault.lastSweepSkipped()).as("what the application could not decode is reported, not fatal")
          .containsEntry("record/not-an-entry", "entry does not decode: test");
      assertThatThrownBy(() -> vault.keepDocumentsOf(new VaultDocuments() {
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
          return new LedgerCall("other", "shareKey", List.of());
        }
      })).isInstanceOf(IllegalStateException.class).hasMessageContaining("another application already keeps its documents");
    }
  }
}
