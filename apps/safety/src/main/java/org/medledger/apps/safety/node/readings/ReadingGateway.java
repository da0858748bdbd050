package org.medledger.apps.safety.node.readings;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.medledger.apps.safety.contract.readings.AnchoredReading;
import org.medledger.apps.safety.contract.readings.DeviceReading;
import org.medledger.apps.safety.contract.readings.ReadingBatch;
import org.medledger.apps.safety.contract.readings.SignedDeviceReading;
import org.medledger.core.codec.DecodeException;
import org.medledger.crypto.CryptoSuite;
import org.medledger.crypto.Hex;
import org.medledger.crypto.Verifier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A member organisation's gateway for device readings (issue 17, item 7): it takes signed
 * readings, checks each against the key the ledger registers for its unit and refuses a sequence
 * number it has taken before, gathers them into a batch until the batch is full or old enough,
 * keeps the batch on disk, and anchors its Merkle root on the ledger. Checking is done on the
 * caller's thread; sealing, storing and anchoring on one thread of its own, so a device's request
 * never waits for a block.
 */
public final class ReadingGateway implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ReadingGateway.class);
  private final CryptoSuite suite;
  private final DeviceDirectory devices;
  private final BatchArchive archive;
  private final BatchAnchor anchor;
  private final Consumer<Sealed> afterAnchoring;
  private final int maxBatch;
  private final String batchPrefix;
  private final Clock clock;
  private final Map<String, Verifier> verifiers = new ConcurrentHashMap<>();
  private final Object lock = new Object();
  private final Map<String, Long> highestSequence;
  private List<Taken> pending = new ArrayList<>();
  /** Readings taken and not yet written to a batch file (unit and sequence): their receipt is pending, not unknown. */
  private final java.util.Set<String> unsealed = ConcurrentHashMap.newKeySet();
  private final AtomicLong batchCounter = new AtomicLong();
  private final AtomicLong anchoredReadings = new AtomicLong();
  private final ExecutorService sealer = Executors.newSingleThreadExecutor(r -> daemon(r, "readings-sealer"));
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "readings-timer"));

  /**
   * A sealed batch and how its anchoring ended; {@code patients} holds, for each reading in leaf
   * order, the patient its unit was assigned to when the gateway took it.
   */
  public record Sealed(String batchId, ReadingBatch batch, List<Optional<String>> patients, BatchAnchor.Anchored anchored) {}

  /** A checked reading and the patient its unit was assigned to then. */
  private record Taken(AnchoredReading reading, Optional<String> patient) {}

  /** What the device is told: its reading was checked and waits in a batch not yet anchored. */
  public record Accepted(String udi, long sequence) {}

  ReadingGateway(CryptoSuite suite, DeviceDirectory devices, BatchArchive archive, BatchAnchor anchor, Consumer<Sealed> afterAnchoring,
      int maxBatch, Duration maxWait, String batchPrefix, Clock clock) {
    if (maxBatch < 1 || maxBatch > ReadingBatch.MAX_READINGS) {
      throw new IllegalArgumentException("a batch holds 1-" + ReadingBatch.MAX_READINGS + " readings, not " + maxBatch);
    }
    this.suite = suite;
    this.devices = devices;
    this.archive = archive;
    this.anchor = anchor;
    this.afterAnchoring = afterAnchoring;
    this.maxBatch = maxBatch;
    this.batchPrefix = batchPrefix;
    this.clock = clock;
    this.highestSequence = new HashMap<>(archive.highestSequences());
    long every = Math.max(1, maxWait.toMillis());
    timer.scheduleWithFixedDelay(this::sealNow, every, every, TimeUnit.MILLISECONDS);
  }

  private static Thread daemon(Runnable r, String name) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    return t;
  }

  /** Checks one signed reading (its bytes as {@link SignedDeviceReading#encode()}) and queues it; refuses it with the reason. */
  public Accepted accept(byte[] signedReading) {
    SignedDeviceReading signed;
    try {
      signed = SignedDeviceReading.decode(signedReading);
    } catch (DecodeException e) {
      throw new ReadingRefused("malformed", "not a signed device reading: " + e.getMessage());
    }
    DeviceReading r = signed.reading();
    String unit = ReadingUnits.unitOf(r.udi());
    RegisteredDevice device = devices.find(r.udi()).orElseThrow(() -> new ReadingRefused("unknown_device",
        "device " + r.udi() + " is not registered on the ledger: a gateway takes readings of registered units only"));
    byte[] key = device.publicKey().orElseThrow(() -> new ReadingRefused("no_device_key", "device " + r.udi()
        + " is registered without a signing key, so none of its readings can be checked"));
    if (!signed.signedBy(verifier(key))) {
      throw new ReadingRefused("bad_signature", "reading " + r.sequence() + " of device " + r.udi()
          + " is not signed by the key the ledger registers for that device");
    }
    List<Taken> full = null;
    synchronized (lock) {
      Long last = highestSequence.get(unit);
      if (last != null && r.sequence() <= last) {
        throw new ReadingRefused("replayed", "device " + r.udi() + " sent sequence number " + r.sequence()
            + " after " + last + ": a device's sequence numbers only grow, so this one was taken before or is replayed");
      }
      highestSequence.put(unit, r.sequence());
      unsealed.add(unit + "\n" + r.sequence());
      pending.add(new Taken(new AnchoredReading(signed, key), device.assignedPatient()));
      if (pending.size() >= maxBatch) {
        full = pending;
        pending = new ArrayList<>();
      }
    }
    if (full != null) {
      List<Taken> batch = full;
      sealer.execute(() -> seal(batch));
    }
    return new Accepted(r.udi(), r.sequence());
  }

  /** One prepared verifier per device key: the curve point is decoded once, not per reading. */
  private Verifier verifier(byte[] key) {
    return verifiers.computeIfAbsent(Hex.encode(key), k -> {
      try {
        return suite.signatures().verifier(suite.signatures().decodePublicKey(key));
      } catch (IllegalArgumentException e) {
        throw new ReadingRefused("no_device_key", "the key the ledger registers for this device is not a "
            + suite.signatures().name() + " public key: " + e.getMessage());
      }
    });
  }

  /** Seals what is pending now, whatever its size (the timer calls it). */
  public void sealNow() {
    List<Taken> batch;
    synchronized (lock) {
      if (pending.isEmpty()) {
        return;
      }
      batch = pending;
      pending = new ArrayList<>();
    }
    sealer.execute(() -> seal(batch));
  }

  /** Whether this gateway took that reading and has not yet written it to a batch (the archive does not know it yet). */
  boolean awaitsBatch(String udi, long sequence) {
    return unsealed.contains(ReadingUnits.unitOf(udi) + "\n" + sequence);
  }

  /** Readings anchored by committed, successful transactions since start. */
  public long anchoredReadings() {
    return anchoredReadings.get();
  }

  private void seal(List<Taken> taken) {
    String id = batchPrefix + "-" + clock.millis() + "-" + batchCounter.incrementAndGet();
    List<AnchoredReading> readings = new ArrayList<>(taken.size());
    List<Optional<String>> patients = new ArrayList<>(taken.size());
    for (Taken t : taken) {
      readings.add(t.reading());
      patients.add(t.patient());
    }
    try {
      ReadingBatch batch = new ReadingBatch(suite.hash(), readings);
      archive.keep(id, batch);
      forgetUnsealed(readings);
      anchor.anchor(id, batch).whenComplete((a, failure) -> {
        if (failure != null) {
          LOG.warn("batch {} of {} readings: anchoring failed: {}", id, readings.size(), failure.toString());
          return;
        }
        if (!a.success()) {
          LOG.warn("batch {} of {} readings was not anchored ({}): {}", id, readings.size(), a.code(), a.message());
          return;
        }
        archive.anchored(id, a.transactionId());
        anchoredReadings.addAndGet(readings.size());
        afterAnchoring.accept(new Sealed(id, batch, List.copyOf(patients), a));
      });
    } catch (RuntimeException e) {
      forgetUnsealed(readings);
      LOG.warn("batch {} of {} readings could not be sealed: {}", id, readings.size(), e.toString());
    }
  }

  private void forgetUnsealed(List<AnchoredReading> readings) {
    for (AnchoredReading a : readings) {
      unsealed.remove(ReadingUnits.unitOf(a.reading().udi()) + "\n" + a.reading().sequence());
    }
  }

  @Override
  public void close() {
    timer.shutdownNow();
    sealNow();
    sealer.shutdown();
    try {
      sealer.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
