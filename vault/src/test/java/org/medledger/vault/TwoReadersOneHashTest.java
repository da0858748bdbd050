package org.medledger.vault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.medledger.crypto.CryptoSuite;
import org.medledger.crypto.CryptoSuites;
import org.medledger.crypto.Hash;

/**
 * A dishonest custodian registers one manifest whose shards are not one code word: the data
 * shards hold one test result, and a parity shard (or a data shard) is the code of another,
 * sealed under the same key and nonce. Whichever shards a reader gets, it opens the document the
 * data shards hold or is refused naming the shards that disagree; never the other result.
 */
class TwoReadersOneHashTest {
  private static final byte[] CONTEXT = "record r-1 of patient p-9".getBytes(StandardCharsets.UTF_8);
  private static final String PREFIX = "Patient p-9, HIV-1/2 antigen/antibody test, 2026-12-01. ";
  private static final byte[] NEGATIVE = (PREFIX + "RESULT: HIV NEGATIVE").getBytes(StandardCharsets.UTF_8);
  private static final byte[] POSITIVE = (PREFIX + "RESULT: HIV POSITIVE").getBytes(StandardCharsets.UTF_8);

  private record Forged(ShardManifest manifest, byte[][] shards, byte[] key) {}

  /** Shards 0..2 of the negative result, except {@code liar}, which is the positive result's shard. */
  private static Forged forge(CryptoSuite suite, DocumentSealer sealer, ErasureCode code, int liar) {
    DocumentSealer.Sealed honest = sealer.seal(NEGATIVE, CONTEXT);
    byte[][] other = code.encode(sealer.sealSegments(honest.dataKey(), honest.manifest().nonce(), POSITIVE, CONTEXT));
    // the two results differ only in the last data shard's bytes (and so in the parity)
    assertThat(other[0]).isEqualTo(honest.shards()[0]);
    byte[][] shards = honest.shards().clone();
    shards[liar] = other[liar];
    List<Hash> hashes = new ArrayList<>();
    for (byte[] s : shards) {
      hashes.add(Hash.of(suite.hash().hash(s)));
    }
    ShardManifest m = honest.manifest();
    ShardManifest forged = ShardManifest.of(suite.hash(), m.aead(), m.nonce(), m.segmentBytes(), code.dataShards(), code.totalShards(), m.sealedLength(),
        m.keyCommitment().orElseThrow(), hashes);
    return new Forged(forged, shards, honest.dataKey());
  }

