package org.medledger.vault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

class ErasureCodeProperties {
  static Gen<byte[]> documents(int min, int max) {
    return Generate.byteArrays(integers().between(min, max), Generate.bytes(Byte.MIN_VALUE, Byte.MAX_VALUE, (byte) 0))
        .describedAs(b -> "0x" + HexFormat.of().formatHex(b));
  }

  @Test
  void anyDataShardsOfTheShardsRebuildTheDocument() {
    qt().withExamples(300).forAll(integers().between(1, 12), integers().between(0, 8), documents(0, 3000), longs().all())
        .checkAssert(ErasureCodeProperties::anyDataShardsOfTheShardsRebuildTheDocument);
  }

  static void anyDataShardsOfTheShardsRebuildTheDocument(int k, int extra, byte[] document, long seed) {
    ErasureCode code = new ErasureCode(k, k + extra);
    byte[][] shards = code.encode(document);
    assertThat(shards.length).isEqualTo(k + extra);
    for (byte[] s : shards) {
      assertThat(s).hasSize(code.shardSize(document.length));
    }
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < k + extra; i++) {
      order.add(i);
    }
    Collections.shuffle(order, new Random(seed));
    byte[][] some = new byte[k + extra][];
    for (int i = 0; i < k; i++) {
      some[order.get(i)] = shards[order.get(i)].clone();
    }
    assertThat(code.decode(some, document.length)).isEqualTo(document);
  }

  @Test
  void theFirstShardsAreTheDocumentItselfAndParityIsTheNaiveProduct() {
    qt().withExamples(100).forAll(integers().between(1, 6), integers().between(1, 4), documents(1, 500))
        .checkAssert(ErasureCodeProperties::theFirstShardsAreTheDocumentItselfAndParityIsTheNaiveProduct);
  }

  static void theFirstShardsAreTheDocumentItselfAndParityIsTheNaiveProduct(int k, int extra, byte[] document) {
    ErasureCode code = new ErasureCode(k, k + extra);
    byte[][] shards = code.encode(document);
    int size = code.shardSize(document.length);
    byte[] padded = java.util.Arrays.copyOf(document, size * k);
    for (int i = 0; i < k; i++) {
      assertThat(shards[i]).isEqualTo(java.util.Arrays.copyOfRange(padded, i * size, (i + 1) * size));
    }
    // Independent arithmetic: carry-less multiplication reduced by 0x11D, and the systematic
    // matrix from its definition (parity row = Vandermonde row × inverse of the top square).
    int[][] v = new int[k + extra][k];
    for (int r = 0; r < k + extra; r++) {
      for (int c = 0; c < k; c++) {
        v[r][c] = naivePower(r, c);
      }
    }
    int[][] topInverse = naiveInverse(java.util.Arrays.copyOf(v, k));
    for (int p = 0; p < extra; p++) {
      int[] coefficients = new int[k];
      for (int c = 0; c < k; c++) {
        for (int i = 0; i < k; i++) {
          coefficients[c] ^= naiveMultiply(v[k + p][i], topInverse[i][c]);
        }
      }
      for (int b = 0; b < size; b++) {
        int expected = 0;
        for (int i = 0; i < k; i++) {
          expected ^= naiveMultiply(coefficients[i], shards[i][b] & 0xff);
        }
        assertThat(shards[k + p][b] & 0xff).as("parity shard %d byte %d", p, b).isEqualTo(expected);
      }
    }
  }

  @Test
  void fieldAgreesWithCarrylessMultiplicationEverywhere() {
    for (int a = 0; a < 256; a++) {
      for (int b = 0; b < 256; b++) {
        assertThat(GaloisField.multiply(a, b)).isEqualTo(naiveMultiply(a, b));
      }
      if (a != 0) {
        assertThat(GaloisField.multiply(a, GaloisField.inverse(a))).isEqualTo(1);
      }
    }
  }

  @Test
  void tooFewShardsOrShardsOfTheWrongSizeAreRefusedByName() {
    ErasureCode code = new ErasureCode(3, 4);
    byte[] document = new byte[1000];
    new Random(1).nextBytes(document);
    byte[][] shards = code.encode(document);
    byte[][] two = {shards[0], null, null, shards[3]};
    assertThatThrownBy(() -> code.decode(two, document.length)).hasMessageContaining("only 2 of the 3 shards");
    byte[][] shortOne = {shards[0], java.util.Arrays.copyOf(shards[1], 10), shards[2], null};
    assertThatThrownBy(() -> code.decode(shortOne, document.length)).hasMessageContaining("shard 1 has 10 bytes");
    assertThatThrownBy(() -> new ErasureCode(4, 3)).hasMessageContaining("got 4 of 3");
    assertThatThrownBy(() -> new ErasureCode(2, 257)).hasMessageContaining("≤ 256");
  }

  @Test
  void theLargestCodeStillRebuildsFromItsLastShards() {
    ErasureCode code = new ErasureCode(128, 256);
    byte[] document = new byte[128 * 7 + 3];
    new Random(2).nextBytes(document);
    byte[][] shards = code.encode(document);
    byte[][] last = new byte[256][];
    for (int i = 128; i < 256; i++) {
      last[i] = shards[i];
    }
    assertThat(code.decode(last, document.length)).isEqualTo(document);
  }

  static int naiveMultiply(int a, int b) {
    int product = 0;
    while (b != 0) {
      if ((b & 1) != 0) {
        product ^= a;
      }
      a <<= 1;
      if ((a & 0x100) != 0) {
        a ^= 0x11D;
      }
      b >>= 1;
    }
    return product;
  }

  static int naivePower(int a, int n) {
    int r = 1;
    for (int i = 0; i < n; i++) {
      r = naiveMultiply(r, a);
    }
    return r;
  }

  static int naiveInverse(int a) {
    for (int x = 1; x < 256; x++) {
      if (naiveMultiply(a, x) == 1) {
        return x;
      }
    }
    throw new ArithmeticException("no inverse of " + a);
  }

  static int[][] naiveInverse(int[][] m) {
    int n = m.length;
    int[][] a = new int[n][2 * n];
    for (int r = 0; r < n; r++) {
      System.arraycopy(m[r], 0, a[r], 0, n);
      a[r][n + r] = 1;
    }
    for (int col = 0; col < n; col++) {
      int pivot = col;
      while (a[pivot][col] == 0) {
        pivot++;
      }
      int[] t = a[pivot];
      a[pivot] = a[col];
      a[col] = t;
      int s = naiveInverse(a[col][col]);
      for (int c = 0; c < 2 * n; c++) {
        a[col][c] = naiveMultiply(a[col][c], s);
      }
      for (int r = 0; r < n; r++) {
        if (r != col) {
          int f = a[r][col];
          for (int c = 0; c < 2 * n; c++) {
            a[r][c] ^= naiveMultiply(f, a[col][c]);
          }
        }
      }
    }
    int[][] out = new int[n][n];
    for (int r = 0; r < n; r++) {
      System.arraycopy(a[r], n, out[r], 0, n);
    }
    return out;
  }
}
