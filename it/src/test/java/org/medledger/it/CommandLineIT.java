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
    // The second run below binds the same ports again; the governance chapter's fifth validator takes p2p + 4 and + 5.
    int port = Processes.freePortBlock(10);
    int p2p = port + 4;
    Process demo = Processes.medledger(log, "demo", "--data", data.toString(), "--port", Integer.toString(port), "--p2p-port", Integer.toString(p2p), "--duration", "1").start();
    assertThat(demo.waitFor(240, TimeUnit.SECONDS)).isTrue();
    String out = Files.readString(log);
    assertThat(demo.exitValue()).as(out).isZero();
    assertThat(out).contains("VERIFIED", "refused by contract (already_anchored)", "demo stopped cleanly", "API https://127.0.0.1:" + port);
    // the vault's node loss and erasure, each seen on the nodes' disks
    assertThat(out).contains("from the 3 shards still held", "rebuilds what it lacks from the others: 1 shard(s)",
        "on the four nodes' disks: 4 before, 0 after", "410 erased", "checked offline: VERIFIED");
    // the insurance chapter: billed directly, 80 % after the deductible, the cosmetic line not covered with its reason,
    // a large claim pended and approved, the insurer pays, then hospital-b's rebill of a paid line is refused
    assertThat(out).contains("adjudicated: Billed 1380.00 EUR; paid by your insurer 704.00 EUR; you owe 676.00 EUR.",
        "line 3 COSMETIC-01: not covered (excluded)", "pended: ", "approved: Billed 8000.00 EUR; paid by your insurer 6400.00 EUR",
        "is now paid", "refused by contract (already_paid)", "was already paid by insurer",
        "line 3 COSMETIC-01 on ", "FAILED check 'figures': line 3 youOwe");
    assertThat(out.indexOf("the insurer pays hospital-a 7104.00 EUR")).isPositive().isLessThan(out.indexOf("(already_paid)"));
    // The credentials chapter: dr-chen breaks the glass while licensed, then, suspended, her node refuses her with the
    // gate's reason; dr-wang's credential code verifies offline, dr-chen's does not.
    assertThat(out).contains("the board enforces 'break-glass'", "the board enforces 'record-care'",
        "the board suspends dr-chen's licence MB-1002", "refused by her node, 403 refused: dr-chen of hospital-b may not"
        + " break-glass: the credential (regulator licence MB-1002) is suspended at this block (credential_suspended)",
        "checked offline, the genesis alone, as scanned from the image: VALID Physician licence MB-1001 of regulator for"
        + " hospital-a",
        "dr-chen's, with a fresh status snapshot: INVALID suspended: Physician licence MB-1002");
    assertThat(out.indexOf("licensed for break-glass, breaks the glass for patient-1's ECG: served"))
        .isPositive().isLessThan(out.indexOf("the board suspends dr-chen's licence"));
    assertThat(data.resolve("sample-credential-qr.png")).as("the compact code fits one QR code").exists();
    // The care chapter: a plan of two versions and a goal by licensed dr-wang, suspended dr-chen refused, two milestones,
    // one shared with the insurer, who reads it alone, as the patient's audit shows.
    assertThat(out).contains("records it as version 1 of her plan: committed", "version 2 follows it, the first kept as it was:"
        + " committed", "records a follow-up for patient-1: refused by contract (credential_suspended",
        "dr-wang records her discharge, a milestone of the plan: committed", "dr-wang records her goal achieved: committed",
        "the insurer (assessor) reads the discharge: discharge by hospital-a's clinician",
        "basis shared; not the plan nor any record behind it", "the insurer asks for her goal-achieved milestone: refused, 403",
        "the insurer was served 1 look, milestone ", "(1 entry), which is the discharge; refused 2");
    JsonNode tokens = new ObjectMapper().readTree(data.resolve("demo-tokens.json").toFile());
    assertThat(tokens.has("assessor")).isTrue();
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
    for (String file : new String[] {"sample-receipt.json", "sample-state-receipt.json", "sample-milestone-receipt.json"}) {
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
    // The safety chapter: a home monitor's readings anchored and one proven (an altered copy fails); two reports on a
    // lot raise the regulator's signal and the recall lists its holders and the consenting patient; both receipts
    // verify from the command line.
    assertThat(out).contains("dr-wang assigns the monitor to her: committed", "6 signed readings to hospital-a's gateway",
        "the same receipt with the value lowered to 121: FAILED", "the regulator's counts: 1 report on the lot, no signal yet",
        "the ledger raises the signal: lot 09506000134352/L2026A reached 2 of threshold 2", "holder: pharmacy-1, 95 pack(s)",
        "patients to reach: patient-1 (", "without contact consent, reached through their pharmacy: 1");
    for (String file : new String[] {"sample-device-reading-receipt.json", "sample-adverse-event-receipt.json"}) {
      Path l = dir.resolve(file + ".log");
      Process p4 = Processes.medledger(l, "verify", data.resolve(file).toString(), "--genesis", genesis).start();
      assertThat(p4.waitFor()).as(Files.readString(l)).isZero();
      assertThat(Files.readString(l)).contains("VERIFIED");
    }
    // The governance chapter (issue 24 item 6): a member voted in, a validator's certificate rotated, a parameter
    // changed on every node; its receipt, sealed with the rotated key, verifies from the original genesis by the
    // transition it carries, and fails without it (the genesis names no such key).
    assertThat(out).contains("insurer-2 is a member on every node", "hospital-a-node yes, hospital-b-node yes, insurer-node yes, regulator-node yes",
        "insurer-2-node starts in this process at height ", ", catches up by block sync to height ", "insurer-2-node's seal is on block ",
        "regulator-node seals with its new key from height ", "carries the seal of regulator-node's new key",
        "blockIntervalMillis in force on every node: hospital-a-node 100 ms, hospital-b-node 100 ms, insurer-node 100 ms, regulator-node 100 ms, insurer-2-node 100 ms",
        "checked offline from the original genesis: VERIFIED", "validator-set transitions walked from the genesis: 2 (to heights [");
    assertThat(out).doesNotContain("does NOT carry", "seal is on block NONE");
    Path governanceReceipt = data.resolve("sample-governance-receipt.json");
    Path govLog = dir.resolve("governance-receipt.log");
    Process gov = Processes.medledger(govLog, "verify", governanceReceipt.toString(), "--genesis", genesis).start();
    assertThat(gov.waitFor()).as(Files.readString(govLog)).isZero();
    assertThat(Files.readString(govLog)).contains("VERIFIED", "reached from the genesis through 2 proven validator-set changes");
    com.fasterxml.jackson.databind.node.ObjectNode withoutTransitions =
        (com.fasterxml.jackson.databind.node.ObjectNode) new ObjectMapper().readTree(governanceReceipt.toFile());
    withoutTransitions.remove("validatorTransitions");
    Files.writeString(dir.resolve("no-transitions.json"), withoutTransitions.toPrettyString());
    Process cut = Processes.medledger(govLog, "verify", dir.resolve("no-transitions.json").toString(), "--genesis", genesis).start();
    assertThat(cut.waitFor()).as(Files.readString(govLog)).isEqualTo(1);
    assertThat(Files.readString(govLog)).contains("FAILED check 'certificate'", "which is not a genesis validator");
    // The patient's EOB receipt verifies from the command line with its figures; a figure changed fails naming it.
    Path eob;
    try (var files = Files.list(data)) {
      eob = files.filter(f -> f.getFileName().toString().startsWith("eob-")).findFirst().orElseThrow();
    }
    Path eobLog = dir.resolve("eob.log");
    Process eobOk = Processes.medledger(eobLog, "verify", eob.toString(), "--genesis", genesis).start();
    assertThat(eobOk.waitFor()).as(Files.readString(eobLog)).isZero();
    assertThat(Files.readString(eobLog)).contains("VERIFIED: explanation of benefit of claim", ": paid (payment ",
        "line 1 WARD-DAY on ", "covered; billed 900.00 EUR, paid by insurer 640.00 EUR, you owe 260.00 EUR",
        "total: Billed 1380.00 EUR; paid by your insurer 704.00 EUR; you owe 676.00 EUR.");
    Files.writeString(dir.resolve("bad-eob.json"), Files.readString(eob).replaceFirst("\"paidByInsurer\" : 64000", "\"paidByInsurer\" : 80000"));
    Process eobBad = Processes.medledger(eobLog, "verify", dir.resolve("bad-eob.json").toString(), "--genesis", genesis).start();
    assertThat(eobBad.waitFor()).as(Files.readString(eobLog)).isEqualTo(1);
    assertThat(Files.readString(eobLog)).contains("FAILED check 'figures': line 1 paidByInsurer (figures.lines[0].paidByInsurer):"
        + " the receipt says 80000, the claim the ledger holds says 64000");
    // The credential's code text verifies from the command line, offline, as the demo prints.
    Path credentialLog = dir.resolve("credential.log");
    Process credential = Processes.medledger(credentialLog, "credential", "verify", data.resolve("sample-credential-qr.txt")
        .toString(), "--genesis", genesis).start();
    assertThat(credential.waitFor()).as(Files.readString(credentialLog)).isZero();
    assertThat(Files.readString(credentialLog)).contains("VALID Physician licence MB-1001 of regulator");
    Path scanLog = dir.resolve("scan.log");
    Process scan = Processes.medledger(scanLog, "receipt", "scan", data.resolve("sample-receipt.png").toString(),
        "--receipt", data.resolve("sample-receipt.json").toString(), "--genesis", genesis).start();
    assertThat(scan.waitFor()).as(Files.readString(scanLog)).isZero();
    assertThat(Files.readString(scanLog)).contains("medledger:receipt:v1?sha=", "VERIFIED");

    // A second run reuses the data folder and the chain it holds; its log (standard error), kept apart from what it
    // prints for people, is JSON lines with no secret in them (DemoLogCheck).
    Path againOut = dir.resolve("again.out");
    Path againErr = dir.resolve("again.err");
    ProcessBuilder againRun = Processes.medledger(null, "demo", "--data", data.toString(), "--port", Integer.toString(port),
        "--p2p-port", Integer.toString(p2p), "--duration", "1");
    againRun.redirectErrorStream(false).redirectOutput(againOut.toFile()).redirectError(againErr.toFile());
    againRun.environment().remove("MEDLEDGER_LOG_FORMAT");
    Process again = againRun.start();
    assertThat(again.waitFor(180, TimeUnit.SECONDS)).isTrue();
    assertThat(again.exitValue()).as(Files.readString(againOut) + Files.readString(againErr)).isZero();
    assertThat(Files.readString(againOut)).contains("reusing the network", "were played on this network's first run",
        "insurer-2-node     API https://127.0.0.1:" + (p2p + 5), "demo stopped cleanly");
    DemoLogCheck.assertJsonLinesWithoutSecrets(Files.readString(againErr), data);
  }

  /**
   * Issue 20 finding 4, end to end as an operator runs it: `network init` writes the API's HTTPS
   * certificate and a private key no one else can read; `node start` serves HTTPS only; `tx submit`
   * reaches it with --api https://… --genesis, and not in clear.
   */
  @Test
  void theCommandLineTalksToANodeOverHttpsCheckedAgainstTheGenesis() throws Exception {
    Path net = dir.resolve("tlsnet");
    Path log = dir.resolve("tls.log");
    int port = Processes.freePort();
    Process init = Processes.medledger(log, "network", "init", "--orgs", "hospital-a,regulator", "--validators", "hospital-a",
        "--out", net.toString(), "--api-port", Integer.toString(port)).start();
    assertThat(init.waitFor()).as(Files.readString(log)).isZero();
    Path apiDir = net.resolve("hospital-a/node/api");
    assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(apiDir))).isEqualTo("rwx------");
    assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(apiDir.resolve("key.pem"))))
        .isEqualTo("rw-------");
    JsonNode cfg = new ObjectMapper().readTree(net.resolve("hospital-a/node/node.json").toFile()).get("api");
    assertThat(cfg.get("tls").get("certificate").asText()).isEqualTo("api/cert.pem");
    assertThat(cfg.get("publicUrl").asText()).isEqualTo("https://127.0.0.1:" + port);
    Process node = Processes.medledger(log, Processes.CLIENT_COMPILER_ONLY, "node", "start", "--config", net.resolve("hospital-a/node/node.json").toString()).start();
    try {
      String genesis = net.resolve("genesis.json").toString();
      String admin = net.resolve("hospital-a/users/admin").toString();
      String pem = Files.readString(net.resolve("hospital-a/users/admin/cert.pem"));
      long deadline = System.currentTimeMillis() + 60_000;
      int registered;
      do {
        Thread.sleep(500);
        assertThat(node.isAlive()).as(Files.readString(log)).isTrue();
        registered = Processes.medledger(log, "tx", "submit", "--api", "https://127.0.0.1:" + port, "--genesis", genesis,
            "--node", "hospital-a-node", "--identity", admin, "--contract", "membership", "--method", "register",
            "--arg", "certificate=" + pem).start().waitFor();
      } while (registered != 0 && System.currentTimeMillis() < deadline);
      assertThat(registered).as(Files.readString(log)).isZero();
      assertThat(Files.readString(log)).contains("serving https://127.0.0.1:" + port);
      String hash = "ab".repeat(32);
      Process anchor = Processes.medledger(log, "tx", "submit", "--api", "https://localhost:" + port, "--genesis", genesis,
          "--identity", admin, "--contract", "notary", "--method", "anchor", "--arg", "hash=" + hash, "--arg", "type=lab-report").start();
      assertThat(anchor.waitFor()).as(Files.readString(log)).isZero();
      // In clear: the node answers no HTTP on its HTTPS port, and the command fails.
      Path plainLog = dir.resolve("plain.log");
      Process plain = Processes.medledger(plainLog, "tx", "submit", "--api", "http://127.0.0.1:" + port, "--identity", admin,
          "--contract", "notary", "--method", "anchor", "--arg", "hash=" + "cd".repeat(32), "--arg", "type=lab-report").start();
      assertThat(plain.waitFor()).isNotZero();
      // Without the genesis there is nothing to check the server against: refused before connecting.
      Path noGenesisLog = dir.resolve("nogenesis.log");
      Process noGenesis = Processes.medledger(noGenesisLog, "tx", "submit", "--api", "https://127.0.0.1:" + port, "--identity", admin,
          "--contract", "notary", "--method", "anchor", "--arg", "hash=" + "ef".repeat(32), "--arg", "type=lab-report").start();
      assertThat(noGenesis.waitFor()).isNotZero();
      assertThat(Files.readString(noGenesisLog)).contains("--genesis");
    } finally {
      node.destroy();
      node.waitFor(30, TimeUnit.SECONDS);
    }
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
    // A gm network's API certificate is P-256 (the JDK's TLS has no SM2), issued by the SM2 CA.
    assertThat(out.resolve("hospital-a/node/api/key.pem")).exists();
    Process again = Processes.medledger(log, "network", "init", "--orgs", "x", "--out", out.toString()).start();
    assertThat(again.waitFor()).isNotZero();
    assertThat(Files.readString(log)).contains("already exists");
  }
}
