package org.medledger.apps.safety.node.readings;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.medledger.apps.safety.contract.readings.AnchoredReading;
import org.medledger.apps.safety.contract.readings.ReadingBatch;
import org.medledger.core.codec.CanonicalReader;
import org.medledger.core.codec.CanonicalWriter;
import org.medledger.crypto.Hash;
import org.medledger.crypto.HashFunction;

/**
 * The gateway's own copy of every batch it sealed, one file per batch in its folder
 * ({@code <data>/apps/safety/readings}): the readings in leaf order and, once committed, the id of
 * the transaction that anchored the root. A receipt of one reading is built from it; at start the
 * gateway reads it back to know each device's highest sequence number, so a reading replayed
 * after a restart is still refused.
 */
final class BatchArchive {
  private static final String BATCH = ".batch";
  private static final String ANCHOR = ".anchor";
  private final Path folder;
  private final HashFunction hash;
  /** "unit\nsequence" (ReadingUnits) to where the reading sits: any spelling of a unit's UDI finds its readings. */
  private final Map<String, Location> index = new ConcurrentHashMap<>();
  private final Map<String, Long> highestSequence = new ConcurrentHashMap<>();
  private final Map<String, ReadingBatch> recent = new ConcurrentHashMap<>();

  record Location(String batchId, int index) {}

  BatchArchive(Path folder, HashFunction hash) {
    this.folder = folder;
    this.hash = hash;
    try {
      Files.createDirectories(folder);
      try (Stream<Path> files = Files.list(folder)) {
        for (Path p : files.filter(f -> f.getFileName().toString().endsWith(BATCH)).sorted().toList()) {
          String id = p.getFileName().toString();
          id = id.substring(0, id.length() - BATCH.length());
          indexBatch(id, read(id));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("reading the gateway's batches in " + folder, e);
    }
  }

  /** The highest sequence number of each unit's readings in any batch kept here, by unit (ReadingUnits). */
  Map<String, Long> highestSequences() {
    return Map.copyOf(highestSequence);
  }

  /** Writes the batch before its root is anchored, so an anchored root always has its readings on disk. */
  void keep(String batchId, ReadingBatch batch) {
    CanonicalWriter w = new CanonicalWriter(batch.size() * 320).u32(batch.size());
    batch.readings().forEach(r -> w.bytes(r.encode()));
    write(folder.resolve(batchId + BATCH), w.toByteArray());
    recent.put(batchId, batch);
    indexBatch(batchId, batch);
  }

  void anchored(String batchId, Hash transactionId) {
    write(folder.resolve(batchId + ANCHOR), transactionId.hex().getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    recent.remove(batchId);
  }

  Optional<Location> locate(String udi, long sequence) {
    return Optional.ofNullable(index.get(ReadingUnits.unitOf(udi) + "\n" + sequence));
  }

  ReadingBatch batch(String batchId) {
    ReadingBatch b = recent.get(batchId);
    return b != null ? b : read(batchId);
  }

  /** The anchoring transaction's id, once the root is committed. */
  Optional<Hash> anchor(String batchId) {
    Path p = folder.resolve(batchId + ANCHOR);
    if (!Files.exists(p)) {
      return Optional.empty();
    }
    try {
      return Optional.of(Hash.fromHex(Files.readString(p).trim()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void indexBatch(String id, ReadingBatch batch) {
    List<AnchoredReading> readings = batch.readings();
    for (int i = 0; i < readings.size(); i++) {
      var r = readings.get(i).reading();
      String unit = ReadingUnits.unitOf(r.udi());
      index.put(unit + "\n" + r.sequence(), new Location(id, i));
      highestSequence.merge(unit, r.sequence(), Math::max);
    }
  }

  private ReadingBatch read(String batchId) {
    try {
      CanonicalReader r = new CanonicalReader(Files.readAllBytes(folder.resolve(batchId + BATCH)));
      int n = r.count("readings", ReadingBatch.MAX_READINGS);
      List<AnchoredReading> readings = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        readings.add(AnchoredReading.decode(r.bytes("reading", 4096)));
      }
      r.expectEnd("batch " + batchId);
      return new ReadingBatch(hash, readings);
    } catch (IOException e) {
      throw new UncheckedIOException("reading batch " + batchId, e);
    }
  }

  /** Whole or not at all: a temporary file moved into place. */
  private static void write(Path target, byte[] bytes) {
    try {
      Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
      Files.write(tmp, bytes);
      Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("writing " + target, e);
    }
  }
}
