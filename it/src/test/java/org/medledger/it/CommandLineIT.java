package org.medledger.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's commands, run as a user would: demo, verify, network init. */
class CommandLineIT {
  @TempDir Path dir;

  @Test
  void demoRunsVerifiesAProofAndWritesTokens() throws Exception {
    Path data = dir.resolve("data");
    Path log = dir.resolve("demo.log");
    int port = Processes.freePort();
    int p2p = Processes.freePort();
    Process demo = Processes.medledger(log, "demo", "--data", data.toString(), "--port", Integer.toString(port), "--p2p-port", Integer.toString(p2p), "--duration", "1").start();
    assertThat(demo.waitFor(120, TimeUnit.SECONDS)).isTrue();
    String out = Files.readString(log);
    assertThat(demo.exitValue()).as(out).isZero();
    assertThat(out).contains("VERIFIED", "refused by contract (already_anchored)", "demo stopped cleanly", "http://127.0.0.1:" + port);
    // the vault's node loss and erasure, each seen on the nodes' disks
    assertThat(out).contains("from the 3 shards still held", "rebuilds what it lacks from the others: 1 shard(s)",
        "on the four nodes' disks: 4 before, 0 after", "410 erased", "checked offline: VERIFIED");
    JsonNode tokens = new ObjectMapper().readTree(data.resolve("demo-tokens.json").toFile());
    assertThat(tokens.has("regulator")).isTrue();
    assertThat(tokens.has("hospital-a-admin")).isTrue();
    assertThat(tokens.has("patient-1")).isTrue();

    Path verifyLog = dir.resolve("verify.log");
    Process ok = Processes.medledger(verifyLog, "verify", data.resolve("sample-proof.json").toString(),
        "--genesis", data.resolve("network/genesis.json").toString()).start();
    assertThat(ok.waitFor()).as(Files.readString(verifyLog)).isZero();
    assertThat(Files.readString(verifyLog)).contains("VERIFIED");

    String proof = Files.readString(data.resolve("sample-proof.json"));
    JsonNode p = new ObjectMapper().readTree(proof);
    String path0 = p.get("auditPath").get(0).asText();
    Files.writeString(dir.resolve("bad.json"), proof.replace(path0, path0.substring(0, 63) + (path0.charAt(63) == '0' ? '1' : '0')));
    Path badLog = dir.resolve("bad.log");
    Process bad = Processes.medledger(badLog, "verify", dir.resolve("bad.json").toString(), "--genesis", data.resolve("network/genesis.json").toString()).start();
    assertThat(bad.waitFor()).isEqualTo(1);
    assertThat(Files.readString(badLog)).contains("FAILED check 'auditPath'");

    // Receipts (transaction and state) verify from the command line; one changed character fails.
    String genesis = data.resolve("network/genesis.json").toString();
    for (String file : new String[] {"sample-receipt.json", "sample-state-receipt.json"}) {
      Path l = dir.resolve(file + ".log");
      Process p2 = Processes.medledger(l, "verify", data.resolve(file).toString(), "--genesis", genesis).start();
      assertThat(p2.waitFor()).as(Files.readString(l)).isZero();
      String receipt = Files.readString(data.resolve(file));
      String root = new ObjectMapper().readTree(receipt).get("signedHeader").get("stateRoot").asText();
      Files.writeString(dir.resolve("bad-" + file), receipt.replace(root, (root.charAt(0) == 'a' ? "b" : "a") + root.substring(1)));
      Process p3 = Processes.medledger(l, "verify", dir.resolve("bad-" + file).toString(), "--genesis", genesis).start();
      assertThat(p3.waitFor()).as(Files.readString(l)).isEqualTo(1);
      assertThat(Files.readString(l)).contains("FAILED check");
    }
    Path scanLog = dir.resolve("scan.log");
    Process scan = Processes.medledger(scanLog, "receipt", "scan", data.resolve("sample-receipt.png").toString(),
        "--receipt", data.resolve("sample-receipt.json").toString(), "--genesis", genesis).start();
    assertThat(scan.waitFor()).as(Files.readString(scanLog)).isZero();
    assertThat(Files.readString(scanLog)).contains("medledger:receipt:v1?sha=", "VERIFIED");

    // A second run reuses the data folder and the chain it holds.
    Process again = Processes.medledger(log, "demo", "--data", data.toString(), "--port", Integer.toString(port), "--p2p-port", Integer.toString(p2p), "--duration", "1").start();
    assertThat(again.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(again.exitValue()).as(Files.readString(log)).isZero();
    assertThat(Files.readString(log)).contains("reusing the network");
  }

  @Test
  void networkInitWritesGenesisCertificatesAndConfigsAndRefusesToOverwrite() throws Exception {
    Path out = dir.resolve("net");
    Path log = dir.resolve("init.log");
    Process p = Processes.medledger(log, "network", "init", "--orgs", "hospital-a,hospital-b,insurer,regulator", "--out", out.toString(), "--suite", "gm").start();
    assertThat(p.waitFor()).as(Files.readString(log)).isZero();
    JsonNode g = new ObjectMapper().readTree(out.resolve("genesis.json").toFile());
    assertThat(g.get("suite").asText()).isEqualTo("gm");
    assertThat(g.get("organisations")).hasSize(4);
    assertThat(out.resolve("hospital-a/node/node.json")).exists();
    assertThat(out.resolve("regulator/users/admin/key.pem")).exists();
    Process again = Processes.medledger(log, "network", "init", "--orgs", "x", "--out", out.toString()).start();
    assertThat(again.waitFor()).isNotZero();
    assertThat(Files.readString(log)).contains("already exists");
  }
}
