package org.medledger.crypto.internal;

import java.util.Objects;
import java.util.function.Supplier;
import org.bouncycastle.crypto.Digest;
import org.medledger.crypto.HashFunction;
import org.medledger.crypto.Hasher;

/** A hash backed by a Bouncy Castle digest (SM3, GB/T 32905-2016). */
public final class BcDigestHash implements HashFunction {
  private final String algorithm;
  private final Supplier<Digest> factory;
  private final ThreadLocal<Digest> digest;
  private final int length;

  public BcDigestHash(String algorithm, Supplier<Digest> factory) {
    this.algorithm = algorithm;
    this.factory = factory;
    this.digest = ThreadLocal.withInitial(factory);
    this.length = factory.get().getDigestSize();
  }

  @Override
  public String algorithm() {
    return algorithm;
  }

  @Override
  public int digestLength() {
    return length;
  }

  @Override
  public byte[] hash(byte[] data) {
    return hash(data, 0, data.length);
  }

  @Override
  public byte[] hash(byte[] data, int offset, int len) {
    // Checked before touching the per-thread digest: a half-fed digest would corrupt the next hash.
    Objects.checkFromIndexSize(offset, len, data.length);
    Digest d = digest.get();
    d.update(data, offset, len);
    byte[] out = new byte[length];
    d.doFinal(out, 0);
    return out;
  }

  @Override
  public Hasher newHasher() {
    Digest d = factory.get();
    return new Hasher() {
      @Override
      public Hasher update(byte b) {
        d.update(b);
        return this;
      }

      @Override
      public Hasher update(byte[] data) {
        d.update(data, 0, data.length);
        return this;
      }

      @Override
      public Hasher update(byte[] data, int offset, int len) {
        Objects.checkFromIndexSize(offset, len, data.length);
        d.update(data, offset, len);
        return this;
      }

      @Override
      public byte[] digest() {
        byte[] out = new byte[length];
        d.doFinal(out, 0);
        return out;
      }
    };
  }
}
