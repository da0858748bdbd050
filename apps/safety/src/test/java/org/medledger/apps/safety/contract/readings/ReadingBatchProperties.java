package org.medledger.apps.safety.contract.readings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;

import java.security.KeyPair;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.medledger.crypto.CryptoSuite;
import org.medledger.crypto.CryptoSuites;
import org.medledger.crypto.Hash;
import org.medledger.crypto.merkle.MerkleHasher;
import org.medledger.crypto.merkle.MerkleProofs;
import org.medledger.crypto.merkle.MerkleVerifier;

/** Every reading of a batch is proven part of its root, and of no other; a reading altered after the fact proves nothing. */
class ReadingBatchProperties {
  static final CryptoSuite SUITE = CryptoSuites.intl();
  static final KeyPair DEVICE = SUITE.signatures().generateKeyPair(new SecureRandom(new byte[] {5}));
  static final MerkleHasher HASHER = new MerkleHasher(SUITE.hash());

  static List<AnchoredReading> readings(int n) {
    List<AnchoredReading> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      DeviceReading r = new DeviceReading("+H123PUMP0" + (i % 3) + "1/$$3281231LOT7/SSN" + (i % 3), i, 1_796_000_000_000L + i,
          DeviceReading.LOINC, "8867-4", Integer.toString(60 + i % 40), "/min");
      out.add(new AnchoredReading(SignedDeviceReading.sign(r, SUITE.signatures().signer(DEVICE)), DEVICE.getPublic().getEncoded()));
    }
    return out;
  }

  static final List<AnchoredReading> POOL = readings(70);

  @Test
  void everyReadingIsProvenPartOfItsBatchRoot() {
    qt().withExamples(200).forAll(integers().between(1, 70), integers().between(0, 1_000)).checkAssert((n, pick) -> {
      ReadingBatch batch = new ReadingBatch(SUITE.hash(), POOL.subList(0, n));
      int i = pick % n;
      byte[] leaf = HASHER.leafHash(batch.readings().get(i).encode());
      List<byte[]> path = batch.inclusionProof(i).stream().map(Hash::toBytes).toList();
      assertThat(new MerkleVerifier(HASHER).verifyInclusion(i, n, leaf, path, batch.root().toBytes())).isTrue();
      List<byte[]> leaves = batch.readings().stream().map(r -> HASHER.leafHash(r.encode())).toList();
      assertThat(batch.root().toBytes()).as("the root is RFC 9162's MTH of the leaves").isEqualTo(MerkleProofs.rootOf(HASHER, leaves));
    });
  }

  @Test
  void aReadingAlteredAfterTheFactFailsItsProof() {
    qt().withExamples(100).forAll(integers().between(1, 70), integers().between(0, 1_000)).checkAssert((n, pick) -> {
      ReadingBatch batch = new ReadingBatch(SUITE.hash(), POOL.subList(0, n));
      int i = pick % n;
      AnchoredReading original = batch.readings().get(i);
      DeviceReading r = original.reading();
      DeviceReading altered = new DeviceReading(r.udi(), r.sequence(), r.statedAtMillis(), r.codeSystem(), r.code(), r.value() + "1",
          r.unit());
      AnchoredReading forged = new AnchoredReading(new SignedDeviceReading(altered, original.signed().signature()),
          original.devicePublicKey());
      List<byte[]> path = batch.inclusionProof(i).stream().map(Hash::toBytes).toList();
      assertThat(new MerkleVerifier(HASHER).verifyInclusion(i, n, HASHER.leafHash(forged.encode()), path, batch.root().toBytes()))
          .isFalse();
    });
  }

  @Test
  void theDeviceSetDigestNamesEachDeviceOnceWhateverTheOrder() {
    ReadingBatch batch = new ReadingBatch(SUITE.hash(), POOL.subList(0, 9));
    TreeSet<String> devices = new TreeSet<>(List.of("+H123PUMP021/$$3281231LOT7/SSN2", "+H123PUMP001/$$3281231LOT7/SSN0",
        "+H123PUMP011/$$3281231LOT7/SSN1"));
    assertThat(batch.deviceSetDigest()).isEqualTo(ReadingBatch.deviceSetDigest(SUITE.hash(), devices));
    assertThat(batch.deviceSetDigest()).isNotEqualTo(ReadingBatch.deviceSetDigest(SUITE.hash(), new TreeSet<>(devices.headSet(
        "+H123PUMP021"))));
  }
}
