package org.medledger.node.membership;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiPredicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medledger.core.genesis.ValidatorEntry;
import org.medledger.core.governance.ValidatorAddresses;
import org.medledger.core.runtime.StateReader;
import org.medledger.crypto.Hex;
import org.medledger.crypto.x509.Pem;
import org.medledger.network.PeerAddress;
import org.medledger.network.TlsTransport;
import org.medledger.node.BftTestNetwork;

/**
 * Which validators a node dials by the addresses its ledger holds: not itself, not one its
 * node.json names (the operator's address wins), the new address when the ledger's changes, none
 * once the validator leaves the sets in force and scheduled, and nothing for an address that
 * cannot be dialled. The links are a real transport's; the ledger state is the few keys read.
 */
class LedgerPeerLinksTest {
  @TempDir Path dir;

  /** The consortium keys the links read, by full state key. */
  private final TreeMap<String, byte[]> keys = new TreeMap<>();
  private final StateReader state = new StateReader() {
    @Override
    public byte[] get(byte[] key) {
      return keys.get(Hex.encode(key));
    }

    @Override
    public void scan(byte[] prefix, BiPredicate<byte[], byte[]> visitor) {
      throw new UnsupportedOperationException("the links read single keys only");
    }
  };

  private void address(String validator, String hostPort) {
    keys.put(Hex.encode(ValidatorAddresses.stateKey(validator)), hostPort.getBytes(StandardCharsets.US_ASCII));
  }

  @Test
  void dialsTheValidatorsTheLedgerPlacesExceptItselfAndConfiguredOnesAndStopsWhenTheyLeave() throws Exception {
    BftTestNetwork net = new BftTestNetwork(dir, "intl", 4);
    List<ValidatorEntry> all = net.genesis.validators();
    AtomicReference<List<ValidatorEntry>> inForceAndScheduled = new AtomicReference<>(all);
    var self = net.configs.get(0);
    try (TlsTransport transport = new TlsTransport(Pem.parseCertificate(Files.readString(self.certificate())),
        Pem.parsePrivateKey(net.suite.signatures(), Files.readString(self.privateKey())), cert -> Optional.empty(),
        (peer, topic, payload) -> { })) {
      PeerAddress configured = new PeerAddress("org-2-node", "10.0.0.2", 7402);
      LedgerPeerLinks links = new LedgerPeerLinks(transport, inForceAndScheduled::get, () -> state, "org-0-node",
          List.of(configured));
      address("org-0-node", "10.0.0.0:7400");
      address("org-1-node", "127.0.0.1:1");
      address("org-2-node", "10.0.0.99:7402");
      address("org-3-node", "not an address");
      links.follow();
      PeerAddress one = new PeerAddress("org-1-node", "127.0.0.1", 1);
      assertThat(links.dialling()).containsOnlyKeys("org-1-node").containsEntry("org-1-node", one);
      assertThat(transport.dialled()).containsExactly(one);

      links.follow();
      assertThat(transport.dialled()).as("dialled once, not again at each commit").containsExactly(one);

      address("org-1-node", "node-1.example.org:7401");
      links.follow();
      PeerAddress moved = new PeerAddress("org-1-node", "node-1.example.org", 7401);
      assertThat(transport.dialled()).as("the ledger's new address replaces the old").containsExactly(moved);

      inForceAndScheduled.set(List.of(all.get(0), all.get(2), all.get(3)));
      links.follow();
      assertThat(links.dialling()).isEmpty();
      assertThat(transport.dialled()).as("a removed validator is no longer dialled").isEmpty();
    }
  }
}
