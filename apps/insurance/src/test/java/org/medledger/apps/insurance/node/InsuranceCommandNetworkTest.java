package org.medledger.apps.insurance.node;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medledger.apps.records.contract.patient.CareRegistration;
import org.medledger.apps.records.contract.patient.PatientId;
import org.medledger.client.ClientIdentity;
import org.medledger.client.MedLedgerClient;
import org.medledger.crypto.Hex;
import org.medledger.crypto.x509.Role;
import org.medledger.node.BftTestNetwork;
import org.medledger.node.RunningValidators;

/**
 * {@code medledger insurance …} for what the REST API offers beyond billing and paying, on a real
 * 4-validator network: an insurer publishes a product from a JSON schedule (a fractional amount
 * refused naming the field) and issues policies; lists follow the routes' pages; the assessor
 * denies a pended claim (approving it after is refused); the hospital withdraws a claim; the holder
 * signs a transfer that the insurer submits; renewal and cancellation show in the policy's history;
 * a claim with no evidence has none to read.
 */
class InsuranceCommandNetworkTest {
  private static final Pattern SUBMITTED = Pattern.compile("(\\w+) ([0-9a-f]{64}) committed at height");

  @TempDir
  Path dir;

  @Test
  void productsPoliciesDecisionsAndTransfersFromTheCommandLine() throws Exception {
    BftTestNetwork net = new BftTestNetwork(dir, "intl", List.of(BftTestNetwork.HOSPITAL, BftTestNetwork.HOSPITAL,
        BftTestNetwork.INSURER, BftTestNetwork.REGULATOR));
    BftTestNetwork.Member drA = net.member(0, "dr-a", Role.CLINICIAN);
    BftTestNetwork.Member assessor = net.member(2, "assessor", Role.INSURER);
    BftTestNetwork.Member alice = net.member(0, "patient-1", Role.PATIENT);
    BftTestNetwork.Member bob = net.member(0, "patient-2", Role.PATIENT);
    String today = LocalDate.now(ZoneOffset.UTC).toString();
    String nextYear = LocalDate.now(ZoneOffset.UTC).plusYears(1).toString();
    try (RunningValidators running = RunningValidators.start(net)) {
      for (BftTestNetwork.Member m : List.of(drA, assessor, alice, bob)) {
        running.commit(net.register(m));
      }
      PatientId aliceId = PatientId.of(net.suite.hash(), alice.keys().getPublic().getEncoded());
      PatientId bobId = PatientId.of(net.suite.hash(), bob.keys().getPublic().getEncoded());
      for (var p : List.of(alice, bob)) {
        PatientId id = p == alice ? aliceId : bobId;
        running.commit(net.tx(drA, "patients", "register", "publicKey", Hex.encode(p.keys().getPublic().getEncoded()),
            "signature", CareRegistration.sign(p.signer(), net.genesis.chainId(), id, "org-0")));
      }
      String apiA = "http://127.0.0.1:" + running.node(0).apiPort();
      String apiI = "http://127.0.0.1:" + running.node(2).apiPort();
      String[] asAssessor = {"--api", apiI, "--identity", identity(assessor).toString()};
      String[] asDrA = {"--api", apiA, "--identity", identity(drA).toString()};
      String[] asAlice = {"--api", apiA, "--identity", identity(alice).toString()};
      String[] asBob = {"--api", apiA, "--identity", identity(bob).toString()};

      // A schedule with a fractional deductible is refused naming the field; nothing is submitted.
      Path wrong = Files.writeString(dir.resolve("wrong.json"), "{\"currency\": \"EUR\", \"deductible\": 100.5,"
          + " \"coinsuranceBps\": 2000, \"benefits\": [{\"category\": \"surgery\"}]}");
      Cli refused = cli(args(asAssessor, "product", "publish", "surgical", wrong.toString()));
      assertThat(refused.exit()).isEqualTo(1);
      assertThat(refused.err()).contains("deductible").contains("not a whole number");
      Path terms = Files.writeString(dir.resolve("surgical.json"), "{\"currency\": \"EUR\", \"deductible\": 0,"
          + " \"coinsuranceBps\": 2000, \"benefits\": [{\"category\": \"surgery\", \"codes\": [], \"perServiceLimit\": 0}],"
          + " \"pendThreshold\": 100000, \"assessorDeadlineHours\": 72}");
      assertThat(ok(cli(args(asAssessor, "product", "publish", "surgical", terms.toString())))).startsWith("product");

      String policy = id(ok(cli(args(asAssessor, "policy", "issue", "--product", "surgical", "--patient",
          aliceId.value().hex(), "--start", today, "--end", nextYear))));
      String bobsOwn = id(ok(cli(args(asAssessor, "policy", "issue", "--product", "surgical", "--patient",
          bobId.value().hex(), "--start", today, "--end", nextYear, "--group", "acme-staff"))));
      // The list route pages; the command follows every page.
      MedLedgerClient insurer = new MedLedgerClient(apiI);
      insurer.login(new ClientIdentity(net.suite, assessor.certificate(), assessor.keys().getPrivate()));
      JsonNode first = insurer.get("v1/insurance/policies?limit=1");
      assertThat(first.path("policies")).hasSize(1);
      JsonNode second = insurer.get("v1/insurance/policies?limit=1&cursor=" + first.get("next").asText());
      assertThat(second.path("policies")).hasSize(1);
      assertThat(second.path("next").isNull()).isTrue();
      assertThat(ok(cli(args(asAssessor, "policy", "list")))).contains(policy).contains(bobsOwn);
      assertThat(ok(cli(args(asAlice, "policy", "list")))).contains(policy).doesNotContain(bobsOwn);

      Path big = Files.writeString(dir.resolve("big.json"), claim(policy, "KNEE-01", 800_000, today));
      Path small = Files.writeString(dir.resolve("small.json"), claim(policy, "SUTURE-01", 5_000, today));
      String pended = id(ok(cli(args(asDrA, "bill", big.toString()))));
      String plain = id(ok(cli(args(asDrA, "bill", small.toString()))));
      assertThat(ok(cli(args(asAssessor, "claims", "--status", "pended")))).contains(pended).doesNotContain(plain);
      ok(cli(args(asAssessor, "deny", pended, "--reason", "not medically necessary")));
      Cli late = cli(args(asAssessor, "approve", pended, "--reason", "second thoughts"));
      assertThat(late.exit()).isEqualTo(1);
      assertThat(late.out() + late.err()).contains("invalid_transition");
      ok(cli(args(asDrA, "withdraw", plain)));
      assertThat(ok(cli(args(asAlice, "claim", plain)))).contains(": withdrawn");
      Cli noEvidence = cli(args(asAssessor, "evidence", plain, "1"));
      assertThat(noEvidence.exit()).isEqualTo(1);
      assertThat(noEvidence.err()).contains("cites 0 record(s)");

      // The holder signs the transfer to Bob; the insurer submits it; Bob sees the policy now.
      String signature = ok(cli(args(asAlice, "policy", "sign-transfer", policy, "--new-holder", bobId.value().hex()))).strip();
      Cli forged = cli(args(asAssessor, "policy", "transfer", policy, "--new-holder", bobId.value().hex(), "--holder-signature",
          "00".repeat(64)));
      assertThat(forged.exit()).isEqualTo(1);
      assertThat(forged.out() + forged.err()).contains("invalid_signature");
      ok(cli(args(asAssessor, "policy", "transfer", policy, "--new-holder", bobId.value().hex(), "--holder-signature",
          signature)));
      ok(cli(args(asAssessor, "policy", "renew", policy, "--end", LocalDate.now(ZoneOffset.UTC).plusYears(2).toString())));
      ok(cli(args(asAssessor, "policy", "cancel", policy, "--reason", "non-payment of premium")));
      String shown = ok(cli(args(asBob, "policy", "show", policy)));
      assertThat(shown).contains(": cancelled").contains("holder " + bobId.value().hex());
      assertThat(shown).contains("issued at height").contains("transferred at height").contains("renewed at height")
          .contains("cancelled at height");
    }
  }

