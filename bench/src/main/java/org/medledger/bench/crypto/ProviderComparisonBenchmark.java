package org.medledger.bench.crypto;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.engines.AESEngine;
import org.bouncycastle.crypto.modes.GCMBlockCipher;
import org.bouncycastle.crypto.modes.GCMModeCipher;
import org.bouncycastle.crypto.params.AEADParameters;
import org.bouncycastle.crypto.params.KeyParameter;
import org.medledger.crypto.CryptoSuites;
import org.medledger.crypto.Verifier;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The measurements behind the intl suite's choice of implementation: JDK SHA-256 and AES-GCM
 * against Bouncy Castle's lightweight ones, and Bouncy Castle's lightweight ECDSA verify (our
 * suite) against the JDK's SunEC. Rerun when the JDK or Bouncy Castle is upgraded.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ProviderComparisonBenchmark {
  private byte[] mib;
  private byte[] message;
  private byte[] signature;
  private KeyPair sunEcKeys;
  private Verifier suiteVerifier;
  private final byte[] key = new byte[32];
  private final byte[] nonce = new byte[12];

  @Setup
  public void setup() throws Exception {
    Random r = new Random(1);
    mib = new byte[1 << 20];
    r.nextBytes(mib);
    message = new byte[300];
    r.nextBytes(message);
    KeyPairGenerator g = KeyPairGenerator.getInstance("EC", "SunEC");
    g.initialize(new ECGenParameterSpec("secp256r1"), new SecureRandom());
    sunEcKeys = g.generateKeyPair();
    Signature s = Signature.getInstance("SHA256withECDSA", "SunEC");
    s.initSign(sunEcKeys.getPrivate());
    s.update(message);
    signature = s.sign();
    suiteVerifier = CryptoSuites.intl().signatures().verifier(sunEcKeys.getPublic());
  }

  @Benchmark
  public byte[] sha256Jdk1MiB() throws Exception {
    return MessageDigest.getInstance("SHA-256", "SUN").digest(mib);
  }

  @Benchmark
  public byte[] sha256BouncyCastle1MiB() {
    SHA256Digest d = new SHA256Digest();
    d.update(mib, 0, mib.length);
    byte[] out = new byte[32];
    d.doFinal(out, 0);
    return out;
  }

  @Benchmark
  public byte[] aesGcmJdk1MiB() throws Exception {
    Cipher c = Cipher.getInstance("AES/GCM/NoPadding", "SunJCE");
    c.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, nonce));
    return c.doFinal(mib);
  }

  @Benchmark
  public byte[] aesGcmBouncyCastle1MiB() throws Exception {
    GCMModeCipher c = GCMBlockCipher.newInstance(AESEngine.newInstance());
    c.init(true, new AEADParameters(new KeyParameter(key), 128, nonce, null));
    byte[] out = new byte[c.getOutputSize(mib.length)];
    c.doFinal(out, c.processBytes(mib, 0, mib.length, out, 0));
    return out;
  }

  @Benchmark
  public boolean ecdsaVerifySunEc() throws Exception {
    Signature v = Signature.getInstance("SHA256withECDSA", "SunEC");
    v.initVerify(sunEcKeys.getPublic());
    v.update(message);
    return v.verify(signature);
  }

  @Benchmark
  public boolean ecdsaVerifySuite() {
    return suiteVerifier.verify(message, signature);
  }
}
