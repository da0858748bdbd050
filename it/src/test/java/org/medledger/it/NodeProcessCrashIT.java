package org.medledger.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medledger.client.ApiException;
import org.medledger.client.ClientIdentity;
import org.medledger.client.InclusionProofVerifier;
import org.medledger.client.MedLedgerClient;
import org.medledger.client.TransactionBuilder;
import org.medledger.core.genesis.Genesis;
import org.medledger.core.genesis.GenesisJson;
import org.medledger.core.tx.Transaction;
import org.medledger.crypto.CryptoSuites;
import org.medledger.crypto.Hex;

/**
 * A node process is killed with SIGKILL while under load, three times, and restarted each time:
 * it comes back consistent (its own start-up chain check passes), every transaction it had
 * acknowledged as committed is still there with a proof that verifies offline, and it goes on
 * committing.
 */
class NodeProcessCrashIT {
  @TempDir Path dir;

  @Test
  void survivesKillDashNineUnderLoad() throws Exception {
    Path net = dir.resolve("net");
    int port = Processes.freePort();
    Path log = dir.resolve("node.log");
    Process init = Processes.medledger(log, "network", "init", "--orgs", "hospital-a,regulator", "--validators", "hospital-a", "--out", net.toString(),
        "--api-port", Integer.toString(port)).start();
    assertThat(init.waitFor()).as(Files.exists(log) ? Files.readString(log) : "").isZero();
    Genesis genesis = GenesisJson.read(Files.readString(net.resolve("genesis.json")));
    ClientIdentity admin = ClientIdentity.load(CryptoSuites.byId(genesis.suite()), net.resolve("hospital-a/users/admin"));
    TransactionBuilder builder = new TransactionBuilder(admin, genesis.chainId(), Clock.systemUTC());
    String api = "https://127.0.0.1:" + port;
    // Believed only with a certificate the genesis CAs issued for 127.0.0.1 (issue 20 finding 4).
    var trust = org.medledger.client.ApiServerTrust.of(genesis);
    ConcurrentLinkedQueue<String> acknowledged = new ConcurrentLinkedQueue<>();
    Random random = new Random(7);
    long lastHeight = -1;

    for (int round = 0; round < 3; round++) {
      Process node = Processes.medledger(log, Processes.CLIENT_COMPILER_ONLY, "node", "start", "--config", net.resolve("hospital-a/node/node.json").toString()).start();
      MedLedgerClient client = awaitUp(api, trust, node, log);
      long height = client.health().get("height").asLong();
      assertThat(height).as("restart %d resumes at or after the last seen height", round).isGreaterThanOrEqualTo(lastHeight);
      client.login(admin);
      if (round == 0) {
        client.submit(builder.registerSelf(), true);
      }
      for (String id : acknowledged) {
        JsonNode proof = client.inclusionProof(id);
        assertThat(new InclusionProofVerifier(genesis).verify(proof).ok()).as("proof of %s after restart %d", id, round).isTrue();
      }
      AtomicBoolean stop = new AtomicBoolean();
      Thread load = new Thread(() -> {
        while (!stop.get()) {
          Transaction tx = builder.anchor(Hex.encode(CryptoSuites.intl().hash().hash(("doc " + System.nanoTime()).getBytes())), "report");
          try {
            JsonNode r = client.submit(tx, true);
            if ("committed".equals(r.path("status").asText())) {
              acknowledged.add(tx.id(CryptoSuites.byId(genesis.suite()).hash()).hex());
            }
          } catch (ApiException e) {
            return;
          }
        }
      });
      load.start();
      Thread.sleep(1500 + random.nextInt(1500));
      node.destroyForcibly().waitFor();
      stop.set(true);
      load.join(10_000);
      lastHeight = height;
    }
    assertThat(acknowledged).hasSizeGreaterThan(3);
    Process node = Processes.medledger(log, Processes.CLIENT_COMPILER_ONLY, "node", "start", "--config", net.resolve("hospital-a/node/node.json").toString()).start();
    try {
      MedLedgerClient client = awaitUp(api, trust, node, log);
      client.login(admin);
      for (String id : acknowledged) {
        assertThat(client.transaction(id).get("outcome").get("success").asBoolean()).isTrue();
      }
      JsonNode r = client.submit(builder.anchor(Hex.encode(CryptoSuites.intl().hash().hash("after".getBytes())), "report"), true);
      assertThat(r.get("status").asText()).isEqualTo("committed");
    } finally {
      node.destroy();
      node.waitFor();
    }
  }

  static MedLedgerClient awaitUp(String api, org.medledger.client.ApiServerTrust trust, Process node, Path log) throws Exception {
    MedLedgerClient c = new MedLedgerClient(api, trust);
    long deadline = System.currentTimeMillis() + 30_000;
    while (System.currentTimeMillis() < deadline) {
      if (!node.isAlive()) {
        throw new AssertionError("node exited with " + node.exitValue() + ":\n" + Files.readString(log));
      }
      try {
        c.health();
        return c;
      } catch (ApiException e) {
        Thread.sleep(200);
      }
    }
    throw new AssertionError("node did not come up:\n" + Files.readString(log));
  }
}
