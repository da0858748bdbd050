package org.medledger.node.ui;

import java.io.IOException;
import java.io.Writer;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.medledger.core.block.Block;
import org.medledger.core.tx.Transaction;
import org.medledger.crypto.Hash;
import org.medledger.node.auth.Identity;
import org.medledger.node.ledger.Ledger;

/**
 * A block range as CSV (RFC 4180: CRLF, quoted where needed), one row per transaction, in ledger
 * order. A transaction an application's metadata rule hides from the member has its id and place
 * only, as in the explorer. At most {@link #MAX_BLOCKS} blocks per export, so one request cannot
 * make the node read the whole chain.
 */
final class BlockCsv {
  static final int MAX_BLOCKS = 1_000;
  static final String[] COLUMNS = {"height", "block_time_utc", "block_hash", "index", "tx_id", "visible", "contract",
      "method", "sender", "nonce", "outcome_code", "outcome_message"};

  private final Ledger ledger;
  private final ExplorerQueries queries;

  BlockCsv(Ledger ledger, ExplorerQueries queries) {
    this.ledger = ledger;
    this.queries = queries;
  }

  /** Refuses, naming what is wrong, a range that is empty, reversed, past the head or too long. */
  void checkRange(long from, long to) {
    long head = ledger.height();
    if (from < 0 || to < 0) {
      throw new IllegalArgumentException("heights start at 0; got from " + from + " to " + to);
    }
    if (from > to) {
      throw new IllegalArgumentException("'from' (" + from + ") must not be above 'to' (" + to + ")");
    }
    if (to > head) {
      throw new IllegalArgumentException("'to' (" + to + ") is past the chain's height, " + head);
    }
    if (to - from + 1 > MAX_BLOCKS) {
      throw new IllegalArgumentException("an export holds at most " + MAX_BLOCKS + " blocks; " + from + " to " + to
          + " is " + (to - from + 1) + ": export it in parts");
    }
  }

  void write(long from, long to, Identity member, Writer out) throws IOException {
    checkRange(from, to);
    try (CSVPrinter csv = new CSVPrinter(out, CSVFormat.RFC4180.builder().setHeader(COLUMNS).get())) {
      for (long h = from; h <= to; h++) {
        Block b = ledger.block(h).orElseThrow();
        String time = ExplorerQueries.time(b.header().timestamp());
        String blockHash = b.header().hash(ledger.hashFunction()).hex();
        int index = 0;
        for (Transaction t : b.transactions()) {
          Hash id = t.id(ledger.hashFunction());
          var ct = queries.visibleTransaction(id, member);
          if (ct.isPresent()) {
            var o = ct.get().outcome();
            csv.printRecord(h, time, blockHash, index, id.hex(), "true", t.contract(), t.method(), t.sender().hex(),
                t.nonce(), o.code(), o.message());
          } else {
            csv.printRecord(h, time, blockHash, index, id.hex(), "false", "", "", "", "", "", "");
          }
          index++;
        }
      }
    }
  }
}
