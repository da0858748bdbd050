package org.medledger.core.block;

import java.util.Objects;
import org.medledger.core.codec.CanonicalReader;
import org.medledger.core.codec.CanonicalWriter;
import org.medledger.core.codec.DecodeException;
import org.medledger.crypto.Hash;
import org.medledger.crypto.HashFunction;

/**
 * What validators agree on for one height (docs/format.md §BlockHeader). The block hash is the
 * suite hash of this encoding; the commit certificate signs that hash and is kept beside the
 * header, not inside it.
 *
 * @param txRoot RFC 9162 Merkle tree hash over this block's transaction ids
 * @param stateRoot commitment to all contract state after this block
 * @param logRoot RFC 9162 root of the ledger-wide transaction log after this block
 * @param logSize number of transactions in that log after this block
 * @param timestamp milliseconds since the epoch, chosen by the proposer, never decreasing
 * @param proposer certificate id of the validator that proposed the block
 */
public record BlockHeader(
    String chainId,
    long height,
    Hash previousHash,
    Hash txRoot,
    int txCount,
    Hash stateRoot,
    Hash logRoot,
    long logSize,
    long timestamp,
    Hash proposer) {
  public static final int FORMAT_VERSION = 1;

  public BlockHeader {
    Objects.requireNonNull(chainId, "chainId");
    Objects.requireNonNull(previousHash, "previousHash");
    Objects.requireNonNull(txRoot, "txRoot");
    Objects.requireNonNull(stateRoot, "stateRoot");
    Objects.requireNonNull(logRoot, "logRoot");
    Objects.requireNonNull(proposer, "proposer");
    if (height < 0 || txCount < 0 || logSize < 0 || timestamp < 0) {
      throw new IllegalArgumentException("height, txCount, logSize and timestamp must not be negative");
    }
  }

  public void writeTo(CanonicalWriter w) {
    w.u8(FORMAT_VERSION)
        .string(chainId)
        .u64(height)
        .fixed(previousHash.unsafeBytes(), Hash.LENGTH)
        .fixed(txRoot.unsafeBytes(), Hash.LENGTH)
        .u32(txCount)
        .fixed(stateRoot.unsafeBytes(), Hash.LENGTH)
        .fixed(logRoot.unsafeBytes(), Hash.LENGTH)
        .u64(logSize)
        .u64(timestamp)
        .fixed(proposer.unsafeBytes(), Hash.LENGTH);
  }

  public byte[] encode() {
    CanonicalWriter w = new CanonicalWriter(240);
    writeTo(w);
    return w.toByteArray();
  }

  public Hash hash(HashFunction h) {
    return Hash.of(h.hash(encode()));
  }

  public static BlockHeader readFrom(CanonicalReader r) {
    int version = r.u8("header.version");
    if (version != FORMAT_VERSION) {
      throw new DecodeException("header.version: unsupported header format " + version);
    }
    String chainId = r.string("header.chainId", 64);
    long height = r.u64("header.height");
    Hash prev = Hash.of(r.fixed(Hash.LENGTH, "header.previousHash"));
    Hash txRoot = Hash.of(r.fixed(Hash.LENGTH, "header.txRoot"));
    int txCount = r.u32("header.txCount");
    Hash stateRoot = Hash.of(r.fixed(Hash.LENGTH, "header.stateRoot"));
    Hash logRoot = Hash.of(r.fixed(Hash.LENGTH, "header.logRoot"));
    long logSize = r.u64("header.logSize");
    long timestamp = r.u64("header.timestamp");
    Hash proposer = Hash.of(r.fixed(Hash.LENGTH, "header.proposer"));
    if (height < 0 || txCount < 0 || logSize < 0 || timestamp < 0) {
      throw new DecodeException("header: height, txCount, logSize or timestamp out of range");
    }
    return new BlockHeader(
        chainId, height, prev, txRoot, txCount, stateRoot, logRoot, logSize, timestamp, proposer);
  }

  public static BlockHeader decode(byte[] bytes) {
    CanonicalReader r = new CanonicalReader(bytes);
    BlockHeader h = readFrom(r);
    r.expectEnd("header");
    return h;
  }
}
