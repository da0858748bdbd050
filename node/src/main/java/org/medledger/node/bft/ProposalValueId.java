package org.medledger.node.bft;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.medledger.core.block.Block;
import org.medledger.core.block.BlockHeader;
import org.medledger.core.block.CommitCertificate;
import org.medledger.core.codec.CanonicalReader;
import org.medledger.core.codec.CanonicalWriter;
import org.medledger.core.codec.DecodeException;
import org.medledger.crypto.Hash;
import org.medledger.crypto.HashFunction;
import org.medledger.crypto.merkle.MerkleHasher;
import org.medledger.crypto.merkle.MerkleProofs;
import org.medledger.core.tx.Transaction;
import org.medledger.node.ledger.Ledger;

/**
 * The id the engine orders a proposed block by. A block's hash is its header's hash, and a
 * proposal's signature covers only that id, so a relay could put any body behind a genuine
 * header; the id therefore stands for the header's hash only when the bytes are exactly the
 * canonical block the header describes: a body whose transaction count and RFC 9162 root are the
 * header's, and no commit certificate (a proposal carries none). Any other bytes get an id no
 * header hashes to (domain-separated hash of the bytes), so the engine drops such a copy as not
 * matching its signed id instead of letting it shadow the genuine one (issue 21, finding 4).
 */
final class ProposalValueId {
  private static final byte[] NOT_A_BLOCK = "medledger/not-a-proposed-block/v1".getBytes(StandardCharsets.UTF_8);

  private final HashFunction hash;
  private final MerkleHasher merkle;
  private final int maxBlockBytes;
  /** The last checked value per id: retransmitted copies are recognised by comparing bytes. */
  private Hash lastId;
  private byte[] lastValue;

  ProposalValueId(HashFunction hash, int maxBlockBytes) {
    this.hash = hash;
    this.merkle = new MerkleHasher(hash);
    this.maxBlockBytes = maxBlockBytes;
  }

  Hash of(byte[] value) {
    BlockHeader header;
    try {
      header = Block.decodeHeader(value);
    } catch (DecodeException | IllegalArgumentException e) {
      return notABlock(value);
    }
    Hash headerHash = header.hash(hash);
    if (headerHash.equals(lastId) && Arrays.equals(value, lastValue)) {
      return headerHash;
    }
    try {
      if (!isTheProposedBlockOf(header, value)) {
        return notABlock(value);
      }
    } catch (DecodeException | IllegalArgumentException e) {
      return notABlock(value);
    }
    lastId = headerHash;
    lastValue = value;
    return headerHash;
  }

  /**
   * Whether {@code value} is exactly the canonical proposed block {@code header} describes: its
   * header and an empty certificate canonically encoded, then as many transactions as the header
   * counts, whose RFC 9162 root over their bytes (the ledger's leaves, {@link Ledger#transactionRoot})
   * is the header's, and nothing after. The transactions are hashed, not decoded: the root commits
   * to every byte of them, so no other body passes, and whether they are valid transactions is the
   * block validation's to decide, which decodes them (it was this class's second full decoding of
   * every proposal, a twelfth of a validator's time under a claims load; docs/insurance.md).
   */
  private boolean isTheProposedBlockOf(BlockHeader header, byte[] value) {
    if (value.length > maxBlockBytes) {
      return false;
    }
    CanonicalReader r = new CanonicalReader(value);
    BlockHeader.readFrom(r);
    CommitCertificate certificate = CommitCertificate.readFrom(r);
    if (!certificate.seals().isEmpty()) {
      return false;
    }
    CanonicalWriter front = new CanonicalWriter(512);
    header.writeTo(front);
    certificate.writeTo(front);
    byte[] canonicalFront = front.toByteArray();
    if (canonicalFront.length != r.position() || !Arrays.equals(canonicalFront, 0, canonicalFront.length, value, 0,
        canonicalFront.length)) {
      return false;
    }
    int n = r.count("block.transactions", Block.MAX_TRANSACTIONS);
    if (n != header.txCount()) {
      return false;
    }
    List<byte[]> leaves = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      leaves.add(merkle.leafHash(r.bytes("block.transaction", Transaction.MAX_ENCODED_BYTES)));
    }
    r.expectEnd("block");
    return Hash.of(MerkleProofs.rootOf(merkle, leaves)).equals(header.txRoot());
  }

  private Hash notABlock(byte[] value) {
    byte[] tagged = Arrays.copyOf(NOT_A_BLOCK, NOT_A_BLOCK.length + value.length);
    System.arraycopy(value, 0, tagged, NOT_A_BLOCK.length, value.length);
    return Hash.of(hash.hash(tagged));
  }
}
