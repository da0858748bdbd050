package org.medledger.bench;

import java.security.SecureRandom;
import java.util.concurrent.TimeUnit;
import org.medledger.crypto.CryptoSuites;
import org.medledger.vault.DocumentSealer;
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
 * The vault's work on one core for a 1 MiB document, 3 of 4 shards: seal (AEAD with a fresh key,
 * Reed-Solomon, a hash per shard and of the whole) and open with one data shard lost (hash checks,
 * rebuild, record hash, AEAD). MB/s = ops/s; no network or disk.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(1)
public class DocumentSealerBenchmark {
  @Param({"intl", "gm"})
  String suite;

  DocumentSealer sealer;
  byte[] document;
  DocumentSealer.Sealed sealed;
  byte[][] arrived;
  final byte[] context = {1, 2, 3};

  @Setup
  public void setup() {
    sealer = new DocumentSealer(CryptoSuites.byId(suite), new ErasureCode(3, 4), new SecureRandom());
    document = new byte[1 << 20];
    new SecureRandom().nextBytes(document);
    sealed = sealer.seal(document, context);
    arrived = sealed.shards().clone();
    arrived[0] = null;
  }

  @Benchmark
  public DocumentSealer.Sealed seal1MiB() {
    return sealer.seal(document, context);
  }

  @Benchmark
  public DocumentSealer.Opened open1MiBWithADataShardLost() {
    return sealer.open(sealed.manifest(), arrived, sealed.dataKey(), context);
  }
}
