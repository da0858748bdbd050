package org.medledger.bench.crypto;

import java.security.KeyPair;
import java.security.SecureRandom;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.medledger.crypto.CryptoSuites;
import org.medledger.crypto.SignatureScheme;
import org.medledger.crypto.Signer;
import org.medledger.crypto.Verifier;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Sign and verify per suite over a 300-byte message (a typical signed transaction), through the
 * suite API: one prepared Verifier per key, as transaction validation uses it. Verify/s bounds
 * admission per core; run with {@code -t N} to see scaling across threads.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class SignatureBenchmark {
  @Param({"intl", "gm"})
  public String suite;

  private Signer signer;
  private Verifier verifier;
  private SignatureScheme scheme;
  private KeyPair keys;
  private byte[] message;
  private byte[] signature;

  @Setup
  public void setup() {
    scheme = CryptoSuites.byId(suite).signatures();
    keys = scheme.generateKeyPair(new SecureRandom());
    signer = scheme.signer(keys);
    verifier = scheme.verifier(keys.getPublic());
    message = new byte[300];
    new Random(1).nextBytes(message);
    signature = signer.sign(message);
  }

  @Benchmark
  public byte[] sign() {
    return signer.sign(message);
  }

  @Benchmark
  public boolean verify() {
    return verifier.verify(message, signature);
  }

  /** A verifier made per call: what verification costs when keys are not cached. */
  @Benchmark
  public boolean verifyWithFreshVerifier() {
    return scheme.verifier(keys.getPublic()).verify(message, signature);
  }
}
