package org.medledger.node.bft;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.medledger.core.block.Block;
import org.medledger.core.block.BlockHeader;
import org.medledger.core.codec.DecodeException;
import org.medledger.crypto.Hash;
import org.medledger.crypto.HashFunction;
import org.medledger.crypto.merkle.MerkleHasher;
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
    Block block;
    try {
      block = Block.decode(value, maxBlockBytes);
    } catch (DecodeException | IllegalArgumentException e) {
      return notABlock(value);
    }
    if (!block.certificate().seals().isEmpty()
        || !Ledger.transactionRoot(merkle, block.transactions()).equals(header.txRoot())
        || !Arrays.equals(block.encode(), value)) {
      return notABlock(value);
    }
    lastId = headerHash;
    lastValue = value;
    return headerHash;
  }

  private Hash notABlock(byte[] value) {
    byte[] tagged = Arrays.copyOf(NOT_A_BLOCK, NOT_A_BLOCK.length + value.length);
    System.arraycopy(value, 0, tagged, NOT_A_BLOCK.length, value.length);
    return Hash.of(hash.hash(tagged));
  }
}
