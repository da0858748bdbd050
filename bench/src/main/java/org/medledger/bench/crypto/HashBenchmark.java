package org.medledger.bench.crypto;

import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.medledger.crypto.CryptoSuites;
import org.medledger.crypto.HashFunction;
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
 * Suite hash throughput: SHA-256 (JDK, SHA-NI intrinsics) or SM3 (Bouncy Castle). Bytes per
 * second = ops/s × size. 1 KiB is a transaction; 1 MiB an off-chain document.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class HashBenchmark {
  @Param({"intl", "gm"})
  public String suite;

  @Param({"1024", "1048576"})
  public int size;

  private HashFunction hash;
  private byte[] data;

  @Setup
  public void setup() {
    hash = CryptoSuites.byId(suite).hash();
    data = new byte[size];
    new Random(1).nextBytes(data);
  }

  @Benchmark
  public byte[] hash() {
    return hash.hash(data);
  }
}
