package org.medledger.apps.records.node;

import org.medledger.node.MedLedgerNode;
import org.medledger.node.TestNetwork;
import org.medledger.node.NodeEncryptionKey;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.PrivateKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.medledger.client.MedLedgerClient;
import org.medledger.apps.records.contract.patient.PatientContract;
import org.medledger.apps.records.contract.patient.PatientId;
import org.medledger.apps.records.contract.patient.PatientRecord;
import org.medledger.crypto.AeadException;
import org.medledger.crypto.EncryptionKeyCertificate;
import org.medledger.crypto.Hash;
import org.medledger.crypto.Hex;
import org.medledger.crypto.x509.Pem;
import org.medledger.apps.records.node.PatientWallet;
import org.medledger.node.vault.VaultException;

/**
 * Issue 23, finding 6, on a real node: data keys are wrapped to the node's and the patient's
 * encryption keys, each certified by its holder's signing key, and never to a signing key; a
 * patient with no certified encryption key gets no record; a node starts only with the
 * encryption key its genesis certifies.
 */
class SeparateEncryptionKeysTest {
  @TempDir Path dir;

  @ParameterizedTest
  @ValueSource(strings = {"intl", "gm"})
  void dataKeysAreWrappedToEncryptionKeysAndNeverToASigningKey(String suiteId) throws Exception {
    TestNetwork net = new TestNetwork(dir, suiteId);
    try (MedLedgerNode node = MedLedgerNode.start(net.config)) {
      MedLedgerClient wang = net.login(node, "dr-wang");
      wang.submit(net.register(net.user("dr-wang")), true);
      // A custodial patient: the wallet makes both her pairs and registers her encryption key's certificate.
      JsonNode created = wang.post("v1/patients", new ObjectMapper().createObjectNode());
      assertThat(created.path("outcome").path("success").asBoolean()).as(created.toString()).isTrue();
      PatientId pid = PatientId.parse(created.get("patient").asText());
      PatientRecord registered = PatientContract.find(node.ledger().state(), pid).orElseThrow();
      EncryptionKeyCertificate cert = registered.encryptionKeyCertificate().orElseThrow();
      assertThat(cert.encryptionKey()).isNotEqualTo(registered.publicKey());
      cert.certify(net.suite, net.genesis.chainId(), EncryptionKeyCertificate.patientHolder(pid.toString()),
          net.suite.signatures().decodePublicKey(registered.publicKey()));

      Hash record = RecordVault.of(node).store(net.user("dr-wang").id(), "potassium 4.1 mmol/L".getBytes(), pid, "Observation",
          "laboratory").record();
      PatientWallet wallet = new PatientWallet(net.config.dataDir().resolve("apps/records/wallet"), net.suite,
          Files.readAllBytes(net.config.dataDir().resolve("secrets").resolve("wallet.key")));
      byte[] forPatient = node.vault().wrappedKey(record, "patient").orElseThrow();
      assertThat(wallet.unwrap(pid, forPatient).orElseThrow()).hasSize(net.suite.aead().keyLength());

      byte[] forNode = node.vault().wrappedKey(record, "org:hospital-a").orElseThrow();
      PrivateKey nodeEncryption = privateKey(net, NodeEncryptionKey.fileFor(net.config.privateKey()));
      PrivateKey nodeSigning = privateKey(net, net.config.privateKey());
      assertThat(net.suite.keyWrap().unwrap(nodeEncryption, forNode)).hasSize(net.suite.aead().keyLength());
      assertThatThrownBy(() -> net.suite.keyWrap().unwrap(nodeSigning, forNode)).as("the node's signing key opens nothing")
          .isInstanceOf(AeadException.class);
      assertThat(node.vault().fetch(record)).isEqualTo("potassium 4.1 mmol/L".getBytes());

      // A patient registered with her signing key alone (as before issue 23) gets no record: none is wrapped to a signing key.
      wang.submit(net.register(net.user("patient-2")), true);
      byte[] key2 = net.user("patient-2").keys().getPublic().getEncoded();
      PatientId p2 = PatientId.of(net.suite.hash(), key2);
      JsonNode plain = wang.submit(net.tx(net.user("dr-wang"), "patients", "register", "publicKey", Hex.encode(key2), "custody", "self",
          "signature", org.medledger.apps.records.contract.patient.CareRegistration.sign(net.user("patient-2").signer(), net.genesis.chainId(), p2,
              "hospital-a")), true);
      assertThat(plain.path("outcome").path("success").asBoolean()).as(plain.toString()).isTrue();
      assertThatThrownBy(() -> RecordVault.of(node).store(net.user("dr-wang").id(), "x".getBytes(), p2, "Observation", "laboratory"))
          .isInstanceOf(VaultException.class).hasMessageContaining("no registered encryption key");
      assertThat(org.medledger.apps.records.contract.record.RecordContract.ofPatient(node.ledger().state(), p2)).isEmpty();
    }
  }

  @Test
  void aNodeStartsOnlyWithTheEncryptionKeyItsGenesisCertifies() throws Exception {
    TestNetwork net = new TestNetwork(dir, "intl");
    Path encryptionKey = NodeEncryptionKey.fileFor(net.config.privateKey());
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(encryptionKey))).isEqualTo("rw-------");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(encryptionKey.getParent()))).isEqualTo("rwx------");
    String certified = Files.readString(encryptionKey);

    // Its signing key put in the encryption key's place: refused, the genesis certifies another key.
    Files.writeString(encryptionKey, Files.readString(net.config.privateKey()));
    assertThatThrownBy(() -> MedLedgerNode.start(net.config)).hasMessageContaining("is not the one the genesis certifies");
    Files.delete(encryptionKey);
    assertThatThrownBy(() -> MedLedgerNode.start(net.config)).hasMessageContaining("encryption key").hasMessageContaining("missing");
    assertThatThrownBy(() -> NodeEncryptionKey.create(net.suite, net.user("admin-a").signer(), "test-chain", "x",
        net.config.privateKey(), new java.security.SecureRandom())).hasMessageContaining("exists");

    Files.writeString(encryptionKey, certified);
    try (MedLedgerNode node = MedLedgerNode.start(net.config)) {
      assertThat(node.ledger().height()).isGreaterThanOrEqualTo(0);
    }
  }

  private static PrivateKey privateKey(TestNetwork net, Path file) throws java.io.IOException {
    return net.suite.signatures().decodePrivateKey(Pem.decode("PRIVATE KEY", Files.readString(file)));
  }
}
