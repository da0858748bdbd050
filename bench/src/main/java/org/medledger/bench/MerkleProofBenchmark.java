package org.medledger.bench;

import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.medledger.crypto.CryptoSuites;
import org.medledger.crypto.merkle.InMemoryLogNodes;
import org.medledger.crypto.merkle.MerkleHasher;
import org.medledger.crypto.merkle.MerkleProofs;
import org.medledger.crypto.merkle.MerkleVerifier;
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

/** RFC 9162 inclusion-proof generation (from stored subtree hashes) and verification. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 2)
@Fork(1)
public class MerkleProofBenchmark {
  @Param({"1000000"})
  int size;

  @Param({"intl", "gm"})
  String suite;

  MerkleHasher hasher;
  InMemoryLogNodes log;
  MerkleVerifier verifier;
  byte[] root;
  long index;
  List<byte[]> proof;

  @Setup
  public void setup() {
    hasher = new MerkleHasher(CryptoSuites.byId(suite).hash());
    log = new InMemoryLogNodes(hasher);
    for (int i = 0; i < size; i++) {
      log.appendLeafHash(hasher.leafHash(new byte[] {(byte) i, (byte) (i >> 8), (byte) (i >> 16)}));
    }
    root = log.rootHash();
    verifier = new MerkleVerifier(hasher);
    index = size / 3;
    proof = MerkleProofs.inclusionProof(hasher, index, size, log);
  }

  @Benchmark
  public List<byte[]> generateInclusionProof() {
    return MerkleProofs.inclusionProof(hasher, ThreadLocalRandom.current().nextLong(size), size, log);
  }

  @Benchmark
  public boolean verifyInclusionProof() {
    return verifier.verifyInclusion(index, size, log.node(0, index), proof, root);
  }
}
