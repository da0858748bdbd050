package org.medledger.apps.records.node;

import org.medledger.node.MedLedgerNode;
import org.medledger.node.TestNetwork;
import org.medledger.node.NodeSecrets;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medledger.client.MedLedgerClient;
import org.medledger.apps.records.contract.patient.PatientId;
import org.medledger.apps.records.node.PatientWallet;

/**
 * Issue 20 finding 5: one 32-byte file was the token key and the wallet's sealing key, written
 * before it was chmod-ed, silently replaced when missing or short (which left every custodial
 * key unopenable), in 0644 files of a 0755 folder.
 */
class NodeSecretsTest {
  @TempDir
  Path dir;

  private static String registerCustodial(TestNetwork net, MedLedgerNode node) {
    MedLedgerClient wang = net.login(node, "dr-wang");
    wang.submit(net.register(net.user("dr-wang")), true);
    JsonNode created = wang.post("v1/patients", new ObjectMapper().createObjectNode());
    assertThat(created.path("outcome").path("success").asBoolean()).as(created.toString()).isTrue();
    return created.get("patient").asText();
  }

  private static String mode(Path p) throws Exception {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
  }

  @Test
  void aStolenTokenKeyNoLongerOpensTheWallet() throws Exception {
    TestNetwork net = new TestNetwork(dir, "intl");
    String pid;
    try (MedLedgerNode node = MedLedgerNode.start(net.config)) {
      pid = registerCustodial(net, node);
    }
    Path secrets = net.config.dataDir().resolve("secrets");
    Path wallet = net.config.dataDir().resolve("apps/records/wallet");
    assertThat(mode(secrets)).isEqualTo("rwx------");
    assertThat(mode(wallet)).isEqualTo("rwx------");
    for (Path f : new Path[] {secrets.resolve("api-token.key"), secrets.resolve("wallet.key"), wallet.resolve(pid + ".key")}) {
      assertThat(mode(f)).as(f.toString()).isEqualTo("rw-------");
    }
    assertThat(Files.readAllBytes(secrets.resolve("api-token.key"))).isNotEqualTo(Files.readAllBytes(secrets.resolve("wallet.key")));

    // Whoever steals the token key cannot unseal a custodial patient's key with it.
    PatientWallet withTokenKey = new PatientWallet(wallet, net.suite, Files.readAllBytes(secrets.resolve("api-token.key")));
    assertThatThrownBy(() -> withTokenKey.signer(PatientId.parse(pid))).hasMessageContaining("cannot be opened");
    PatientWallet withWalletKey = new PatientWallet(wallet, net.suite, Files.readAllBytes(secrets.resolve("wallet.key")));
    assertThat(withWalletKey.signer(PatientId.parse(pid))).isPresent();

    // Nor can a node started from a copy holding the token key but not the wallet's: it refuses.
    byte[] walletKey = Files.readAllBytes(secrets.resolve("wallet.key"));
    Files.delete(secrets.resolve("wallet.key"));
    assertThatThrownBy(() -> MedLedgerNode.start(net.config)).hasMessageContaining("wallet.key is missing")
        .hasMessageContaining("restore it from its backup");
    assertThat(secrets.resolve("wallet.key")).as("never made anew").doesNotExist();
    // Nor will `medledger node secrets` make one under sealed keys.
    assertThatThrownBy(() -> NodeSecrets.createMissing(net.config.dataDir(), true, List.of())).hasMessageContaining("wallet.key is missing");
    Files.write(secrets.resolve("wallet.key"), walletKey);

    // Rotating the token key leaves the wallet whole.
    byte[] oldToken = Files.readAllBytes(secrets.resolve("api-token.key"));
    NodeSecrets.rotateTokenKey(net.config.dataDir());
    assertThat(Files.readAllBytes(secrets.resolve("api-token.key"))).isNotEqualTo(oldToken);
    assertThat(mode(secrets.resolve("api-token.key"))).isEqualTo("rw-------");
    try (MedLedgerNode node = MedLedgerNode.start(net.config)) {
      assertThat(node.ledger().height()).isGreaterThan(0);
    }
    assertThat(withWalletKey.signer(PatientId.parse(pid))).isPresent();
  }

  @Test
  void theNodeMakesNoSecretAndRefusesToStartNamingTheOneMissingShortOrUnreadable() throws Exception {
    TestNetwork net = new TestNetwork(dir, "intl");
    Path secrets = net.config.dataDir().resolve("secrets");
    // The drugs application's scan-place.key is its own to require (apps/drugs ScanPlaceKeyTest).
    for (String name : List.of("wallet.key", "api-token.key")) {
      byte[] saved = Files.readAllBytes(secrets.resolve(name));
      Files.delete(secrets.resolve(name));
      assertThatThrownBy(() -> MedLedgerNode.start(net.config)).as(name).hasMessageContaining(name + " is missing")
          .hasMessageContaining("medledger node secrets");
      assertThat(secrets.resolve(name)).as(name + " is not made by the node").doesNotExist();

      Files.write(secrets.resolve(name), new byte[31]);
      assertThatThrownBy(() -> MedLedgerNode.start(net.config)).as(name).hasMessageContaining(name + " is 31 bytes");
      assertThat(Files.readAllBytes(secrets.resolve(name))).as(name + " is not replaced").hasSize(31);

      Files.write(secrets.resolve(name), saved);
      Files.setPosixFilePermissions(secrets.resolve(name), PosixFilePermissions.fromString("-w-------"));
      if (!Files.isReadable(secrets.resolve(name))) { // root reads it anyway
        assertThatThrownBy(() -> MedLedgerNode.start(net.config)).as(name).hasMessageContaining(name + " cannot be read");
      }
      Files.setPosixFilePermissions(secrets.resolve(name), PosixFilePermissions.fromString("rw-------"));
    }
    try (MedLedgerNode node = MedLedgerNode.start(net.config)) {
      assertThat(node.ledger().height()).isGreaterThanOrEqualTo(0);
    }
  }

