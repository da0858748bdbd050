package org.medledger.crypto.smt;

import java.util.Arrays;

/**
 * Where a tree node is stored: the version (block height) that wrote it and its path from the
 * root (the first {@code depth} bits of {@code path}; the rest are zero). Encoded as version (8
 * bytes, big-endian) ‖ depth (2 bytes) ‖ the path's first ⌈depth/8⌉ bytes, so stored nodes sort
 * by version first.
 */
public final class NodeKey implements Comparable<NodeKey> {
  private static final byte[] NO_PATH = new byte[32];

  private final long version;
  private final int depth;
  private final byte[] path;
  private int hash;

  private NodeKey(long version, int depth, byte[] path) {
    this.version = version;
    this.depth = depth;
    this.path = path;
  }

  public static NodeKey root(long version) {
    return new NodeKey(version, 0, NO_PATH);
  }

  /** The node at the same path, written by {@code otherVersion}. */
  NodeKey withVersion(long otherVersion) {
    return new NodeKey(otherVersion, depth, path);
  }

  /** The child on side {@code bit} (0 left, 1 right), written by {@code childVersion}. */
  public NodeKey child(int bit, long childVersion) {
    if (depth >= TreeBits.DEPTH) {
      throw new IllegalStateException("a node at depth 256 has no children");
    }
    byte[] p = path.clone();
    if (bit == 1) {
      p[depth >>> 3] |= (byte) (0x80 >>> (depth & 7));
    }
    return new NodeKey(childVersion, depth + 1, p);
  }

  /** The child below the next nibble (4 bits) of the path, written by {@code childVersion}. */
  public NodeKey nibbleChild(int nibble, long childVersion) {
    if (depth + 4 > TreeBits.DEPTH || (depth & 3) != 0) {
      throw new IllegalStateException("no nibble child below depth " + depth);
    }
    byte[] p = path.clone();
    p[depth >>> 3] |= (byte) ((nibble & 0xf) << (4 - (depth & 4)));
    return new NodeKey(childVersion, depth + 4, p);
  }

  public long version() {
    return version;
  }

  public int depth() {
    return depth;
  }

  public byte[] encode() {
    return encode(0);
  }

  /** The encoding after {@code prefixBytes} zero bytes, for a store key to fill in. */
  public byte[] encode(int prefixBytes) {
    int pathBytes = (depth + 7) >>> 3;
    byte[] out = new byte[prefixBytes + 10 + pathBytes];
    for (int i = 0; i < 8; i++) {
      out[prefixBytes + i] = (byte) (version >>> (56 - 8 * i));
    }
    out[prefixBytes + 8] = (byte) (depth >>> 8);
    out[prefixBytes + 9] = (byte) depth;
    System.arraycopy(path, 0, out, prefixBytes + 10, pathBytes);
    return out;
  }

  public static NodeKey decode(byte[] encoded) {
    if (encoded.length < 10) {
      throw new IllegalArgumentException("a node key is at least 10 bytes, got " + encoded.length);
    }
    long version = 0;
    for (int i = 0; i < 8; i++) {
      version = (version << 8) | (encoded[i] & 0xff);
    }
    int depth = ((encoded[8] & 0xff) << 8) | (encoded[9] & 0xff);
    int pathBytes = (depth + 7) >>> 3;
    if (depth > TreeBits.DEPTH || encoded.length != 10 + pathBytes) {
      throw new IllegalArgumentException("node key of depth " + depth + " must be " + (10 + pathBytes) + " bytes, got " + encoded.length);
    }
    byte[] path = new byte[32];
    System.arraycopy(encoded, 10, path, 0, pathBytes);
    if ((depth & 7) != 0 && (path[pathBytes - 1] & (0xff >>> (depth & 7))) != 0) {
      throw new IllegalArgumentException("node key has path bits beyond its depth " + depth);
    }
    return new NodeKey(version, depth, path);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof NodeKey k && k.version == version && k.depth == depth && Arrays.equals(k.path, path);
  }

  /**
   * Mixes every path byte: {@code Arrays.hashCode} gave the 65,536 nodes of one level only about
   * 8,000 distinct values (a path's bytes differ only in their first few, and 31 is a poor
   * multiplier over them), so hash maps of nodes degraded into trees of colliding keys.
   */
  @Override
  public int hashCode() {
    int h = hash;
    if (h == 0) {
      long x = mix(version * 0x9E3779B97F4A7C15L + depth);
      for (int i = 0; i < (depth + 7) >>> 3; i += 8) {
        long word = 0;
        for (int j = i; j < i + 8; j++) {
          word = (word << 8) | (path[j] & 0xff);
        }
        x = mix(x ^ word);
      }
      h = (int) (x ^ (x >>> 32));
      if (h == 0) {
        h = 1;
      }
      hash = h;
    }
    return h;
  }

  /** SplitMix64's finaliser. */
  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  /** The order of the encodings (version, then depth, then path), without encoding. */
  @Override
  public int compareTo(NodeKey o) {
    int c = Long.compareUnsigned(version, o.version);
    if (c != 0) {
      return c;
    }
    c = Integer.compare(depth, o.depth);
    return c != 0 ? c : Arrays.compareUnsigned(path, o.path);
  }

  @Override
  public String toString() {
    StringBuilder b = new StringBuilder("v").append(version).append(':');
    for (int i = 0; i < depth; i++) {
      b.append(TreeBits.bit(path, i));
    }
    return b.toString();
  }
}
