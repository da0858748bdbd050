package org.medledger.bench;

import java.security.SecureRandom;
import java.util.concurrent.TimeUnit;
import org.medledger.core.tx.Args;
import org.medledger.core.tx.Transaction;
import org.medledger.crypto.CryptoSuite;
import org.medledger.crypto.CryptoSuites;
import org.medledger.crypto.Hash;
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

/** Canonical encoding and decoding of a typical notary transaction. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 2)
@Fork(1)
public class CodecBenchmark {
  Transaction.Payload payload;
  Transaction tx;
  byte[] encoded;
  CryptoSuite cs = CryptoSuites.intl();

  @Setup
  public void setup() {
    payload = new Transaction.Payload("intl", "medledger-bench", Hash.of(new byte[32]), 42, 1_700_000_000_000L, "notary", "anchor",
        Args.of("hash", "ab".repeat(32), "type", "lab-report"));
    tx = payload.sign(cs.signatures().signer(cs.signatures().generateKeyPair(new SecureRandom())));
    encoded = tx.encoded();
  }

  @Benchmark
  public byte[] encodePayload() {
    return payload.encode();
  }

  @Benchmark
  public Transaction decode() {
    return Transaction.decode(encoded);
  }

  @Benchmark
  public Hash decodeAndId() {
    return Transaction.decode(encoded).id(cs.hash());
  }
}