  @Test
  void secretsAreOwnerOnlyFromTheirFirstByteAndNeverWrittenThroughAPlantedLink() throws Exception {
    Path data = dir.resolve("data");
    Path secrets = Files.createDirectories(data.resolve("secrets"));
    Files.setPosixFilePermissions(secrets, PosixFilePermissions.fromString("rwxrwxrwx"));
    // Someone who could write the folder before it was locked plants a link where the temporary file goes.
    Path elsewhere = Files.writeString(dir.resolve("elsewhere"), "untouched");
    Files.createSymbolicLink(secrets.resolve("wallet.key.tmp"), elsewhere);

    List<Path> made = NodeSecrets.createMissing(data, true, List.of(new RecordsApplication()));

    // The node's own two; an application's own (drugs' scan-place.key) only with that application.
    assertThat(made).extracting(p -> p.getFileName().toString()).containsExactlyInAnyOrder("api-token.key", "wallet.key");
    assertThat(mode(secrets)).isEqualTo("rwx------");
    for (Path f : made) {
      assertThat(mode(f)).as(f.toString()).isEqualTo("rw-------");
      assertThat(Files.size(f)).isEqualTo(NodeSecrets.KEY_BYTES);
    }
    assertThat(Files.readString(elsewhere)).isEqualTo("untouched");
    try (Stream<Path> left = Files.list(secrets)) {
      assertThat(left.map(p -> p.getFileName().toString())).doesNotContain("wallet.key.tmp", "api-token.key.tmp");
    }
    // Made once, never replaced.
    byte[] wallet = Files.readAllBytes(secrets.resolve("wallet.key"));
    assertThat(NodeSecrets.createMissing(data, true, List.of(new RecordsApplication()))).isEmpty();
    assertThat(Files.readAllBytes(secrets.resolve("wallet.key"))).isEqualTo(wallet);
  }

  @Test
  void aWalletSealedUnderAPassphraseOpensOnlyWithIt() throws Exception {
    TestNetwork net = new TestNetwork(dir, "intl");
    Path secrets = net.config.dataDir().resolve("secrets");
    Files.delete(secrets.resolve("wallet.key"));
    char[] passphrase = "correct horse battery staple".toCharArray();
    String pid;
    try (MedLedgerNode node = MedLedgerNode.start(net.config, Clock.systemUTC(), passphrase)) {
      pid = registerCustodial(net, node);
    }
    Path kdf = secrets.resolve("wallet.kdf");
    assertThat(mode(kdf)).isEqualTo("rw-------");
    assertThat(Files.readString(kdf)).matches("scrypt N=32768 r=8 p=3 salt=[0-9a-f]{32} check=[0-9a-f]{64}\\n");
    assertThat(secrets.resolve("wallet.key")).doesNotExist();

    PatientWallet withTokenKey = new PatientWallet(net.config.dataDir().resolve("apps/records/wallet"), net.suite,
        Files.readAllBytes(secrets.resolve("api-token.key")));
    assertThatThrownBy(() -> withTokenKey.signer(PatientId.parse(pid))).hasMessageContaining("cannot be opened");

    assertThatThrownBy(() -> MedLedgerNode.start(net.config, Clock.systemUTC(), "correct horse battery stapler".toCharArray()))
        .hasMessageContaining("passphrase does not match");
    assertThatThrownBy(() -> MedLedgerNode.start(net.config)).hasMessageContaining("sealed under a passphrase")
        .hasMessageContaining("wallet.kdf");
    assertThatThrownBy(() -> MedLedgerNode.start(net.config, Clock.systemUTC(), "short".toCharArray()))
        .hasMessageContaining("at least 12");
    // The salt lost under sealed keys: refused, and not made anew.
    byte[] salt = Files.readAllBytes(kdf);
    Files.delete(kdf);
    assertThatThrownBy(() -> MedLedgerNode.start(net.config, Clock.systemUTC(), passphrase)).hasMessageContaining("wallet.kdf")
        .hasMessageContaining("restore it");
    assertThat(kdf).doesNotExist();
    Files.write(kdf, salt);
    try (MedLedgerNode node = MedLedgerNode.start(net.config, Clock.systemUTC(), passphrase)) {
      assertThat(node.ledger().height()).isGreaterThan(0);
    }
  }
}
