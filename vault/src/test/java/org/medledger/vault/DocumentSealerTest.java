package org.medledger.vault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.security.SecureRandom;
import java.util.Arrays;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.medledger.crypto.CryptoSuite;
import org.medledger.crypto.Hash;
import org.medledger.crypto.CryptoSuites;

class DocumentSealerTest {
  private static final byte[] CONTEXT = "record r-1 of patient p-9".getBytes(StandardCharsets.UTF_8);

  private static byte[] fhirLikeDocument() {
    StringBuilder b = new StringBuilder("{\"resourceType\":\"Bundle\",\"type\":\"collection\",\"entry\":[");
    for (int i = 0; i < 60; i++) {
      b.append("{\"resource\":{\"resourceType\":\"Observation\",\"status\":\"final\",\"code\":{\"text\":\"Haemoglobin\"},")
          .append("\"subject\":{\"reference\":\"Patient/p-9\"},\"valueQuantity\":{\"value\":").append(120 + i).append(",\"unit\":\"g/L\"}}},");
    }
    return b.append("{}]}").toString().getBytes(StandardCharsets.UTF_8);
  }

  private static DocumentSealer sealer(String suite) {
    return new DocumentSealer(CryptoSuites.byId(suite), new ErasureCode(3, 4), new SecureRandom());
  }

  @ParameterizedTest
  @ValueSource(strings = {"intl", "gm"})
  void anyThreeOfTheFourShardsOpenTheDocument(String suite) {
    byte[] document = fhirLikeDocument();
    DocumentSealer.Sealed sealed = sealer(suite).seal(document, CONTEXT);
    assertThat(sealed.manifest().aead()).isEqualTo(CryptoSuites.byId(suite).aead().name());
    for (int lost = 0; lost < 4; lost++) {
      byte[][] arrived = sealed.shards().clone();
      arrived[lost] = null;
      DocumentSealer.Opened opened = sealer(suite).open(sealed.manifest(), arrived, sealed.dataKey(), CONTEXT);
      assertThat(opened.document()).isEqualTo(document);
      assertThat(opened.badShards()).isEmpty();
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"intl", "gm"})
  void noShardHoldsAnyPieceOfThePlaintextAndTwoCannotRebuildIt(String suite) {
    byte[] document = fhirLikeDocument();
    DocumentSealer.Sealed sealed = sealer(suite).seal(document, CONTEXT);
    for (byte[] shard : sealed.shards()) {
      for (int at = 0; at + 16 <= document.length; at += 4) {
        assertThat(indexOf(shard, Arrays.copyOfRange(document, at, at + 16))).isEqualTo(-1);
      }
    }
    byte[][] two = {sealed.shards()[0], null, sealed.shards()[2], null};
    assertThatThrownBy(() -> sealer(suite).open(sealed.manifest(), two, sealed.dataKey(), CONTEXT))
        .isInstanceOf(VaultException.class).hasMessageContaining("2 good shards of the 3 needed");
  }

  @ParameterizedTest
  @ValueSource(strings = {"intl", "gm"})
  void aCorruptShardIsReportedAndLeftOutWhileEnoughGoodOnesRemain(String suite) {
    byte[] document = fhirLikeDocument();
    DocumentSealer.Sealed sealed = sealer(suite).seal(document, CONTEXT);
    byte[][] arrived = sealed.shards().clone();
    arrived[1] = arrived[1].clone();
    arrived[1][7] ^= 1;
    DocumentSealer.Opened opened = sealer(suite).open(sealed.manifest(), arrived, sealed.dataKey(), CONTEXT);
    assertThat(opened.document()).isEqualTo(document);
    assertThat(opened.badShards()).containsExactly(1);
    arrived[2] = new byte[arrived[2].length];
    assertThatThrownBy(() -> sealer(suite).open(sealed.manifest(), arrived, sealed.dataKey(), CONTEXT))
        .hasMessageContaining("shards [1, 2] failed their hash");
  }

