package org.medledger.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 a writer at random moments after its first commit; after each, the store holds blocks
 * 0..h exactly and nothing of h+1 (ARCHITECTURE: a crashed node restarts consistent).
 */
class RocksLedgerStoreCrashTest {
  @TempDir Path dir;

  @Test
  void everyKillLeavesAConsistentPrefix() throws Exception {
    Random random = new Random(42);
    Path db = dir.resolve("db");
    long lastHeight = -1;
    for (int round = 0; round < 4; round++) {
      String java = ProcessHandle.current().info().command().orElse("java");
      Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), CrashWriter.class.getName(), db.toString())
          .redirectErrorStream(true).start();
      BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream()));
      assertThat(out.readLine()).startsWith("ready");
      assertThat(out.readLine()).startsWith("committed");
      Thread.sleep(200 + random.nextInt(600));
      p.destroyForcibly().waitFor();

      try (LedgerStore s = RocksLedgerStore.open(db)) {
        long h = s.height();
        assertThat(h).as("round %d made progress", round).isGreaterThan(lastHeight);
        for (long i = 0; i <= h; i++) {
          BlockCommit c = CrashWriter.content(i);
          assertThat(s.block(i)).hasValue(c.blockBytes());
          assertThat(s.transactionBytes(c.transactions().get(49).id())).hasValue(c.transactions().get(49).bytes());
          assertThat(s.state(("k/" + i + "/49").getBytes())).hasValue(("v" + i).getBytes());
        }
        assertThat(s.state("last".getBytes())).hasValue(Long.toString(h).getBytes());
        BlockCommit next = CrashWriter.content(h + 1);
        assertThat(s.block(h + 1)).isEmpty();
        assertThat(s.transaction(next.transactions().get(0).id())).isEmpty();
        assertThat(s.state(("k/" + (h + 1) + "/0").getBytes())).isEmpty();
        lastHeight = h;
      }
    }
  }
}
