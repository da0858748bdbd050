package org.medledger.apps.drugs.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
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
    String name = NodeSecrets.SCAN_PLACE;
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
}
