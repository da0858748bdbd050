package org.medledger.bench;

import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.medledger.vault.ErasureCode;
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
 * The vault's Reed-Solomon code on one core: encoding a 1 MiB document into n shards, and
 * rebuilding it with the first data shard lost (the slow path: one shard recomputed from the
 * others). MB/s = ops/s for 1 MiB.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(1)
public class ErasureCodeBenchmark {
  /** k of n: 3 of 4 (4 nodes, f = 1), 5 of 7, 7 of 10. */
  @Param({"3/4", "5/7", "7/10"})
  String shape;

  ErasureCode code;
  byte[] document;
  byte[][] missingFirst;

  @Setup
  public void setup() {
    String[] kn = shape.split("/");
    code = new ErasureCode(Integer.parseInt(kn[0]), Integer.parseInt(kn[1]));
    document = new byte[1 << 20];
    new Random(1).nextBytes(document);
    missingFirst = code.encode(document);
    missingFirst[0] = null;
  }

  @Benchmark
  public byte[][] encode1MiB() {
    return code.encode(document);
  }

  @Benchmark
  public byte[] rebuild1MiBWithADataShardLost() {
    return code.decode(missingFirst, document.length);
  }
}
