package org.medledger.apps.drugs.node;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.medledger.apps.drugs.contract.DrugsContract;
import org.medledger.apps.drugs.contract.gs1.Sgtin;
import org.medledger.core.tx.Args;
import org.medledger.core.tx.Transaction;
import org.medledger.crypto.Hash;
import org.medledger.crypto.Hex;
import org.medledger.crypto.Signer;
import org.medledger.node.admission.Admission;
import org.medledger.node.admission.AdmissionResult;
import org.medledger.node.ledger.Ledger;

/**
 * Counts the public's scans of pack codes across the network without a transaction per scan:
 * scans queue here and go to the ledger once a second as one {@code drugs.recordScans}
 * transaction signed by this node. Where a scan came from is kept only as a place: a keyed
 * digest of the client's network (/24 for IPv4, /48 for IPv6) and the pack, so the ledger can
 * tell many places from one without holding anyone's address, and places of two packs cannot be
 * linked without the key. The key is the network's, shared by every validator ({@code
 * network-scan-place.key}, written by {@code network init}): the same network scanning through
 * any node is one place (issue 22, finding 4: with a key per node, one client scanning through
 * four nodes counted four places). Without that key a node of a multi-validator network counts
 * no scans rather than count them apart from the others.
 */
public final class ScanCounter implements AutoCloseable {
  static final long FLUSH_MILLIS = 1_000;
  /** Beyond this many unflushed scans new ones are dropped (and counted) rather than let memory grow. */
  static final int MAX_PENDING = 100_000;
  private final Ledger ledger;
  private final Admission admission;
  private final Signer signer;
  private final Hash certificateId;
  private final Clock clock;
  private final byte[] placeKey; // null: counting is off (no network key)
  private final SecureRandom nonces = new SecureRandom();
  private final AtomicLong dropped = new AtomicLong();
  private final AtomicLong submitted = new AtomicLong();
  private final ScheduledExecutorService flusher = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "medledger-scans");
    t.setDaemon(true);
    return t;
  });
  private List<String> pending = new ArrayList<>();

  public ScanCounter(Ledger ledger, Admission admission, Signer signer, Hash certificateId, Clock clock, byte[] placeKey) {
    this.ledger = ledger;
    this.admission = admission;
    this.signer = signer;
    this.certificateId = certificateId;
    this.clock = clock;
    this.placeKey = placeKey == null ? null : placeKey.clone();
    flusher.scheduleWithFixedDelay(this::flush, FLUSH_MILLIS, FLUSH_MILLIS, TimeUnit.MILLISECONDS);
  }

  /** The network's place key, under {@code <dataDir>/secrets/}: the same bytes on every validator. */
  public static final String NETWORK_KEY_FILE = "network-scan-place.key";

  /**
   * A one-validator network's place key, this node's own, under {@code <dataDir>/secrets/}
   * (where the node kept it before applications were modules: the same name, the same place).
   */
  public static final String OWN_KEY_FILE = "scan-place.key";

  /** A new network place key (32 random bytes), for {@code network init} to give every validator (NodeSecrets.installNetworkSecret). */
  public static byte[] newNetworkKey() {
    byte[] k = new byte[32];
    new SecureRandom().nextBytes(k);
    return k;
  }

  /** Queues one public scan of {@code pack} from {@code clientAddress}. */
  public void count(Sgtin pack, String clientAddress) {
    if (placeKey == null) {
      dropped.incrementAndGet();
      return;
    }
    String line = pack.gtin().value() + "\t" + pack.serial() + "\t" + place(pack, clientAddress);
    synchronized (this) {
      if (pending.size() >= MAX_PENDING) {
        dropped.incrementAndGet();
        return;
      }
      pending.add(line);
    }
  }

  /** Scans dropped because the queue was full, and scans handed to the ledger, since start. */
  public long dropped() {
    return dropped.get();
  }

  public long submitted() {
    return submitted.get();
  }

  /** Whether scans are counted (false: a multi-validator network's node without the network's place key). */
  public boolean counting() {
    return placeKey != null;
  }

  /** The network-wide digest of where a scan of {@code pack} came from: the same on every node holding the network's key. */
  String place(Sgtin pack, String clientAddress) {
    byte[] network;
    try {
      byte[] a = InetAddress.getByName(clientAddress).getAddress();
      network = java.util.Arrays.copyOf(a, a.length == 4 ? 3 : 6);
    } catch (UnknownHostException | SecurityException e) {
      network = clientAddress.getBytes(StandardCharsets.UTF_8);
    }
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(placeKey, "HmacSHA256"));
      mac.update("medledger-scan-place/v2\u0000".getBytes(StandardCharsets.UTF_8));
      mac.update((pack.gtin().value() + "\u0000" + pack.serial() + "\u0000").getBytes(StandardCharsets.UTF_8));
      return Hex.encode(java.util.Arrays.copyOf(mac.doFinal(network), 8));
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException(e);
    }
  }

  void flush() {
    while (true) {
      List<String> batch;
      synchronized (this) {
        if (pending.isEmpty()) {
          return;
        }
        int n = Math.min(pending.size(), batchSize());
        batch = new ArrayList<>(pending.subList(0, n));
        pending = new ArrayList<>(pending.subList(n, pending.size()));
      }
      try {
        Transaction tx = new Transaction.Payload(ledger.genesis().suite(), ledger.genesis().chainId(), certificateId,
            nonces.nextLong(), clock.millis(), DrugsContract.NAME, "recordScans", Args.of("scans", String.join("\n", batch)))
            .sign(signer);
        AdmissionResult r = admission.submit(tx);
        if (r instanceof AdmissionResult.Refused) {
          dropped.addAndGet(batch.size());
        } else {
          submitted.addAndGet(batch.size());
        }
      } catch (RuntimeException e) {
        dropped.addAndGet(batch.size());
      }
    }
  }

  /** Lines are at most ~120 bytes; keep one batch well inside the genesis transaction limit. */
  private int batchSize() {
    long budget = ledger.genesis().parameters().maxTransactionBytes() - 2048L;
    return (int) Math.max(1, Math.min(DrugsContract.MAX_SERIALS_PER_TRANSACTION, budget / 128));
  }

  @Override
  public void close() {
    flusher.shutdown();
    flush();
  }
}
