package org.medledger.crypto.internal;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Objects;
import org.medledger.crypto.HashFunction;
import org.medledger.crypto.Hasher;

/**
 * SHA-256 (FIPS 180-4) from the JDK, whose intrinsics use the CPU's SHA extensions: about 1.4 GB/s
 * here against Bouncy Castle's 190 MB/s.
 */
public final class JdkSha256 implements HashFunction {
  private static final MessageDigest PROTOTYPE = newDigest();
  private static final ThreadLocal<MessageDigest> DIGEST = ThreadLocal.withInitial(JdkSha256::newDigest);

  static MessageDigest newDigest() {
    try {
      return MessageDigest.getInstance("SHA-256", "SUN");
    } catch (Exception e) {
      try {
        return MessageDigest.getInstance("SHA-256");
      } catch (NoSuchAlgorithmException e2) {
        throw new IllegalStateException("SHA-256 unavailable", e2);
      }
    }
  }

  @Override
  public String algorithm() {
    return "SHA-256";
  }

  @Override
  public int digestLength() {
    return 32;
  }

  @Override
  public byte[] hash(byte[] data) {
    return DIGEST.get().digest(data);
  }

  @Override
  public byte[] hash(byte[] data, int offset, int length) {
    // The same exception as the SM3 hash for a bad range, before the per-thread digest is touched.
    Objects.checkFromIndexSize(offset, length, data.length);
    MessageDigest d = DIGEST.get();
    d.update(data, offset, length);
    return d.digest();
  }

  @Override
  public Hasher newHasher() {
    MessageDigest d;
    try {
      d = (MessageDigest) PROTOTYPE.clone();
    } catch (CloneNotSupportedException e) {
      d = newDigest();
    }
    final MessageDigest md = d;
    return new Hasher() {
      @Override
      public Hasher update(byte b) {
        md.update(b);
        return this;
      }

      @Override
      public Hasher update(byte[] data) {
        md.update(data);
        return this;
      }

      @Override
      public Hasher update(byte[] data, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, data.length);
        md.update(data, offset, length);
        return this;
      }

      @Override
      public byte[] digest() {
        return md.digest();
      }
    };
  }
}
