package org.medledger.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.DBOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;

class SerializedWriteBatchTest {
  static {
    RocksDB.loadLibrary();
  }

  @TempDir Path dir;

  @Test
  void encodesExactlyWhatRocksDbsOwnBatchEncodesAndAppliesIt() throws Exception {
    List<ColumnFamilyHandle> handles = new ArrayList<>();
    try (DBOptions options = new DBOptions().setCreateIfMissing(true).setCreateMissingColumnFamilies(true);
         RocksDB db = RocksDB.open(options, dir.toString(), List.of(
             new ColumnFamilyDescriptor(RocksDB.DEFAULT_COLUMN_FAMILY),
             new ColumnFamilyDescriptor("a".getBytes()),
             new ColumnFamilyDescriptor("b".getBytes())), handles);
         WriteBatch reference = new WriteBatch();
         WriteOptions write = new WriteOptions()) {
      SerializedWriteBatch mine = new SerializedWriteBatch();
      Random random = new Random(7);
      List<byte[]> keys = new ArrayList<>();
      // Sizes cross every varint length boundary used in practice (1, 2 and 3 bytes) and the buffer's growth.
      for (int i = 0; i < 3000; i++) {
        ColumnFamilyHandle family = handles.get(1 + random.nextInt(2));
        byte[] key = new byte[1 + random.nextInt(i % 100 == 0 ? 20_000 : 40)];
        random.nextBytes(key);
        if (i % 7 == 3 && !keys.isEmpty()) {
          byte[] gone = keys.get(random.nextInt(keys.size()));
          reference.delete(family, gone);
          mine.delete(family, gone);
          continue;
        }
        byte[] value = new byte[random.nextInt(i % 50 == 0 ? 300_000 : 200)];
        random.nextBytes(value);
        reference.put(family, key, value);
        mine.put(family, key, value);
        keys.add(key);
      }
      try (WriteBatch built = mine.toWriteBatch()) {
        assertThat(built.count()).isEqualTo(reference.count()).isEqualTo(mine.count());
        assertThat(built.data()).isEqualTo(reference.data());
        db.write(write, built);
      }
      byte[] last = keys.get(keys.size() - 1);
      assertThat(db.get(handles.get(1), last) != null || db.get(handles.get(2), last) != null).isTrue();
      handles.forEach(ColumnFamilyHandle::close);
    }
  }
}
