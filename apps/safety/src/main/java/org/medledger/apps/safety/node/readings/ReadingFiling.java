package org.medledger.apps.safety.node.readings;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.medledger.crypto.Hash;
import org.medledger.node.application.HealthRecordWriter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Files an anchored batch's readings in the vault, for each patient one FHIR Bundle of her
 * Observations ({@link ReadingObservations}), through the health-records application's {@link
 * HealthRecordWriter}: sealed to her key, registered with this node's organisation as custodian,
 * as any record it keeps. One record per patient and batch, not per reading: a vault record is a
 * ledger transaction and shards on every validator, which thousands of readings a second could
 * not each afford. A reading of a unit assigned to nobody when the gateway took it is anchored
 * and provable, but filed under no one (there is no patient whose record it would be); a patient
 * the records application refuses (not registered, no encryption key, this hospital not in her
 * care list) is logged and counted, her readings still anchored.
 */
final class ReadingFiling implements Consumer<ReadingGateway.Sealed>, AutoCloseable {
  static final String CATEGORY = "device-readings";
  private static final Logger LOG = LoggerFactory.getLogger(ReadingFiling.class);
  private final Supplier<Optional<HealthRecordWriter>> writer;
  private final Hash author;
  private final String organisation;
  private final ExecutorService filer = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "readings-vault");
    t.setDaemon(true);
    return t;
  });
  private final AtomicLong filed = new AtomicLong();
  private final AtomicLong notFiled = new AtomicLong();
  private final AtomicLong unassigned = new AtomicLong();

  ReadingFiling(Supplier<Optional<HealthRecordWriter>> writer, Hash author, String organisation) {
    this.writer = writer;
    this.author = author;
    this.organisation = organisation;
  }

  @Override
  public void accept(ReadingGateway.Sealed sealed) {
    filer.execute(() -> file(sealed));
  }

  private void file(ReadingGateway.Sealed sealed) {
    Map<String, List<ReadingObservations.Placed>> byPatient = new TreeMap<>();
    for (int i = 0; i < sealed.batch().size(); i++) {
      Optional<String> patient = sealed.patients().get(i);
      if (patient.isEmpty()) {
        unassigned.incrementAndGet();
        continue;
      }
      byPatient.computeIfAbsent(patient.get(), p -> new ArrayList<>())
          .add(new ReadingObservations.Placed(i, sealed.batch().readings().get(i).reading()));
    }
    if (byPatient.isEmpty()) {
      return;
    }
    Optional<HealthRecordWriter> records = writer.get();
    for (var e : byPatient.entrySet()) {
      if (records.isEmpty()) {
        notFiled.addAndGet(e.getValue().size());
        LOG.warn("batch {}: {} readings of patient {} not filed: this node runs no records application", sealed.batchId(),
            e.getValue().size(), e.getKey());
        continue;
      }
      try {
        records.get().store(author, ReadingObservations.bundle(e.getKey(), organisation, sealed.batchId(), e.getValue()),
            Hash.fromHex(e.getKey()), "Bundle", CATEGORY);
        filed.addAndGet(e.getValue().size());
      } catch (RuntimeException ex) {
        notFiled.addAndGet(e.getValue().size());
        LOG.warn("batch {}: {} readings of patient {} not filed in the vault: {}", sealed.batchId(), e.getValue().size(), e.getKey(),
            ex.getMessage());
      }
    }
  }

  /** Readings filed in patients' records, refused by the records application, and of unassigned units. */
  Map<String, Long> counts() {
    return Map.of("filed", filed.get(), "notFiled", notFiled.get(), "unassigned", unassigned.get());
  }

  @Override
  public void close() {
    filer.shutdown();
    try {
      filer.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