  @ParameterizedTest
  @ValueSource(strings = {"intl", "gm"})
  void everyChoiceOfShardsOpensTheDataShardsDocumentOrNamesTheShardsThatDisagree(String suiteId) {
    CryptoSuite suite = CryptoSuites.byId(suiteId);
    ErasureCode code = new ErasureCode(3, 4);
    DocumentSealer sealer = new DocumentSealer(suite, code, new SecureRandom());
    for (int liar : new int[] {3, 2}) {
      Forged f = forge(suite, sealer, code, liar);
      byte[] committed = liar == 3 ? NEGATIVE : POSITIVE; // what the data shards hold
      for (int subset = 0; subset < 16; subset++) {
        if (Integer.bitCount(subset) < 3) {
          continue;
        }
        byte[][] arrived = new byte[4][];
        for (int i = 0; i < 4; i++) {
          arrived[i] = (subset & 1 << i) != 0 ? f.shards()[i] : null;
        }
        try {
          DocumentSealer.Opened opened = sealer.open(f.manifest(), arrived, f.key(), CONTEXT);
          assertThat(new String(opened.document(), StandardCharsets.UTF_8)).as("shards %s", Integer.toBinaryString(subset))
              .isEqualTo(new String(committed, StandardCharsets.UTF_8));
          assertThat(opened.badShards()).isEmpty();
        } catch (ShardsDisagreeException e) {
          assertThat(subset & 1 << 3).as("only a reader through parity is refused").isNotZero();
          List<Integer> absent = new ArrayList<>();
          for (int i = 0; i < 3; i++) {
            if ((subset & 1 << i) == 0) {
              absent.add(i);
            }
          }
          assertThat(e.missingDataShards()).isEqualTo(absent);
          assertThat(e.parityShardsTried()).containsExactly(3);
          assertThat(e.getMessage()).contains("do not match their hashes in the manifest");
        } catch (VaultException e) {
          fail("shards " + Integer.toBinaryString(subset) + ": " + e.getMessage());
        }
      }
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"intl", "gm"})
  void aReaderWhoseOwnShardIsTheParityIsRefusedThenOpensTheSameDocumentWithTheDataShard(String suiteId) {
    CryptoSuite suite = CryptoSuites.byId(suiteId);
    ErasureCode code = new ErasureCode(3, 4);
    DocumentSealer sealer = new DocumentSealer(suite, code, new SecureRandom());
    Forged f = forge(suite, sealer, code, 3);
    byte[][] readerA = {f.shards()[0], f.shards()[1], f.shards()[2], null};
    byte[][] readerB = {f.shards()[0], f.shards()[1], null, f.shards()[3]};
    assertThat(sealer.open(f.manifest(), readerA, f.key(), CONTEXT).document()).isEqualTo(NEGATIVE);
    assertThatThrownBy(() -> sealer.open(f.manifest(), readerB, f.key(), CONTEXT)).isInstanceOf(ShardsDisagreeException.class)
        .hasMessageContaining("data shards [2] rebuilt through parity shards [3]");
    readerB[2] = f.shards()[2];
    DocumentSealer.Opened b = sealer.open(f.manifest(), readerB, f.key(), CONTEXT);
    assertThat(b.document()).isEqualTo(NEGATIVE);
    assertThat(b.disagreeingShards()).isEmpty(); // the data shards sufficed; parity 3 was not needed
    // a reader who was refused and fetched every shard names the one that is not the data shards' code
    assertThat(sealer.openVerified(f.manifest(), f.shards(), f.key(), CONTEXT, true).disagreeingShards()).containsExactly(3);
    // the repair path rebuilds through the same check, so it never re-encodes the other document
    assertThatThrownBy(() -> sealer.rebuild(f.manifest(), new byte[][] {f.shards()[0], f.shards()[1], null, f.shards()[3]}))
        .isInstanceOf(ShardsDisagreeException.class);
  }

  @ParameterizedTest
  @ValueSource(strings = {"intl", "gm"})
  void withTwoParityShardsTheOneThatIsNotTheCodeOfTheDataShardsIsNamed(String suiteId) {
    CryptoSuite suite = CryptoSuites.byId(suiteId);
    ErasureCode code = new ErasureCode(3, 5);
    DocumentSealer sealer = new DocumentSealer(suite, code, new SecureRandom());
    Forged f = forge(suite, sealer, code, 3);
    byte[][] arrived = {f.shards()[0], f.shards()[1], null, f.shards()[3], f.shards()[4]};
    DocumentSealer.Opened opened = sealer.open(f.manifest(), arrived, f.key(), CONTEXT);
    assertThat(opened.document()).isEqualTo(NEGATIVE);
    assertThat(opened.disagreeingShards()).containsExactly(3);
  }

  @ParameterizedTest
  @ValueSource(strings = {"intl", "gm"})
  void anHonestDocumentOpensThroughEveryChoiceOfShardsWithNoneNamed(String suiteId) {
    CryptoSuite suite = CryptoSuites.byId(suiteId);
    DocumentSealer sealer = new DocumentSealer(suite, new ErasureCode(3, 4), new SecureRandom());
    DocumentSealer.Sealed sealed = sealer.seal(NEGATIVE, CONTEXT);
    for (int subset = 0; subset < 16; subset++) {
      if (Integer.bitCount(subset) < 3) {
        continue;
      }
      byte[][] arrived = new byte[4][];
      for (int i = 0; i < 4; i++) {
        arrived[i] = (subset & 1 << i) != 0 ? sealed.shards()[i] : null;
      }
      DocumentSealer.Opened opened = sealer.open(sealed.manifest(), arrived, sealed.dataKey(), CONTEXT);
      assertThat(opened.document()).isEqualTo(NEGATIVE);
      assertThat(opened.disagreeingShards()).isEmpty();
    }
  }
}
