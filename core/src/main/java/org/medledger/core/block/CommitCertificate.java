package org.medledger.core.block;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import org.medledger.core.codec.CanonicalReader;
import org.medledger.core.codec.CanonicalWriter;
import org.medledger.core.codec.DecodeException;
import org.medledger.crypto.Hash;

/**
 * Proof that a block is final: seals from a quorum ({@link org.medledger.core.genesis.Quorum}) of the genesis validators over {@link
 * #commitMessage}. Seals are kept sorted by validator id with no duplicates so the encoding is
 * canonical. Anyone holding the genesis can check it (see CommitCertificateVerifier).
 */
public record CommitCertificate(int round, List<CommitSeal> seals) {
  public static final int MAX_SEALS = 1024;
  private static final String DOMAIN = "medledger/commit-seal/v1";

  public CommitCertificate {
    Objects.requireNonNull(seals, "seals");
    if (round < 0) {
      throw new IllegalArgumentException("round must not be negative");
    }
    List<CommitSeal> sorted = new ArrayList<>(seals);
    sorted.sort(Comparator.comparing(CommitSeal::validator));
    for (int i = 1; i < sorted.size(); i++) {
      if (sorted.get(i).validator().equals(sorted.get(i - 1).validator())) {
        throw new IllegalArgumentException("two seals from validator " + sorted.get(i).validator());
      }
    }
    seals = List.copyOf(sorted);
  }

  public static final CommitCertificate EMPTY = new CommitCertificate(0, List.of());

  /**
   * The bytes every validator signs to commit a block. A domain tag and the chain id keep a seal
   * from being replayed on another chain or for another purpose.
   */
  public static byte[] commitMessage(String chainId, long height, int round, Hash blockHash) {
    return new CanonicalWriter(128)
        .string(DOMAIN)
        .string(chainId)
        .u64(height)
        .u32(round)
        .fixed(blockHash.unsafeBytes(), Hash.LENGTH)
        .toByteArray();
  }

  public void writeTo(CanonicalWriter w) {
    w.u32(round).u32(seals.size());
    for (CommitSeal s : seals) {
      w.fixed(s.validator().unsafeBytes(), Hash.LENGTH).bytes(s.signature());
    }
  }

  public static CommitCertificate readFrom(CanonicalReader r) {
    int round = r.u32("certificate.round");
    if (round < 0) {
      throw new DecodeException("certificate.round: out of range");
    }
    int n = r.count("certificate.seals", MAX_SEALS);
    List<CommitSeal> seals = new ArrayList<>(n);
    Hash previous = null;
    for (int i = 0; i < n; i++) {
      Hash v = Hash.of(r.fixed(Hash.LENGTH, "certificate.seal.validator"));
      if (previous != null && previous.compareTo(v) >= 0) {
        throw new DecodeException("certificate.seals: not in strictly ascending validator order");
      }
      seals.add(new CommitSeal(v, r.bytes("certificate.seal.signature", 160)));
      previous = v;
    }
    return new CommitCertificate(round, seals);
  }
}
