package org.medledger.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ShardStoreTest {
  @TempDir Path dir;

  private static byte[] bytes(int seed, int n) {
    byte[] b = new byte[n];
    new Random(seed).nextBytes(b);
    return b;
  }

  @Test
  void storesListsAndSurvivesReopening() {
    byte[] record = bytes(1, 32);
    try (ShardStore store = ShardStore.open(dir)) {
      store.put(record, 3, bytes(10, 100));
      store.put(record, 0, bytes(11, 100));
      store.put(bytes(2, 32), 1, bytes(12, 100));
      assertThat(store.indexes(record)).containsExactly(0, 3);
      assertThat(store.get(record, 1)).isEmpty();
    }
    try (ShardStore store = ShardStore.open(dir)) {
      assertThat(store.get(record, 3)).hasValue(bytes(10, 100));
      assertThatThrownBy(() -> store.put(new byte[31], 0, new byte[1])).hasMessageContaining("32 bytes, got 31");
    }
  }

  @Test
  void erasureLeavesNoFileInTheFolderHoldingTheShardsBytes() throws IOException {
    byte[] erased = bytes(1, 32);
    byte[] kept = bytes(2, 32);
    byte[] erasedShard = bytes(20, 64 * 1024);
    byte[] keptShard = bytes(21, 64 * 1024);
    byte[] erasedKey = bytes(30, 113);
    byte[] keptKey = bytes(31, 113);
    try (ShardStore store = ShardStore.open(dir)) {
      store.put(erased, 0, erasedShard);
      store.put(kept, 0, keptShard);
      // Some keys flushed to tables before erasure, some still in the memtable and write-ahead log.
      store.erase(bytes(99, 32));
      store.put(erased, 1, erasedShard);
      store.putWrappedKey(erased, "org:hospital-b", erasedKey);
      store.putWrappedKey(kept, "org:hospital-b", keptKey);
      assertThat(store.indexes(erased)).containsExactly(0, 1);
      assertThat(store.has(erased, 1)).isTrue();
      assertThat(store.holdsAnythingOf(erased)).isTrue();
      assertThat(store.erase(erased)).isEqualTo(2);
      assertThat(store.has(erased, 1)).isFalse();
      assertThat(store.holdsAnythingOf(erased)).isFalse();
      store.putWrappedKey(erased, "org:late", erasedKey);
      assertThat(store.holdsAnythingOf(erased)).as("a key alone").isTrue();
      store.erase(erased);
      assertThat(store.indexes(erased)).isEmpty();
      assertThat(store.wrappedKey(erased, "org:hospital-b")).isEmpty();
      assertThat(store.get(kept, 0)).hasValue(keptShard);
      assertThat(store.wrappedKey(kept, "org:hospital-b")).hasValue(keptKey);
    }
    assertThat(filesContaining(erasedKey)).as("the erased wrapped key").isEmpty();
    assertThat(filesContaining(keptKey)).isNotEmpty();
    byte[] erasedPiece = Arrays.copyOfRange(erasedShard, 1000, 1064);
    byte[] keptPiece = Arrays.copyOfRange(keptShard, 1000, 1064);
    assertThat(filesContaining(erasedPiece)).isEmpty();
    assertThat(filesContaining(keptPiece)).as("the scan finds what is there").isNotEmpty();
    try (ShardStore store = ShardStore.open(dir)) {
      assertThat(store.get(erased, 0)).isEmpty();
      assertThat(store.get(kept, 0)).hasValue(keptShard);
    }
  }

  @Test
  void erasingSeveralRecordsAtOnceTakesTheirShardsAndKeysAndNothingElse() throws IOException {
    byte[][] records = {bytes(41, 32), bytes(42, 32), bytes(43, 32)};
    try (ShardStore store = ShardStore.open(dir)) {
      for (int r = 0; r < records.length; r++) {
        store.putWithKeys(records[r], r, bytes(100 + r, 5000), java.util.Map.of("patient", bytes(200 + r, 113)));
      }
      assertThat(store.eraseAll(List.of(records[2], records[0]))).isEqualTo(2);
      assertThat(store.holdsAnythingOf(records[0])).isFalse();
      assertThat(store.holdsAnythingOf(records[2])).isFalse();
      assertThat(store.get(records[1], 1)).hasValue(bytes(101, 5000));
      assertThat(store.wrappedKey(records[1], "patient")).hasValue(bytes(201, 113));
    }
    assertThat(filesContaining(Arrays.copyOfRange(bytes(200, 113), 10, 74))).isEmpty();
    assertThat(filesContaining(Arrays.copyOfRange(bytes(102, 5000), 10, 74))).isEmpty();
    assertThat(filesContaining(Arrays.copyOfRange(bytes(201, 113), 10, 74))).isNotEmpty();
  }

  @Test
  void aShardHalfWrittenWhenTheProcessDiedIsGoneAfterReopening() throws IOException {
    byte[] record = bytes(5, 32);
    byte[] secret = bytes(50, 4096);
    try (ShardStore store = ShardStore.open(dir)) {
      store.put(record, 2, bytes(51, 100));
    }
    Path bucket;
    try (Stream<Path> files = Files.walk(dir.resolve("files"))) {
      bucket = files.filter(Files::isRegularFile).findFirst().orElseThrow().getParent();
    }
    Files.write(bucket.resolve("x-1.partial77"), secret);
    try (ShardStore store = ShardStore.open(dir)) {
      assertThat(store.indexes(record)).containsExactly(2);
      assertThat(store.get(record, 2)).hasValue(bytes(51, 100));
    }
    assertThat(filesContaining(Arrays.copyOfRange(secret, 100, 164))).isEmpty();
  }

  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.ValueSource(booleans = {true, false})
  void shardsOfAnySizeComeBackWholeWrittenEitherWay(boolean direct) {
    ShardStore.writeDirect(direct);
    try (ShardStore store = ShardStore.open(dir)) {
      int[] sizes = {1, 4095, 4096, 4097, 256 * 1024, 256 * 1024 + 1, 3 * 256 * 1024 - 7};
      for (int i = 0; i < sizes.length; i++) {
        store.put(bytes(7, 32), i, bytes(i, sizes[i]));
      }
      for (int i = 0; i < sizes.length; i++) {
        assertThat(store.get(bytes(7, 32), i)).hasValue(bytes(i, sizes[i]));
      }
    } finally {
      ShardStore.writeDirect(true);
    }
  }

  @Test
  void aShardIsReplacedWholeAndAnIndexOutOfRangeIsRefused() {
    byte[] record = bytes(6, 32);
    try (ShardStore store = ShardStore.open(dir)) {
      store.put(record, 1, bytes(60, 5000));
      store.put(record, 1, bytes(61, 10));
      assertThat(store.get(record, 1)).hasValue(bytes(61, 10));
      assertThatThrownBy(() -> store.put(record, 70_000, new byte[1])).hasMessageContaining("out of range");
      assertThatThrownBy(() -> store.get(record, -1)).hasMessageContaining("out of range");
    }
  }

  private List<Path> filesContaining(byte[] needle) throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      return files.filter(Files::isRegularFile).filter(f -> {
        try {
          byte[] b = Files.readAllBytes(f);
          outer:
          for (int i = 0; i + needle.length <= b.length; i++) {
            for (int j = 0; j < needle.length; j++) {
              if (b[i + j] != needle[j]) {
                continue outer;
              }
            }
            return true;
          }
          return false;
        } catch (IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      }).toList();
    }
  }
}