  @ParameterizedTest
  @ValueSource(strings = {"intl", "gm"})
  void theRecordHashCommitsToEveryFieldOfTheManifest(String suite) {
    CryptoSuite s = CryptoSuites.byId(suite);
    DocumentSealer sealer = sealer(suite);
    DocumentSealer.Sealed sealed = sealer.seal(fhirLikeDocument(), CONTEXT);
    ShardManifest m = sealed.manifest();
    assertThat(m.version()).isEqualTo(ShardManifest.VERSION);
    assertThat(m.commitsToItsFields(s.hash())).isTrue();
    byte[] otherNonce = m.nonce();
    otherNonce[0] ^= 1;
    List<Hash> parityAltered = new java.util.ArrayList<>(m.shardHashes());
    parityAltered.set(3, m.shardHashes().get(0));
    List<ShardManifest> changed = List.of(
        withRecordHash(new ShardManifest(2, m.aead(), otherNonce, m.segmentBytes(), 3, 4, m.sealedLength(), m.keyCommitment(), Hash.ZERO, m.shardHashes()), m),
        withRecordHash(new ShardManifest(2, m.aead(), m.nonce(), m.segmentBytes(), 3, 4, m.sealedLength() + 1, m.keyCommitment(), Hash.ZERO, m.shardHashes()), m),
        withRecordHash(new ShardManifest(2, m.aead(), m.nonce(), m.segmentBytes() - 1, 3, 4, m.sealedLength(), m.keyCommitment(), Hash.ZERO, m.shardHashes()), m),
        withRecordHash(new ShardManifest(2, "X", m.nonce(), m.segmentBytes(), 3, 4, m.sealedLength(), m.keyCommitment(), Hash.ZERO, m.shardHashes()), m),
        withRecordHash(new ShardManifest(2, m.aead(), m.nonce(), m.segmentBytes(), 3, 4, m.sealedLength(), java.util.Optional.of(Hash.ZERO), Hash.ZERO, m.shardHashes()), m),
        withRecordHash(new ShardManifest(2, m.aead(), m.nonce(), m.segmentBytes(), 3, 4, m.sealedLength(), m.keyCommitment(), Hash.ZERO, parityAltered), m));
    for (ShardManifest c : changed) {
      // the same record hash over any other field is not a manifest of that record
      assertThat(c.commitsToItsFields(s.hash())).isFalse();
      assertThat(c.expectedRecordHash(s.hash())).isNotEqualTo(m.recordHash());
    }
    // a manifest whose record hash does not match its fields opens nothing
    ShardManifest forged = new ShardManifest(2, m.aead(), m.nonce(), m.segmentBytes(), 3, 4, m.sealedLength(), m.keyCommitment(),
        Hash.ZERO, m.shardHashes());
    assertThatThrownBy(() -> sealer.open(forged, sealed.shards(), sealed.dataKey(), CONTEXT)).hasMessageContaining("does not commit");
  }

  private static ShardManifest withRecordHash(ShardManifest fields, ShardManifest from) {
    return new ShardManifest(fields.version(), fields.aead(), fields.nonce(), fields.segmentBytes(), fields.dataShards(),
        fields.totalShards(), fields.sealedLength(), fields.keyCommitment(), from.recordHash(), fields.shardHashes());
  }

  @ParameterizedTest
  @ValueSource(strings = {"intl", "gm"})
  void aKeyThatIsNotTheCommittedOneIsRefusedBeforeDecryption(String suite) {
    DocumentSealer.Sealed sealed = sealer(suite).seal(fhirLikeDocument(), CONTEXT);
    byte[] otherKey = sealed.dataKey().clone();
    otherKey[0] ^= 1;
    assertThatThrownBy(() -> sealer(suite).open(sealed.manifest(), sealed.shards(), otherKey, CONTEXT))
        .hasMessageContaining("does not match the manifest's key commitment");
    assertThat(sealed.manifest().keyCommitment()).contains(DataKeyCommitment.of(CryptoSuites.byId(suite).hash(), sealed.dataKey()));
  }

  @org.junit.jupiter.api.Test
  void aVersion1ManifestStillOpensThroughTheRebuiltShardCheck() {
    CryptoSuite s = CryptoSuites.byId("intl");
    DocumentSealer sealer = sealer("intl");
    byte[] document = fhirLikeDocument();
    DocumentSealer.Sealed sealed = sealer.seal(document, CONTEXT);
    ShardManifest m = sealed.manifest();
    ShardManifest unhashed = new ShardManifest(1, m.aead(), m.nonce(), m.segmentBytes(), 3, 4, m.sealedLength(), java.util.Optional.empty(),
        Hash.ZERO, m.shardHashes());
    ShardManifest v1 = new ShardManifest(1, m.aead(), m.nonce(), m.segmentBytes(), 3, 4, m.sealedLength(), java.util.Optional.empty(),
        unhashed.expectedRecordHash(s.hash()), m.shardHashes());
    assertThat(ShardManifest.decode(v1.encode())).isEqualTo(v1);
    byte[][] arrived = sealed.shards().clone();
    arrived[1] = null;
    assertThat(sealer.open(v1, arrived, sealed.dataKey(), CONTEXT).document()).isEqualTo(document);
  }

