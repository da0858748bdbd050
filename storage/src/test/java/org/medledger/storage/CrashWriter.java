package org.medledger.storage;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Child process for the crash test: commits deterministic blocks as fast as it can until killed. */
public final class CrashWriter {
  public static void main(String[] args) {
    LedgerStore store = RocksLedgerStore.open(Path.of(args[0]));
    long h = store.height() + 1;
    System.out.println("ready " + h);
    System.out.flush();
    store.commit(content(h));
    // The test kills only after this line, so every round has at least one block to check, however
    // slowly a loaded machine runs this process (a round killed before its first commit failed).
    System.out.println("committed " + h);
    System.out.flush();
    h++;
    while (true) {
      store.commit(content(h));
      h++;
    }
  }

  /** Everything about block h follows from h, so the checker can rebuild it byte for byte. */
  static BlockCommit content(long h) {
    List<BlockCommit.TxEntry> txs = new ArrayList<>();
    List<BlockCommit.StateWrite> writes = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      txs.add(new BlockCommit.TxEntry(("tx-" + h + "-" + i).getBytes(), i, ("payload-" + h + "-" + i + "-" + "x".repeat(200)).getBytes()));
      writes.add(new BlockCommit.StateWrite(("k/" + h + "/" + i).getBytes(), ("v" + h).getBytes()));
    }
    writes.add(new BlockCommit.StateWrite("last".getBytes(), Long.toString(h).getBytes()));
    return new BlockCommit(h, ("hash" + h).getBytes(), ("header" + h).getBytes(), ("block" + h + "x".repeat(5000)).getBytes(),
        txs, writes, List.of(new BlockCommit.LogNodeWrite(0, h, ("leaf" + h).getBytes())), Map.of("frontier", ("f" + h).getBytes()));
  }
}
