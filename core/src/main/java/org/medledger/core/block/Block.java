package org.medledger.core.block;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.medledger.core.codec.CanonicalReader;
import org.medledger.core.codec.CanonicalWriter;
import org.medledger.core.codec.DecodeException;
import org.medledger.core.tx.Transaction;

/** A header, its commit certificate, and the transactions in order (docs/format.md §Block). */
public record Block(BlockHeader header, CommitCertificate certificate, List<Transaction> transactions) {
  public static final int MAX_TRANSACTIONS = 100_000;

  public Block {
    Objects.requireNonNull(header, "header");
    Objects.requireNonNull(certificate, "certificate");
    transactions = List.copyOf(transactions);
    if (transactions.size() != header.txCount()) {
      throw new IllegalArgumentException(
          "header says " + header.txCount() + " transactions, block has " + transactions.size());
    }
  }

  public Block withCertificate(CommitCertificate c) {
    return new Block(header, c, transactions);
  }

  public SignedHeader signedHeader() {
    return new SignedHeader(header, certificate);
  }

  public byte[] encode() {
    int size = 512;
    for (Transaction t : transactions) {
      size += t.encoded().length + 4;
    }
    CanonicalWriter w = new CanonicalWriter(size);
    header.writeTo(w);
    certificate.writeTo(w);
    w.u32(transactions.size());
    for (Transaction t : transactions) {
      w.bytes(t.encoded());
    }
    return w.toByteArray();
  }

  /**
   * The header alone, from the front of an encoded block, without decoding its transactions:
   * the block's id is its header's hash, and the header commits to the transactions (txRoot),
   * which full validation checks.
   */
  public static BlockHeader decodeHeader(byte[] bytes) {
    return BlockHeader.readFrom(new CanonicalReader(bytes));
  }

  public static Block decode(byte[] bytes, int maxBlockBytes) {
    if (bytes.length > maxBlockBytes) {
      throw new DecodeException("block: " + bytes.length + " bytes exceeds the limit " + maxBlockBytes);
    }
    CanonicalReader r = new CanonicalReader(bytes);
    BlockHeader header = BlockHeader.readFrom(r);
    CommitCertificate cert = CommitCertificate.readFrom(r);
    int n = r.count("block.transactions", MAX_TRANSACTIONS);
    if (n != header.txCount()) {
      throw new DecodeException("block.transactions: header says " + header.txCount() + ", found " + n);
    }
    List<Transaction> txs = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      txs.add(Transaction.decode(r.bytes("block.transaction", Transaction.MAX_ENCODED_BYTES)));
    }
    r.expectEnd("block");
    return new Block(header, cert, txs);
  }
}
