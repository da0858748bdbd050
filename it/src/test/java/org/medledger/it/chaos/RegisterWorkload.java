package org.medledger.it.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.medledger.apps.notary.contract.NotaryContract;
import org.medledger.apps.notary.contract.NotaryRecord;
import org.medledger.client.TransactionBuilder;
import org.medledger.core.tx.Transaction;
import org.medledger.crypto.CryptoSuites;
import org.medledger.crypto.Hex;

/**
 * Clients that read and compare-and-set a few registers ({@link RegisterLinearizability} says how
 * a register lives in the notary's state), against whichever node is up, recording every
 * operation's start, end and answer.
 *
 * <p>A read is a snapshot at one height, read slot by slot with state receipts at that height.
 * It is made at a height no lower than any height an operation already answered (the clients'
 * shared height token): a node cannot know it lags, so a client that wants linearizable reads
 * carries the height it has seen, as a ledger client does.
 */
final class RegisterWorkload {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final ChaosCluster cluster;
  private final int registers;
  private final String runId;
  private final AtomicBoolean running = new AtomicBoolean();
  private final AtomicLong heightToken = new AtomicLong();
  private final ConcurrentLinkedQueue<RegisterOp> history = new ConcurrentLinkedQueue<>();
  private final List<Thread> threads = new ArrayList<>();

  RegisterWorkload(ChaosCluster cluster, int registers, long seed) {
    this.cluster = cluster;
    this.registers = registers;
    this.runId = Long.toHexString(seed) + "-" + System.nanoTime();
  }

  void start(int clients, long seed) {
    running.set(true);
    for (int c = 0; c < clients; c++) {
      int client = c;
      Thread t = new Thread(() -> run(client, new Random(seed * 31 + client)), "register-" + c);
      t.setDaemon(true);
      t.start();
      threads.add(t);
    }
  }

  void stop() throws InterruptedException {
    running.set(false);
    for (Thread t : threads) {
      t.join(90_000);
    }
  }

  List<RegisterOp> history() {
    return List.copyOf(history);
  }

  int registers() {
    return registers;
  }

  /** The notary fingerprint of a register's version: anchoring it is setting that version. */
  String fingerprint(int register, long version) {
    return Hex.encode(CryptoSuites.intl().hash().hash(("chaos register " + runId + " " + register + " " + version)
        .getBytes(StandardCharsets.UTF_8)));
  }

  String stateKey(int register, long version) {
    return NotaryContract.NAME + "/" + NotaryContract.key(fingerprint(register, version), "hospital-a");
  }

  private void run(int client, Random random) {
    TransactionBuilder builder = new TransactionBuilder(cluster.admin(), cluster.chainId(), Clock.systemUTC());
    long[] known = new long[registers];
    int seq = 0;
    int node = random.nextInt(cluster.size());
    while (running.get()) {
      node = (node + 1) % cluster.size();
      int register = random.nextInt(registers);
      RegisterOp.Read read;
      try {
        read = read(client, node, register, known[register]);
      } catch (Exception e) {
        pause(200);
        continue;
      }
      if (read == null) {
        continue; // that node lags the height token: another one
      }
      known[register] = read.version();
      history.add(read);
      RegisterOp.Cas cas = compareAndSet(client, node, builder, register, read.version(), "c" + client + "-" + seq++);
      history.add(cas);
      if (cas.result() == RegisterOp.CasResult.OK) {
        known[register] = read.version() + 1;
      }
    }
  }

  /** A snapshot read at the node's head, or null when its head is below the height token. */
  RegisterOp.Read read(int client, int node, int register, long from) throws Exception {
    long invoke = System.nanoTime();
    long token = heightToken.get();
    long height = cluster.call(node, 5_000, c -> c.health().get("height").asLong());
    if (height < token) {
      return null;
    }
    long version = from;
    String writer = "";
    if (version > 0) {
      writer = slot(node, register, version, height).transactionId().hex();
    }
    while (true) {
      NotaryRecord next = slot(node, register, version + 1, height);
      if (next == null) {
        break;
      }
      version++;
      writer = next.transactionId().hex();
    }
    heightToken.accumulateAndGet(height, Math::max);
    return new RegisterOp.Read(client, register, height, version, writer, invoke, System.nanoTime());
  }

  /** The record of a register's version at a height, or null when that version is not set there. */
  NotaryRecord slot(int node, int register, long version, long height) throws Exception {
    JsonNode r = cluster.call(node, 10_000, c -> c.stateReceipt(stateKey(register, version), height));
    if (r.get("height").asLong() != height) {
      throw new IllegalStateException("asked for height " + height + ", got a receipt at " + r.get("height"));
    }
    return r.get("present").asBoolean() ? NotaryRecord.decode(Hex.decode(r.get("value").asText())) : null;
  }

  private RegisterOp.Cas compareAndSet(int client, int node, TransactionBuilder builder, int register, long expected, String value) {
    Transaction tx = builder.anchor(fingerprint(register, expected + 1), value);
    String txId = tx.id(CryptoSuites.intl().hash()).hex();
    long invoke = System.nanoTime();
    RegisterOp.CasResult result = RegisterOp.CasResult.UNKNOWN;
    long height = -1;
    try {
      var c = cluster.client(node);
      if (c == null) {
        return new RegisterOp.Cas(client, register, expected, value, txId, RegisterOp.CasResult.REFUSED, -1, invoke, System.nanoTime());
      }
      HttpResponse<String> response = c.submitAsync(tx, true).get(45, TimeUnit.SECONDS);
      JsonNode body = JSON.readTree(response.body());
      if (response.statusCode() == 200 && "committed".equals(body.path("status").asText())) {
        height = body.get("height").asLong();
        JsonNode outcome = body.path("outcome");
        result = outcome.path("success").asBoolean() ? RegisterOp.CasResult.OK
            : RegisterLinearizability.VERSION_MOVED.equals(outcome.path("code").asText()) ? RegisterOp.CasResult.FAIL
            : RegisterOp.CasResult.NOOP;
        heightToken.accumulateAndGet(height, Math::max);
      } else if (response.statusCode() >= 400 && response.statusCode() < 500) {
        result = RegisterOp.CasResult.REFUSED;
      }
    } catch (Exception e) {
      // No answer: the transaction may still commit.
    }
    long complete = result == RegisterOp.CasResult.UNKNOWN ? Long.MAX_VALUE : System.nanoTime();
    return new RegisterOp.Cas(client, register, expected, value, txId, result, height, invoke, complete);
  }

  /** Per register, the writer of each version in node {@code node}'s state at {@code height}. */
  Map<Integer, List<String>> finalWriters(int node, long height) throws Exception {
    Map<Integer, List<String>> out = new java.util.TreeMap<>();
    for (int r = 0; r < registers; r++) {
      List<String> writers = new ArrayList<>();
      for (long v = 1; ; v++) {
        NotaryRecord rec = slot(node, r, v, height);
        if (rec == null) {
          break;
        }
        writers.add(rec.transactionId().hex());
      }
      out.put(r, writers);
    }
    return out;
  }

  private static void pause(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
