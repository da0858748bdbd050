package org.medledger.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medledger.client.MedLedgerClient;
import org.medledger.core.patient.PatientId;
import org.medledger.node.health.PatientWallet;

/**
 * Issue 20 finding 5: one 32-byte file was the token key and the wallet's sealing key, written
 * before it was chmod-ed, silently replaced when missing (which left every custodial key
 * unopenable), in 0644 files of a 0755 folder.
 */
class NodeSecretsTest {
  @TempDir
  Path dir;

  @Test
  void theTokenKeyDoesNotOpenTheWalletAndAMissingWalletKeyStopsTheNode() throws Exception {
    TestNetwork net = new TestNetwork(dir, "intl");
    String pid;
    try (MedLedgerNode node = MedLedgerNode.start(net.config)) {
      MedLedgerClient wang = net.login(node, "dr-wang");
      wang.submit(net.register(net.user("dr-wang")), true);
      JsonNode created = wang.post("v1/patients", new ObjectMapper().createObjectNode());
      assertThat(created.path("outcome").path("success").asBoolean()).as(created.toString()).isTrue();
      pid = created.get("patient").asText();
    }
    Path secrets = net.config.dataDir().resolve("secrets");
    Path wallet = net.config.dataDir().resolve("wallet");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(secrets))).isEqualTo("rwx------");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(wallet))).isEqualTo("rwx------");
    for (Path f : new Path[] {secrets.resolve("api-token.key"), secrets.resolve("wallet.key"), secrets.resolve("scan-place.key"),
        wallet.resolve(pid + ".key")}) {
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(f))).as(f.toString()).isEqualTo("rw-------");
    }
    assertThat(Files.readAllBytes(secrets.resolve("api-token.key"))).isNotEqualTo(Files.readAllBytes(secrets.resolve("wallet.key")));

    // Whoever steals the token key cannot unseal a custodial patient's key with it.
    PatientWallet withTokenKey = new PatientWallet(wallet, net.suite, Files.readAllBytes(secrets.resolve("api-token.key")));
    assertThatThrownBy(() -> withTokenKey.signer(PatientId.parse(pid))).hasMessageContaining("cannot be opened");
    PatientWallet withWalletKey = new PatientWallet(wallet, net.suite, Files.readAllBytes(secrets.resolve("wallet.key")));
    assertThat(withWalletKey.signer(PatientId.parse(pid))).isPresent();

    // Rotating the token key is deleting it; the wallet key is never made anew under sealed keys.
    Files.delete(secrets.resolve("api-token.key"));
    byte[] walletKey = Files.readAllBytes(secrets.resolve("wallet.key"));
    Files.delete(secrets.resolve("wallet.key"));
    assertThatThrownBy(() -> MedLedgerNode.start(net.config)).hasMessageContaining("wallet.key is missing");
    assertThat(secrets.resolve("wallet.key")).doesNotExist();
    Files.write(secrets.resolve("wallet.key"), walletKey);
    try (MedLedgerNode node = MedLedgerNode.start(net.config)) {
      assertThat(node.ledger().height()).isGreaterThan(0);
    }
  }
}
