package org.medledger.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medledger.core.codec.CanonicalWriter;
import org.medledger.apps.records.contract.patient.PatientId;
import org.medledger.core.tx.Transaction;
import org.medledger.crypto.Hash;
import org.medledger.crypto.Hex;
import org.medledger.node.admission.AdmissionResult;
import org.medledger.storage.ShardStore;
import org.medledger.vault.DocumentSealer;
import org.medledger.vault.ErasureCode;
import org.medledger.vault.ShardManifest;

/**
 * On four real validators, a dishonest custodian (org-0) registers a record whose data shards hold
 * "RESULT: HIV NEGATIVE" and whose parity shard is the code of "RESULT: HIV POSITIVE", sealed under
 * the same key and nonce; every shard matches its hash in the manifest. The holder of the parity
 * shard fetches its own shard first, so before issue 23 it opened the positive result while the
 * data shards' readers opened the negative one. Now its fetch finds the rebuilt data shard
 * disagreeing, fetches the data shard, opens the negative result, and reports the parity holder.
 */
class DishonestCustodianVaultTest {
  private static final String PREFIX = "Patient p-9, HIV-1/2 antigen/antibody test, 2026-12-01. ";
  @TempDir
  Path dir;
  private RunningValidators running;

  @AfterEach
  void stop() {
    if (running != null) {
      running.close();
    }
  }

  /** The custodian's own randomness, replayed: both documents get one data key and one nonce. */
  private static SecureRandom replaying(long seed) {
    java.util.Random r = new java.util.Random(seed);
    return new SecureRandom() {
      @Override
      public void nextBytes(byte[] bytes) {
        r.nextBytes(bytes);
      }
    };
  }

  @Test
  void theHolderOfAParityShardThatIsNotTheDataShardsCodeOpensTheDataShardsDocumentAndReportsIt() throws Exception {
    BftTestNetwork net = new BftTestNetwork(dir, "intl", 4);
    running = RunningValidators.start(net);
    running.commit(net.registerClinician());
    KeyPair patient = net.suite.signatures().generateKeyPair(new SecureRandom());
    KeyPair patientEncryption = net.suite.generateEncryptionKeyPair(new SecureRandom());
    PatientId pid = PatientId.of(net.suite.hash(), patient.getPublic().getEncoded());
    running.commit(net.tx("patients", "register", "publicKey", Hex.encode(patient.getPublic().getEncoded()), "signature",
        org.medledger.apps.records.contract.patient.CareRegistration.sign(net.suite.signatures().signer(patient), net.genesis.chainId(), pid, "org-0"),
        "encryptionKeyCertificate", net.encryptionKeyCertificate(patient, patientEncryption.getPublic())));
    byte[] context = new CanonicalWriter(128).string("medledger/record/v1").string(net.genesis.chainId())
        .fixed(pid.value().unsafeBytes(), Hash.LENGTH).string("DiagnosticReport").string("lab").toByteArray();
    byte[] negative = (PREFIX + "RESULT: HIV NEGATIVE").getBytes(StandardCharsets.UTF_8);
    byte[] positive = (PREFIX + "RESULT: HIV POSITIVE").getBytes(StandardCharsets.UTF_8);

    // Forge, choosing the seed so that org-0 (the custodian and reader here) holds the parity shard 3.
    ErasureCode code = new ErasureCode(3, 4);
    ShardManifest manifest;
    byte[][] shards;
    byte[] key;
    for (long seed = 1; ; seed++) {
      DocumentSealer.Sealed honest = new DocumentSealer(net.suite, code, replaying(seed)).seal(negative, context);
      DocumentSealer.Sealed other = new DocumentSealer(net.suite, code, replaying(seed)).seal(positive, context);
      shards = honest.shards().clone();
      shards[3] = other.shards()[3];
      List<Hash> hashes = new ArrayList<>();
      for (byte[] s : shards) {
        hashes.add(Hash.of(net.suite.hash().hash(s)));
      }
      ShardManifest m = honest.manifest();
      manifest = ShardManifest.of(net.suite.hash(), m.aead(), m.nonce(), m.segmentBytes(), 3, 4, m.sealedLength(),
          m.keyCommitment().orElseThrow(), hashes);
      key = honest.dataKey();
      if ((manifest.recordHash().unsafeBytes()[0] & 3) == 1) {
        break;
      }
    }
    Hash record = manifest.recordHash();
    // As an honest custodian wraps: to the encryption keys its node and the patient certified.
    byte[] forCustodian = net.suite.keyWrap().wrap(net.genesis.encryptionKey(net.genesis.validators().get(0)), key, new SecureRandom());
    byte[] forPatient = net.suite.keyWrap().wrap(patientEncryption.getPublic(), key, new SecureRandom());
    running.commit(net.tx("records", "register", "record", record.hex(), "patient", pid.toString(), "resourceType", "DiagnosticReport",
        "category", "lab", "manifest", Hex.encode(manifest.encode()),
        "patientKeyHash", Hash.of(net.suite.hash().hash(forPatient)).hex(),
        "custodianKeyHash", Hash.of(net.suite.hash().hash(forCustodian)).hex()));

    // Each holder keeps the shard the custodian gave it (it matches the manifest), with the wrapped keys.
    running.close();
    Map<String, byte[]> keys = new TreeMap<>(Map.of("patient", forPatient, "org:org-0", forCustodian));
    for (int i = 0; i < 4; i++) {
      int holder = ((record.unsafeBytes()[0] & 0xff) + i) % 4;
      try (ShardStore s = ShardStore.open(net.configs.get(holder).dataDir().resolve("shards"))) {
        s.putWithKeys(record.toBytes(), i, shards[i], keys);
      }
    }
    running = RunningValidators.start(net);
    assertThat(running.node(0).vault().heldShards(record)).containsExactly(3);

    byte[] read = running.node(0).vault().fetch(record);
    assertThat(new String(read, StandardCharsets.UTF_8)).isEqualTo(new String(negative, StandardCharsets.UTF_8));
    assertThat(running.node(0).vault().badShardReports()).containsKey("org-0");
  }
}
