package org.medledger.bench.crypto;

import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.medledger.crypto.Aead;
import org.medledger.crypto.AeadException;
import org.medledger.crypto.CryptoSuites;
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
 * AEAD seal and open of an off-chain document per suite: AES-256-GCM (JDK) or SM4-GCM (Bouncy
 * Castle). Bytes per second = ops/s × size. The JDK's GCM needs its warm-up: its intrinsics apply
 * only once the JIT has compiled the callers.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class AeadBenchmark {
  @Param({"intl", "gm"})
  public String suite;

  @Param({"1048576"})
  public int size;

  private Aead aead;
  private byte[] key;
  private byte[] nonce;
  private byte[] plaintext;
  private byte[] sealed;
  private final byte[] aad = "document 42".getBytes();

  @Setup
  public void setup() {
    aead = CryptoSuites.byId(suite).aead();
    Random r = new Random(1);
    key = new byte[aead.keyLength()];
    nonce = new byte[aead.nonceLength()];
    plaintext = new byte[size];
    r.nextBytes(key);
    r.nextBytes(nonce);
    r.nextBytes(plaintext);
    sealed = aead.seal(key, nonce, plaintext, aad);
  }

  /** Nonce reuse is harmless here: nothing is kept, and it measures the same work. */
  @Benchmark
  public byte[] seal() {
    return aead.seal(key, nonce, plaintext, aad);
  }

  @Benchmark
  public byte[] open() throws AeadException {
    return aead.open(key, nonce, sealed, aad);
  }
}