  record Cli(int exit, String out, String err) {}

  private static String ok(Cli c) {
    assertThat(c.exit()).as(c.out() + c.err()).isZero();
    return c.out();
  }

  private static String id(String out) {
    Matcher m = SUBMITTED.matcher(out);
    assertThat(m.find()).as(out).isTrue();
    return m.group(2);
  }

  private static String[] args(String[] caller, String... command) {
    String[] all = new String[command.length + caller.length];
    int split = command[0].equals("product") || command[0].equals("policy") ? 2 : 1;
    System.arraycopy(command, 0, all, 0, split);
    System.arraycopy(caller, 0, all, split, caller.length);
    System.arraycopy(command, split, all, split + caller.length, command.length - split);
    return all;
  }

  private static String claim(String policy, String code, long amount, String day) {
    return "{\"policy\": \"" + policy + "\", \"currency\": \"EUR\", \"lines\": [{\"category\": \"surgery\", \"code\": \"" + code
        + "\", \"quantity\": 1, \"unitAmount\": " + amount + ", \"dateOfService\": \"" + day + "\"}]}";
  }

  /** Runs {@code medledger insurance …} as the CLI adds it, capturing what it prints. */
  private static synchronized Cli cli(String... args) {
    java.io.PrintStream out = System.out;
    java.io.PrintStream err = System.err;
    var o = new java.io.ByteArrayOutputStream();
    var e = new java.io.ByteArrayOutputStream();
    try {
      System.setOut(new java.io.PrintStream(o, true, StandardCharsets.UTF_8));
      System.setErr(new java.io.PrintStream(e, true, StandardCharsets.UTF_8));
      int exit = new picocli.CommandLine(new InsuranceCommand()).execute(args);
      return new Cli(exit, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(out);
      System.setErr(err);
    }
  }

  private Path identity(BftTestNetwork.Member m) throws java.io.IOException {
    Path folder = dir.resolve("identities").resolve(m.name());
    Files.createDirectories(folder);
    Files.writeString(folder.resolve("cert.pem"), org.medledger.crypto.x509.Pem.certificate(m.certificate()));
    Files.writeString(folder.resolve("key.pem"), org.medledger.crypto.x509.Pem.privateKey(m.keys().getPrivate()));
    return folder;
  }
}
