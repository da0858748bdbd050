package org.medledger.storage;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Child process for {@link InjectedEioTest}: writes a few things, says {@code ready}, waits for
 * {@code go} on its input (the test attaches strace, which makes every fsync fail with EIO), then
 * writes on until a write fails and prints {@code failed <message>}. Each acknowledged write is
 * printed first ({@code committed h} or {@code stored i}), so the test knows what was promised.
 *
 * <p>Arguments: {@code ledger <folder>} (ledger blocks, {@link CrashWriter#content}) or
 * {@code shards <folder>} (256 KiB shards of one record, {@link #shard}).
 */
public final class FsyncFaultWriter {
  static final int BEFORE_THE_FAULT = 5;
  private static final int MAX_WRITES = 10_000;

  public static void main(String[] args) throws Exception {
    boolean ledger = args[0].equals("ledger");
    Path folder = Path.of(args[1]);
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    try (AutoCloseable store = ledger ? RocksLedgerStore.open(folder) : ShardStore.open(folder)) {
      for (int n = 0; n < MAX_WRITES; n++) {
        if (n == BEFORE_THE_FAULT) {
          say("ready");
          if (!"go".equals(in.readLine())) {
            return;
          }
        }
        try {
          if (ledger) {
            ((LedgerStore) store).commit(CrashWriter.content(n));
            say("committed " + n);
          } else {
            ((ShardStore) store).put(RECORD, n, shard(n));
            say("stored " + n);
          }
        } catch (RuntimeException e) {
          say("failed " + String.valueOf(e.getMessage()).replace('\n', ' '));
          System.exit(3);
        }
      }
      say("never failed");
    }
  }

  /** A record hash is 32 bytes: these 32 characters. */
  static final byte[] RECORD = "record-under-an-fsync-that-fails".getBytes(StandardCharsets.UTF_8);

  static byte[] shard(int i) {
    byte[] b = new byte[256 * 1024];
    new java.util.Random(i).nextBytes(b);
    return b;
  }

  private static void say(String line) {
    System.out.println(line);
    System.out.flush();
  }
}