  @ParameterizedTest
  @ValueSource(strings = {"intl", "gm"})
  void theWrongKeyOrContextDoesNotOpenIt(String suite) {
    CryptoSuite s = CryptoSuites.byId(suite);
    DocumentSealer.Sealed sealed = sealer(suite).seal(fhirLikeDocument(), CONTEXT);
    byte[] otherKey = sealed.dataKey().clone();
    otherKey[0] ^= 1;
    assertThatThrownBy(() -> sealer(suite).open(sealed.manifest(), sealed.shards(), otherKey, CONTEXT))
        .hasMessageContaining("key commitment");
    assertThatThrownBy(() -> sealer(suite).open(sealed.manifest(), sealed.shards(), sealed.dataKey(), "record r-2".getBytes(StandardCharsets.UTF_8)))
        .hasMessageContaining("does not decrypt");
    String other = suite.equals("intl") ? "gm" : "intl";
    assertThatThrownBy(() -> sealer(other).open(sealed.manifest(), sealed.shards(), sealed.dataKey(), CONTEXT))
        .hasMessageContaining("sealed with " + s.aead().name());
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 1, 2, 3, (1 << 20) - 1, 1 << 20, (1 << 20) + 1, 3 << 20})
  void documentsOfEverySizeRoundTrip(int size) {
    byte[] document = new byte[size];
    new SecureRandom().nextBytes(document);
    DocumentSealer.Sealed sealed = sealer("intl").seal(document, CONTEXT);
    byte[][] arrived = sealed.shards().clone();
    arrived[0] = null;
    assertThat(sealer("intl").open(sealed.manifest(), arrived, sealed.dataKey(), CONTEXT).document()).isEqualTo(document);
  }

  @org.junit.jupiter.api.Test
  void segmentsCanNeitherBeReorderedNorCutOff() {
    DocumentSealer sealer = sealer("intl");
    byte[] key = new byte[32];
    byte[] nonce = new byte[12];
    new SecureRandom().nextBytes(key);
    byte[] document = new byte[3 << 20];
    new SecureRandom().nextBytes(document);
    byte[] sealed = sealer.sealSegments(key, nonce, document, CONTEXT);
    assertThat(sealer.openSegments(key, nonce, sealed, CONTEXT)).isEqualTo(document);
    int full = DocumentSealer.SEGMENT_BYTES + 16;
    byte[] swapped = sealed.clone();
    System.arraycopy(sealed, 0, swapped, full, full);
    System.arraycopy(sealed, full, swapped, 0, full);
    assertThatThrownBy(() -> sealer.openSegments(key, nonce, swapped, CONTEXT)).isInstanceOf(VaultException.class);
    byte[] cutOff = Arrays.copyOf(sealed, 2 * full);
    assertThatThrownBy(() -> sealer.openSegments(key, nonce, cutOff, CONTEXT)).isInstanceOf(VaultException.class);
  }

  @org.junit.jupiter.api.Test
  void theManifestDecodesToItselfAndATruncatedOneIsRefused() {
    DocumentSealer.Sealed sealed = sealer("gm").seal(fhirLikeDocument(), CONTEXT);
    byte[] bytes = sealed.manifest().encode();
    ShardManifest back = ShardManifest.decode(bytes);
    assertThat(back.encode()).isEqualTo(bytes);
    assertThat(back).isEqualTo(sealed.manifest());
    assertThat(back.shardHashes()).isEqualTo(sealed.manifest().shardHashes());
    assertThat(back.recordHash()).isEqualTo(sealed.manifest().recordHash());
    for (int cut = 0; cut < bytes.length; cut++) {
      byte[] shorter = Arrays.copyOf(bytes, cut);
      assertThatThrownBy(() -> ShardManifest.decode(shorter)).isInstanceOf(IllegalArgumentException.class);
    }
  }

  private static int indexOf(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
