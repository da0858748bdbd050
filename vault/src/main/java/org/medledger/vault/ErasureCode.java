package org.medledger.vault;

import java.util.Arrays;

/**
 * A systematic Reed-Solomon code over GF(256): a document becomes {@code totalShards} equal shards,
 * the first {@code dataShards} its bytes in order (zero-padded to a multiple of {@code dataShards}),
 * the rest parity, and any {@code dataShards} of them rebuild it. The coding matrix is a
 * Vandermonde matrix made systematic (multiplied by the inverse of its top square), so every square
 * of {@code dataShards} of its rows stays invertible. Deterministic, no I/O: every node computes
 * the same shards, so shard hashes on the ledger are the same whoever encoded.
 *
 * <p>With n nodes and f faulty the vault uses n shards and k = n − f: no node holds enough shards
 * to rebuild a document alone (one shard, k ≥ 2), and the n − k = f nodes that may be down or
 * lying cannot stop a fetch.
 */
public final class ErasureCode {
  public static final int MAX_SHARDS = GaloisField.ORDER;

  private final int dataShards;
  private final int totalShards;
  /** Rows k..n−1 of the coding matrix: the parity coefficients. */
  private final int[][] parity;
  private final GfMatrix coding;

  public ErasureCode(int dataShards, int totalShards) {
    if (dataShards < 1 || totalShards < dataShards || totalShards > MAX_SHARDS) {
      throw new IllegalArgumentException("an erasure code needs 1 ≤ data shards ≤ total shards ≤ " + MAX_SHARDS
          + ", got " + dataShards + " of " + totalShards);
    }
    this.dataShards = dataShards;
    this.totalShards = totalShards;
    GfMatrix vandermonde = GfMatrix.vandermonde(totalShards, dataShards);
    int[] top = new int[dataShards];
    Arrays.setAll(top, i -> i);
    this.coding = vandermonde.times(vandermonde.rows(top).inverse());
    this.parity = new int[totalShards - dataShards][];
    for (int p = 0; p < parity.length; p++) {
      parity[p] = coding.cells[dataShards + p].clone();
    }
  }

  public int dataShards() {
    return dataShards;
  }

  public int totalShards() {
    return totalShards;
  }

  /** The size of each shard of a document of {@code length} bytes. */
  public int shardSize(long length) {
    long size = (length + dataShards - 1) / dataShards;
    if (size > Integer.MAX_VALUE - 16) {
      throw new IllegalArgumentException("a document of " + length + " bytes makes shards over 2 GiB; use more shards");
    }
    return (int) Math.max(size, 1);
  }

  /** All {@code totalShards} shards of {@code document}, in order. */
  public byte[][] encode(byte[] document) {
    int size = shardSize(document.length);
    byte[][] shards = new byte[totalShards][];
    for (int i = 0; i < dataShards; i++) {
      int from = Math.min(document.length, i * size);
      int to = Math.min(document.length, from + size);
      shards[i] = Arrays.copyOf(Arrays.copyOfRange(document, from, to), size);
    }
    for (int p = 0; p < parity.length; p++) {
      shards[dataShards + p] = combine(parity[p], shards, size);
    }
    return shards;
  }

  /**
   * The document of {@code length} bytes from its shards, {@code null} where one is missing (or
   * failed its hash). Needs any {@code dataShards} of them, all of the same size.
   */
  public byte[] decode(byte[][] shards, long length) {
    return join(dataShards(shards, length), length);
  }

  /**
   * The {@code dataShards} data shards of a document of {@code length} bytes, from the first
   * {@code dataShards} shards present ({@code null} where one is missing): those present are
   * returned as they are, the others rebuilt. A caller that must know the rebuilt ones are the
   * document's checks them against their hashes ({@code DocumentSealer} does).
   */
  public byte[][] dataShards(byte[][] shards, long length) {
    if (shards.length != totalShards) {
      throw new IllegalArgumentException("expected " + totalShards + " shard slots, got " + shards.length);
    }
    int size = shardSize(length);
    int[] present = new int[dataShards];
    int found = 0;
    for (int i = 0; i < totalShards && found < dataShards; i++) {
      if (shards[i] != null) {
        if (shards[i].length != size) {
          throw new IllegalArgumentException("shard " + i + " has " + shards[i].length + " bytes; a document of "
              + length + " bytes has shards of " + size);
        }
        present[found++] = i;
      }
    }
    if (found < dataShards) {
      throw new IllegalArgumentException("only " + found + " of the " + dataShards + " shards needed to rebuild the document are present");
    }
    byte[][] data = new byte[dataShards][];
    boolean systematic = true;
    for (int i = 0; i < dataShards; i++) {
      systematic &= present[i] == i;
    }
    if (systematic) {
      for (int i = 0; i < dataShards; i++) {
        data[i] = shards[i];
      }
    } else {
      GfMatrix decoding = coding.rows(present).inverse();
      byte[][] inputs = new byte[dataShards][];
      for (int i = 0; i < dataShards; i++) {
        inputs[i] = shards[present[i]];
      }
      for (int i = 0; i < dataShards; i++) {
        data[i] = shards[i] != null ? shards[i] : combine(decoding.cells[i], inputs, size);
      }
    }
    return data;
  }

  /** Parity shard {@code index} (k ≤ index < n) of the given data shards. */
  public byte[] parityShard(byte[][] data, int index) {
    if (index < dataShards || index >= totalShards || data.length != dataShards) {
      throw new IllegalArgumentException("parity shard " + index + " of " + data.length + " data shards in a " + dataShards + " of "
          + totalShards + " code");
    }
    return combine(parity[index - dataShards], data, data[0].length);
  }

  /** The document of {@code length} bytes the data shards hold (they are its bytes in order, zero-padded). */
  public byte[] join(byte[][] data, long length) {
    int size = shardSize(length);
    byte[] document = new byte[Math.toIntExact(length)];
    for (int i = 0; i < dataShards; i++) {
      int from = i * size;
      int n = (int) Math.max(0, Math.min(size, length - from));
      if (n > 0) {
        System.arraycopy(data[i], 0, document, from, n);
      }
    }
    return document;
  }

  /** Σ coefficients[i] · inputs[i], byte by byte. */
  private static byte[] combine(int[] coefficients, byte[][] inputs, int size) {
    byte[] out = new byte[size];
    for (int i = 0; i < coefficients.length; i++) {
      byte[] row = GaloisField.PRODUCT[coefficients[i]];
      byte[] in = inputs[i];
      if (coefficients[i] == 1) {
        for (int b = 0; b < size; b++) {
          out[b] ^= in[b];
        }
      } else if (coefficients[i] != 0) {
        for (int b = 0; b < size; b++) {
          out[b] ^= row[in[b] & 0xff];
        }
      }
    }
    return out;
  }
}
