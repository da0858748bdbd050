package org.medledger.apps.safety.contract.readings;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.medledger.core.codec.CanonicalWriter;
import org.medledger.crypto.Hash;
import org.medledger.crypto.HashFunction;
import org.medledger.crypto.merkle.InMemoryLogNodes;
import org.medledger.crypto.merkle.MerkleHasher;
import org.medledger.crypto.merkle.MerkleProofs;

/**
 * The readings a gateway anchors together, in the order it took them, as an RFC 9162 Merkle tree
 * (the hashing of the chain's transaction log, on the suite's hash): its root and the digest of
 * the devices it holds go on the ledger, and {@link #inclusionProof} proves any one reading part
 * of it.
 */
public final class ReadingBatch {
  public static final int MAX_READINGS = 1 << 20;
  private final List<AnchoredReading> readings;
  private final MerkleHasher hasher;
  private final InMemoryLogNodes tree;
  private final Hash deviceSetDigest;

  public ReadingBatch(HashFunction hash, List<AnchoredReading> readings) {
    if (readings.isEmpty() || readings.size() > MAX_READINGS) {
      throw new IllegalArgumentException("a batch holds 1-" + MAX_READINGS + " readings, got " + readings.size());
    }
    this.readings = List.copyOf(readings);
    this.hasher = new MerkleHasher(hash);
    this.tree = new InMemoryLogNodes(hasher);
    TreeSet<String> devices = new TreeSet<>();
    for (AnchoredReading r : this.readings) {
      tree.appendLeafHash(hasher.leafHash(r.encode()));
      devices.add(r.reading().udi());
    }
    this.deviceSetDigest = deviceSetDigest(hash, devices);
  }

  /**
   * The devices a batch holds, each once, in byte order of their UDIs: a domain tag, the count,
   * then each UDI; what the ledger keeps of them, so a holder of the batch can show which devices
   * were in it without the ledger naming any.
   */
  public static Hash deviceSetDigest(HashFunction hash, TreeSet<String> udis) {
    CanonicalWriter w = new CanonicalWriter(64 + 32 * udis.size()).string("medledger/device-set/v1").u32(udis.size());
    udis.forEach(w::string);
    return Hash.of(hash.hash(w.toByteArray()));
  }

  public List<AnchoredReading> readings() {
    return readings;
  }

  public int size() {
    return readings.size();
  }

  public Hash root() {
    return Hash.of(tree.rootHash());
  }

  public Hash deviceSetDigest() {
    return deviceSetDigest;
  }

  /** The audit path of the reading at {@code index}, leaf to root (RFC 9162 §2.1.3.1). */
  public List<Hash> inclusionProof(int index) {
    List<Hash> out = new ArrayList<>();
    for (byte[] h : MerkleProofs.inclusionProof(hasher, index, readings.size(), tree)) {
      out.add(Hash.of(h));
    }
    return out;
  }
}
