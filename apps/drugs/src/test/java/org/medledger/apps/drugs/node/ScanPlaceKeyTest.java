package org.medledger.apps.drugs.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medledger.node.MedLedgerNode;
import org.medledger.node.NodeSecrets;
import org.medledger.node.TestNetwork;

/**
 * The drugs application reads its scan place key before the ledger opens (issue 22, finding 4):
 * a one-validator node without it, or with a short or unreadable one, refuses to start naming the
 * file, and never makes one itself (a new key would count every place anew).
 */
class ScanPlaceKeyTest {
  @TempDir
  Path dir;

  @Test
  void aOneValidatorNodeRefusesToStartNamingAMissingShortOrUnreadableScanPlaceKey() throws Exception {
    TestNetwork net = new TestNetwork(dir, "intl");
    Path secrets = net.config.dataDir().resolve("secrets");
    String name = ScanCounter.OWN_KEY_FILE;
    byte[] saved = Files.readAllBytes(secrets.resolve(name));
    Files.delete(secrets.resolve(name));
    assertThatThrownBy(() -> MedLedgerNode.start(net.config)).hasMessageContaining(name + " is missing")
        .hasMessageContaining("medledger node secrets").hasMessageContaining("no longer matched to their place");
    assertThat(secrets.resolve(name)).as("not made by the node").doesNotExist();

    Files.write(secrets.resolve(name), new byte[31]);
    assertThatThrownBy(() -> MedLedgerNode.start(net.config)).hasMessageContaining(name + " is 31 bytes");
    assertThat(Files.readAllBytes(secrets.resolve(name))).as("not replaced").hasSize(31);

    Files.write(secrets.resolve(name), saved);
    Files.setPosixFilePermissions(secrets.resolve(name), PosixFilePermissions.fromString("-w-------"));
    if (!Files.isReadable(secrets.resolve(name))) { // root reads it anyway
      assertThatThrownBy(() -> MedLedgerNode.start(net.config)).hasMessageContaining(name + " cannot be read");
    }
    Files.setPosixFilePermissions(secrets.resolve(name), PosixFilePermissions.fromString("rw-------"));
    try (MedLedgerNode node = MedLedgerNode.start(net.config)) {
      assertThat(node.ledger().height()).isGreaterThanOrEqualTo(0);
    }
  }

  /**
   * The key is the drugs application's to name (Application.nodeSecrets), no longer the node's:
   * `medledger node secrets` makes it only with drugs on the class path, at the name and place the
   * node used before, and a data folder holding one from before keeps it, byte for byte.
   */
  @Test
  void theOwnKeyIsMadeForDrugsAtItsEarlierPlaceAndAnEarlierOneIsKept() throws Exception {
    Path data = dir.resolve("data");
    List<Path> withoutDrugs = NodeSecrets.createMissing(data, false, List.of());
    assertThat(withoutDrugs).extracting(p -> p.getFileName().toString()).containsExactly("api-token.key");
    assertThat(new DrugsApplication().nodeSecrets()).containsExactly("scan-place.key");
    assertThat(NodeSecrets.createMissing(data, false, List.of(new DrugsApplication())))
        .containsExactly(data.resolve("secrets").resolve("scan-place.key"));
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(data.resolve("secrets/scan-place.key"))))
        .isEqualTo("rw-------");

    // A one-validator node's data folder from before the move: its key stays, and drugs reads it.
    TestNetwork net = new TestNetwork(Files.createDirectories(dir.resolve("net")), "intl");
    Path earlier = net.config.dataDir().resolve("secrets").resolve("scan-place.key");
    byte[] before = new byte[32];
    java.util.Arrays.fill(before, (byte) 7);
    Files.write(earlier, before);
    assertThat(NodeSecrets.createMissing(net.config.dataDir(), true, List.of(new DrugsApplication()))).isEmpty();
    assertThat(DrugsApplication.scanPlaceKey(new NodeSecrets(net.config.dataDir()), net.genesis)).isEqualTo(before);
  }

  /** A member's application cannot claim, and so have made or overwrite, the node's own secrets or another's. */
  @Test
  void anApplicationNamingTheNodesSecretOrAnothersIsRefused() {
    org.medledger.node.application.Application greedy = new Claiming("greedy", "wallet.key");
    assertThatThrownBy(() -> NodeSecrets.createMissing(dir.resolve("a"), true, List.of(greedy)))
        .hasMessageContaining("greedy").hasMessageContaining("wallet.key");
    org.medledger.node.application.Application copy = new Claiming("copy", "scan-place.key");
    assertThatThrownBy(() -> NodeSecrets.createMissing(dir.resolve("b"), true, List.of(new DrugsApplication(), copy)))
        .hasMessageContaining("scan-place.key").hasMessageContaining("application drugs");
  }

  /** An application naming one node secret, and nothing else. */
  private record Claiming(String name, String secret) implements org.medledger.node.application.Application {
    @Override
    public int version() {
      return 1;
    }

    @Override
    public List<org.medledger.core.runtime.Contract> contracts(org.medledger.node.application.ChainEnvironment chain) {
      return List.of();
    }

    @Override
    public List<String> nodeSecrets() {
      return List.of(secret);
    }
  }
}
