package org.medledger.bench;

import java.security.KeyPair;
import java.security.SecureRandom;
import java.util.concurrent.TimeUnit;
import org.medledger.crypto.CryptoSuite;
import org.medledger.crypto.CryptoSuites;
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

/** Hash, sign, verify and AEAD per suite: the costs that bound admission and the vault. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 2)
@Fork(1)
public class CryptoBenchmark {
  @Param({"intl", "gm"})
  String suite;

  CryptoSuite cs;
  Signer signer;
  Verifier verifier;
  byte[] message = new byte[300];
  byte[] signature;
  byte[] kib = new byte[1024];
  byte[] mib = new byte[1 << 20];
  byte[] key;
  byte[] nonce = new byte[12];

  @Setup
  public void setup() {
    cs = CryptoSuites.byId(suite);
    KeyPair kp = cs.signatures().generateKeyPair(new SecureRandom());
    signer = cs.signatures().signer(kp);
    verifier = cs.signatures().verifier(kp.getPublic());
    signature = signer.sign(message);
    key = new byte[cs.aead().keyLength()];
  }

  @Benchmark
  public byte[] hash1KiB() {
    return cs.hash().hash(kib);
  }

  @Benchmark
  @OutputTimeUnit(TimeUnit.SECONDS)
  public byte[] hash1MiB() {
    return cs.hash().hash(mib);
  }

  @Benchmark
  public byte[] sign() {
    return signer.sign(message);
  }

  @Benchmark
  public boolean verify() {
    return verifier.verify(message, signature);
  }

  @Benchmark
  public byte[] aeadSeal1MiB() {
    return cs.aead().seal(key, nonce, mib, null);
  }
}
