package org.medledger.apps.insurance.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.medledger.apps.insurance.node.InsuranceRequests.claimBody;
import static org.medledger.apps.insurance.node.InsuranceRequests.line;
import static org.medledger.apps.insurance.node.InsuranceRequests.signed;
import static org.medledger.apps.insurance.node.InsuranceRequests.error;
import static org.medledger.apps.insurance.node.InsuranceRequests.login;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medledger.apps.insurance.contract.Benefit;
import org.medledger.apps.insurance.contract.ClaimLine;
import org.medledger.apps.insurance.contract.ProductTerms;
import org.medledger.client.ApiException;
import org.medledger.client.MedLedgerClient;
import org.medledger.apps.records.contract.patient.CareRegistration;
import org.medledger.apps.records.contract.patient.PatientId;
import org.medledger.core.tx.Transaction;
import org.medledger.crypto.Hash;
import org.medledger.crypto.Hex;
import org.medledger.node.BftTestNetwork;
import org.medledger.node.RunningValidators;
import org.medledger.crypto.x509.Role;

/**
 * Issue 15's REST interface on a real 4-validator network (two hospitals, an insurer, a
 * regulator): a clinician bills through her node, which hashes the lines itself; reads by role,
 * a member of another organisation finding nothing; bad input named; a cheating second hospital
 * that signs claims itself is caught: a line it bills under an invented hash is refused payment by
 * the insurer's node naming the line, and the same line under its true hash, once paid, is refused
 * by the contract.
 */
class InsuranceApiNetworkTest {
  static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path dir;

  private RunningValidators running;

  @Test
  void billReadPayAndTheCheatingHospitalIsCaught() throws Exception {
    BftTestNetwork net = new BftTestNetwork(dir, "intl", List.of(BftTestNetwork.HOSPITAL, BftTestNetwork.HOSPITAL,
        BftTestNetwork.INSURER, BftTestNetwork.REGULATOR));
    BftTestNetwork.Member drA = net.member(0, "dr-a", Role.CLINICIAN);
    BftTestNetwork.Member adminA = net.member(0, "admin-a", Role.ADMIN);
    BftTestNetwork.Member drB = net.member(1, "dr-b", Role.CLINICIAN);
    BftTestNetwork.Member assessor = net.member(2, "assessor", Role.INSURER);
    BftTestNetwork.Member auditor = net.member(3, "auditor", Role.REGULATOR);
    BftTestNetwork.Member patient = net.member(0, "patient-1", Role.PATIENT);
    String today = LocalDate.now(ZoneOffset.UTC).toString();
    try (RunningValidators running = RunningValidators.start(net)) {
      this.running = running;
      for (BftTestNetwork.Member m : List.of(drA, adminA, drB, assessor, auditor, patient)) {
        running.commit(net.register(m));
      }
      PatientId pid = PatientId.of(net.suite.hash(), patient.keys().getPublic().getEncoded());
      for (var by : List.of(drA, drB)) {
        String org = by == drA ? "org-0" : "org-1";
        running.commit(net.tx(by, "patients", "register", "publicKey", Hex.encode(patient.keys().getPublic().getEncoded()),
            "signature", CareRegistration.sign(patient.signer(), net.genesis.chainId(), pid, org)));
      }
      MedLedgerClient asDrA = login(running, 0, drA);
      MedLedgerClient asAdminA = login(running, 0, adminA);
      MedLedgerClient asDrBOnA = login(running, 0, drB);
      MedLedgerClient asDrB = login(running, 1, drB);
      MedLedgerClient asAssessor = login(running, 2, assessor);
      MedLedgerClient asAuditor = login(running, 3, auditor);
      MedLedgerClient asPatient = login(running, 0, patient);
      LineHashSalt salt = new LineHashSalt(Files.readAllBytes(net.configs.get(0).dataDir().resolve("secrets")
          .resolve(LineHashSalt.FILE)), net.suite.hash());

      // The insurer publishes a product and issues the patient a policy through its own node.
      ProductTerms product = new ProductTerms("EUR", 10_000, 2_000, 0, 0, List.of(new Benefit("inpatient", new TreeSet<>(), 0)),
          new TreeSet<>(Set.of("COSMETIC-01")), new TreeSet<>(), 0, 72);
      committed(asAssessor.post("v1/insurance/products", signed(net.tx(assessor, "insurance", "publishProduct",
          "product", "basic", "terms", Hex.encode(product.encode())))));
      String policy = committed(asAssessor.post("v1/insurance/policies", signed(net.tx(assessor, "insurance",
          "issuePolicy", "product", "basic", "patient", pid.value().hex(), "start", today,
          "end", LocalDate.now(ZoneOffset.UTC).plusYears(1).toString()))));
      // A signed transaction of another method on a route is refused naming it; a path id not the argument's too.
      assertThat(error(() -> asAssessor.post("v1/insurance/products", signed(net.tx(assessor, "insurance", "renewPolicy",
          "policy", policy, "end", today))))).contains("400").contains("takes insurance.publishProduct, not insurance.renewPolicy");
      assertThat(error(() -> asAssessor.post("v1/insurance/policies/" + "ab".repeat(32) + "/renew", signed(net.tx(assessor,
          "insurance", "renewPolicy", "policy", policy, "end", today))))).contains("400").contains("is not the policy of the path");

      // Hospital A's clinician bills through her node, sending no hashes: the node computes them.
      ObjectNode claim = claimBody(policy, line("inpatient", "WARD-DAY", 2, 30_000, today), line("inpatient", "COSMETIC-01", 1,
          50_000, today));
      String claimId = committed(asDrA.post("v1/insurance/claims", claim));
      JsonNode seen = asDrA.get("v1/insurance/claims/" + claimId);
      assertThat(seen.get("status").asText()).isEqualTo("adjudicated");
      assertThat(seen.path("lines").path(0).path("lineHash").asText())
          .isEqualTo(salt.lineHash(pid.value(), "org-0", today, "WARD-DAY").hex());
      assertThat(seen.path("lines").path(0).path("provider").asText()).isEqualTo("org-0");
      // The money in plain words: 600.00 + 500.00 billed; 100.00 deductible, then 80 % of 500.00; the cosmetic line excluded.
      assertThat(seen.path("money").path("inWords").asText())
          .isEqualTo("Billed 1100.00 EUR; paid by your insurer 400.00 EUR; you owe 700.00 EUR.");
      assertThat(seen.path("lines").path(1).path("reason").asText()).isEqualTo("excluded");
      assertThat(seen.path("lines").path(1).path("youOwe").asLong()).isEqualTo(50_000);

      // Bad input is named; a client-sent hash is refused; only the node's own clinicians bill through it.
      ObjectNode withHash = claimBody(policy, line("inpatient", "WARD-DAY", 1, 100, today));
      ((ObjectNode) withHash.get("lines").get(0)).put("lineHash", "00".repeat(32));
      assertThat(error(() -> asDrA.post("v1/insurance/claims", withHash))).contains("400").contains("lines[0].lineHash");
      ObjectNode fraction = claimBody(policy, line("inpatient", "WARD-DAY", 1, 100, today));
      ((ObjectNode) fraction.get("lines").get(0)).put("unitAmount", 1.5);
      assertThat(error(() -> asDrA.post("v1/insurance/claims", fraction))).contains("400").contains("lines[0].unitAmount");
      assertThat(error(() -> asDrA.post("v1/insurance/claims", claimBody("zz", line("inpatient", "X", 1, 1, today)))))
          .contains("400").contains("policy");
      assertThat(error(() -> asDrBOnA.post("v1/insurance/claims", claim))).contains("403");
      assertThat(error(() -> asAdminA.post("v1/insurance/claims", claim))).contains("403");
      assertThat(error(() -> asDrA.get("v1/insurance/claims?status=lost"))).contains("400").contains("status");

      // Reads by role: the insurer, the submitter and the patient see the claim; the regulator its metadata;
      // the other hospital nothing, as if it did not exist.
      assertThat(asAssessor.get("v1/insurance/claims/" + claimId).path("lines").size()).isEqualTo(2);
      assertThat(asPatient.get("v1/insurance/claims/" + claimId).path("money").path("youOwe").asLong()).isEqualTo(70_000);
      JsonNode metadata = asAuditor.get("v1/insurance/claims/" + claimId);
      assertThat(metadata.has("lines")).isFalse();
      assertThat(metadata.path("money").path("billed").asLong()).isEqualTo(110_000);
      assertThat(error(() -> asDrB.get("v1/insurance/claims/" + claimId))).contains("404");
      assertThat(error(() -> asDrB.get("v1/insurance/claims/" + "cd".repeat(32)))).contains("404");
      assertThat(asDrB.get("v1/insurance/claims").path("claims").size()).isZero();
      assertThat(asAssessor.get("v1/insurance/claims?status=adjudicated").path("claims").size()).isEqualTo(1);
      assertThat(asAssessor.get("v1/insurance/claims?status=paid").path("claims").size()).isZero();
      JsonNode patientsView = asPatient.get("v1/insurance/policies/" + policy);
      assertThat(patientsView.path("history").size()).isEqualTo(1);
      assertThat(patientsView.path("holder").isTextual()).isTrue();
      assertThat(patientsView.path("history").get(0).has("detail")).isTrue();
      // The regulator sees the policy's metadata and its history's shape, as on the portal: no holder, no details.
      JsonNode regulatorsView = asAuditor.get("v1/insurance/policies/" + policy);
      assertThat(regulatorsView.path("holder").isNull()).isTrue();
      assertThat(regulatorsView.path("history").size()).isEqualTo(1);
      assertThat(regulatorsView.path("history").get(0).has("detail")).isFalse();
      assertThat(regulatorsView.path("history").get(0).path("transaction").isTextual()).isTrue();
      JsonNode regulatorsList = asAuditor.get("v1/insurance/policies?status=active").path("policies");
      assertThat(regulatorsList.size()).isEqualTo(1);
      assertThat(regulatorsList.get(0).path("holder").isNull()).isTrue();
      assertThat(asAssessor.get("v1/insurance/policies?status=active").path("policies").get(0).path("holder").isTextual())
          .isTrue();
      assertThat(error(() -> asDrA.get("v1/insurance/policies/" + policy))).contains("404");

      // The cheating hospital B signs a claim itself: A's ward day under an invented hash (another day's).
      ClaimLine forged = new ClaimLine("inpatient", "WARD-DAY", 2, 30_000, today, "org-0",
          salt.lineHash(pid.value(), "org-0", "2000-01-01", "WARD-DAY"), List.of());
      Transaction forgedClaim = net.tx(drB, "insurance", "submitClaim", "policy", policy, "currency", "EUR", "lines",
          Hex.encode(ClaimLine.encode(List.of(forged))));
      String forgedId = committed(asDrB.submit(forgedClaim, true));
      assertThat(error(() -> asAssessor.post("v1/insurance/payments", signed(pay(net, assessor, forgedId, 24_000)))))
          .contains("422").contains("claim " + forgedId + " line 1:");

      String unknown = "cd".repeat(32);
      assertThat(error(() -> asAssessor.post("v1/insurance/payments", signed(pay(net, assessor, unknown, 1)))))
          .contains("409").contains("claim " + unknown + " is not on this node's ledger");

      // A payment lists the claims it pays, so its route serves health data: a refused request to it (here one without a
      // token) is filed in the insurer's node's refusal log; a policy's route (coverage, no fact about her health) is not.
      assertThat(running.node(2).healthDataRoutes()).contains("POST /v1/insurance/payments")
          .doesNotContain("GET /v1/insurance/policies", "POST /v1/insurance/policies");
      MedLedgerClient anonymous = new MedLedgerClient("http://127.0.0.1:" + running.node(2).apiPort());
      assertThat(error(() -> anonymous.post("v1/insurance/payments", signed(pay(net, assessor, claimId, 40_000)))))
          .contains("401");
      assertThat(error(() -> anonymous.get("v1/insurance/policies"))).contains("401");
      assertThat(running.node(2).refusalLog().page(0, 1000, "/v1/insurance/").entries())
          .extracting(e -> e.refusal().method() + " " + e.refusal().path(), e -> e.refusal().reason())
          .containsExactly(org.assertj.core.groups.Tuple.tuple("POST /v1/insurance/payments", "no_token"));

      // The insurer pays A's honest claim; then B billing the same line under its true hash is refused by the contract.
      committed(asAssessor.post("v1/insurance/payments", signed(pay(net, assessor, claimId, 40_000))));
      assertThat(asPatient.get("v1/insurance/claims/" + claimId).get("status").asText()).isEqualTo("paid");
      ClaimLine again = new ClaimLine("inpatient", "WARD-DAY", 2, 30_000, today, "org-0",
          salt.lineHash(pid.value(), "org-0", today, "WARD-DAY"), List.of());
      JsonNode twice = asDrB.submit(net.tx(drB, "insurance", "submitClaim", "policy", policy, "currency", "EUR", "lines",
          Hex.encode(ClaimLine.encode(List.of(again)))), true);
      assertThat(twice.path("outcome").path("success").asBoolean()).isFalse();
      assertThat(twice.path("outcome").path("code").asText()).isEqualTo("already_paid");

      // The CLI: the patient reads her claim in plain words; Dr A bills a claim from a file; the
      // insurer's pay of the forged claim is refused by its node, naming the line.
      String apiA = "http://127.0.0.1:" + running.node(0).apiPort();
      String apiI = "http://127.0.0.1:" + running.node(2).apiPort();
      Cli shown = cli("claim", claimId, "--api", apiA, "--identity", identityFolder(patient).toString());
      assertThat(shown.exit()).as(shown.err()).isZero();
      assertThat(shown.out()).contains("claim " + claimId + ": paid")
          .contains("Billed 1100.00 EUR; paid by your insurer 400.00 EUR; you owe 700.00 EUR.")
          .contains("line 2 COSMETIC-01 on " + today + ": excluded; billed 500.00 EUR, insurer pays 0.00 EUR, you owe 500.00 EUR");
      Path claimFile = dir.resolve("claim.json");
      Files.writeString(claimFile, claimBody(policy, line("inpatient", "XRAY-01", 1, 9_000, today)).toString());
      Cli billed = cli("bill", claimFile.toString(), "--api", apiA, "--identity", identityFolder(drA).toString());
      assertThat(billed.exit()).as(billed.out() + billed.err()).isZero();
      assertThat(billed.out()).startsWith("claim ").contains("committed at height");
      // The bill committed on hospital A's node; the list is read from the insurer's, which may apply that block a
      // moment later.
      long billedAt = running.node(0).ledger().height();
      long until = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(20);
      while (running.node(2).ledger().height() < billedAt && System.nanoTime() < until) {
        Thread.sleep(20);
      }
      Cli listed = cli("claims", "--status", "adjudicated", "--api", apiI, "--identity", identityFolder(assessor).toString());
      assertThat(listed.out()).contains(forgedId).contains(billed.out().substring(6, 70));
      Cli forgedPay = cli("pay", "--claims", forgedId, "--amount", "48000", "--currency", "EUR", "--reference", "SEPA-9",
          "--api", apiI, "--identity", identityFolder(assessor).toString());
      assertThat(forgedPay.exit()).isEqualTo(1);
      assertThat(forgedPay.err()).contains("line_hash_mismatch").contains("claim " + forgedId + " line 1");
    }
  }

  record Cli(int exit, String out, String err) {}

  /** Runs {@code medledger insurance …} as the CLI adds it, capturing what it prints. */
  private static synchronized Cli cli(String... args) {
    java.io.PrintStream out = System.out;
    java.io.PrintStream err = System.err;
    var o = new java.io.ByteArrayOutputStream();
    var e = new java.io.ByteArrayOutputStream();
    try {
      System.setOut(new java.io.PrintStream(o, true, java.nio.charset.StandardCharsets.UTF_8));
      System.setErr(new java.io.PrintStream(e, true, java.nio.charset.StandardCharsets.UTF_8));
      int exit = new picocli.CommandLine(new InsuranceApplication().commands().get(1)).execute(args);
      return new Cli(exit, o.toString(java.nio.charset.StandardCharsets.UTF_8), e.toString(java.nio.charset.StandardCharsets.UTF_8));
    } finally {
      System.setOut(out);
      System.setErr(err);
    }
  }

  private Path identityFolder(BftTestNetwork.Member m) throws java.io.IOException {
    Path folder = dir.resolve("identities").resolve(m.name());
    if (!Files.exists(folder)) {
      Files.createDirectories(folder);
      Files.writeString(folder.resolve("cert.pem"), org.medledger.crypto.x509.Pem.certificate(m.certificate()));
      Files.writeString(folder.resolve("key.pem"), org.medledger.crypto.x509.Pem.privateKey(m.keys().getPrivate()));
    }
    return folder;
  }

  /**
   * The rest of the lifecycle through the routes: a large claim pended, listed by status, approved
   * by the insurer's assessor while the other hospital's clinician can neither approve nor withdraw
   * it; a policy transferred only with its holder's own signature, then seen by the new holder;
   * cancelled by the insurer.
   */
  @Test
  void pendedClaimsApprovalTransferAndCancelThroughTheRoutes() throws Exception {
    BftTestNetwork net = new BftTestNetwork(dir, "intl", List.of(BftTestNetwork.HOSPITAL, BftTestNetwork.HOSPITAL,
        BftTestNetwork.INSURER, BftTestNetwork.REGULATOR));
    BftTestNetwork.Member drA = net.member(0, "dr-a", Role.CLINICIAN);
    BftTestNetwork.Member drB = net.member(1, "dr-b", Role.CLINICIAN);
    BftTestNetwork.Member assessor = net.member(2, "assessor", Role.INSURER);
    BftTestNetwork.Member alice = net.member(0, "patient-1", Role.PATIENT);
    BftTestNetwork.Member bob = net.member(0, "patient-2", Role.PATIENT);
    String today = LocalDate.now(ZoneOffset.UTC).toString();
    try (RunningValidators running = RunningValidators.start(net)) {
      this.running = running;
      for (BftTestNetwork.Member m : List.of(drA, drB, assessor, alice, bob)) {
        running.commit(net.register(m));
      }
      PatientId aliceId = PatientId.of(net.suite.hash(), alice.keys().getPublic().getEncoded());
      PatientId bobId = PatientId.of(net.suite.hash(), bob.keys().getPublic().getEncoded());
      for (var p : List.of(alice, bob)) {
        PatientId id = p == alice ? aliceId : bobId;
        running.commit(net.tx(drA, "patients", "register", "publicKey", Hex.encode(p.keys().getPublic().getEncoded()),
            "signature", CareRegistration.sign(p.signer(), net.genesis.chainId(), id, "org-0")));
      }
      MedLedgerClient asDrA = login(running, 0, drA);
      MedLedgerClient asDrB = login(running, 1, drB);
      MedLedgerClient asAssessor = login(running, 2, assessor);
      MedLedgerClient asAlice = login(running, 0, alice);
      MedLedgerClient asBob = login(running, 0, bob);

      ProductTerms product = new ProductTerms("EUR", 0, 2_000, 0, 0, List.of(new Benefit("surgery", new TreeSet<>(), 0)),
          new TreeSet<>(), new TreeSet<>(), 100_000, 72);
      committed(asAssessor.post("v1/insurance/products", signed(net.tx(assessor, "insurance", "publishProduct",
          "product", "surgical", "terms", Hex.encode(product.encode())))));
      String policy = committed(asAssessor.post("v1/insurance/policies", signed(net.tx(assessor, "insurance",
          "issuePolicy", "product", "surgical", "patient", aliceId.value().hex(), "start", today,
          "end", LocalDate.now(ZoneOffset.UTC).plusYears(1).toString()))));

      String claim = committed(asDrA.post("v1/insurance/claims", claimBody(policy, line("surgery", "KNEE-01", 1, 800_000, today))));
      assertThat(asAssessor.get("v1/insurance/claims?status=pended").path("claims").path(0).path("id").asText()).isEqualTo(claim);
      assertThat(asAssessor.get("v1/insurance/claims/" + claim).path("pendReason").asText()).contains("threshold");
      // The other hospital's clinician signs an approval and a withdrawal of A's claim: both refused by the contract.
      // (A clinician's role may not call approveClaim: refused at admission or by the runtime, never committed as done.)
      assertThat(refusal(() -> asDrB.post("v1/insurance/claims/" + claim + "/approve", signed(net.tx(drB, "insurance",
          "approveClaim", "claim", claim, "reason", "looks fine"))))).isNotEmpty();
      JsonNode withdrawByB = asDrB.post("v1/insurance/claims/" + claim + "/withdraw", signed(net.tx(drB, "insurance",
          "withdrawClaim", "claim", claim)));
      assertThat(withdrawByB.path("outcome").path("code").asText()).as(withdrawByB.toString()).isEqualTo("forbidden");
      assertThat(asAlice.get("v1/insurance/claims/" + claim).get("status").asText()).isEqualTo("pended");
      // Paging pinned to a height: page 1 answers the height it was read at; page 2 asked at it is read as the ledger
      // stood then, though both claims change and a third is billed in between.
      String small = committed(asDrA.post("v1/insurance/claims", claimBody(policy, line("surgery", "KNEE-02", 1, 10_000, today))));
      JsonNode page1 = asAssessor.get("v1/insurance/claims?limit=1");
      long readAt = page1.get("height").asLong();
      assertThat(page1.get("claims")).hasSize(1);
      String first = page1.path("claims").path(0).path("id").asText();
      assertThat(page1.get("next").asText()).isEqualTo(first);
      String second = first.equals(claim) ? small : claim;
      String secondThen = second.equals(claim) ? "pended" : "adjudicated";

      committed(asAssessor.post("v1/insurance/claims/" + claim + "/approve", signed(net.tx(assessor, "insurance",
          "approveClaim", "claim", claim, "reason", "operative report reviewed"))));
      JsonNode approved = asAlice.get("v1/insurance/claims/" + claim);
      assertThat(approved.get("status").asText()).isEqualTo("approved");
      assertThat(approved.get("decisionReason").asText()).isEqualTo("operative report reviewed");
      assertThat(approved.path("money").path("inWords").asText())
          .isEqualTo("Billed 8000.00 EUR; paid by your insurer 6400.00 EUR; you owe 1600.00 EUR.");
      committed(asDrA.post("v1/insurance/claims/" + small + "/withdraw", signed(net.tx(drA, "insurance", "withdrawClaim",
          "claim", small))));
      String later = committed(asDrA.post("v1/insurance/claims", claimBody(policy, line("surgery", "KNEE-03", 1, 10_000, today))));
      JsonNode page2 = asAssessor.get("v1/insurance/claims?limit=10&cursor=" + first + "&height=" + readAt);
      assertThat(page2.get("height").asLong()).isEqualTo(readAt);
      assertThat(page2.get("claims")).extracting(c -> c.get("id").asText()).containsExactly(second);
      assertThat(page2.path("claims").path(0).path("status").asText()).isEqualTo(secondThen);
      assertThat(page2.get("next").isNull()).isTrue();
      // At the head, the same cursor finds the second claim as it is now, and the later one if it sorts after the cursor.
      JsonNode now = asAssessor.get("v1/insurance/claims?limit=10&cursor=" + first);
      assertThat(now.get("height").asLong()).isGreaterThan(readAt);
      assertThat(now.get("claims").findValuesAsText("status")).contains(second.equals(claim) ? "approved" : "withdrawn");
      assertThat(now.get("claims").findValuesAsText("id").contains(later)).isEqualTo(later.compareTo(first) > 0);
      // Policies too, and a height the ledger has not reached or that is not one is refused naming it.
      JsonNode policiesThen = asAssessor.get("v1/insurance/policies?height=" + readAt);
      assertThat(policiesThen.get("height").asLong()).isEqualTo(readAt);
      assertThat(policiesThen.get("policies")).hasSize(1);
      assertThat(error(() -> asAssessor.get("v1/insurance/claims?height=" + (now.get("height").asLong() + 1000))))
          .contains("400").contains("is above the head");
      assertThat(error(() -> asAssessor.get("v1/insurance/policies?height=yesterday"))).contains("400")
          .contains("height: 'yesterday' is not a block height");

      // A transfer to Bob signed by Bob himself (not the holder) is refused; with Alice's signature it moves.
      assertThat(error(() -> asBob.get("v1/insurance/policies/" + policy))).contains("404");
      int version = asAlice.get("v1/insurance/policies/" + policy).get("version").asInt();
      Hash policyId = Hash.fromHex(policy);
      String wrong = Hex.encode(org.medledger.apps.insurance.contract.PolicyTransfer.sign(bob.signer(),
          net.genesis.signingChainId(), policyId, version, bobId.value(), ""));
      JsonNode refused = asAssessor.post("v1/insurance/policies/" + policy + "/transfer", signed(net.tx(assessor, "insurance",
          "transferPolicy", "policy", policy, "newHolder", bobId.value().hex(), "holderSignature", wrong)));
      assertThat(refused.path("outcome").path("code").asText()).as(refused.toString()).isEqualTo("invalid_signature");
      String right = Hex.encode(org.medledger.apps.insurance.contract.PolicyTransfer.sign(alice.signer(),
          net.genesis.signingChainId(), policyId, version, bobId.value(), ""));
      committed(asAssessor.post("v1/insurance/policies/" + policy + "/transfer", signed(net.tx(assessor, "insurance",
          "transferPolicy", "policy", policy, "newHolder", bobId.value().hex(), "holderSignature", right))));
      JsonNode moved = asBob.get("v1/insurance/policies/" + policy);
      assertThat(moved.get("holder").asText()).isEqualTo(bobId.value().hex());
      assertThat(moved.get("history").size()).isEqualTo(2);

      committed(asAssessor.post("v1/insurance/policies/" + policy + "/cancel", signed(net.tx(assessor, "insurance",
          "cancelPolicy", "policy", policy, "reason", "non-payment of premium"))));
      assertThat(asAssessor.get("v1/insurance/policies?status=cancelled").path("policies").size()).isEqualTo(1);
      assertThat(asAssessor.get("v1/insurance/policies?status=active").path("policies").size()).isZero();
    }
  }

  private static Transaction pay(BftTestNetwork net, BftTestNetwork.Member by, String claim, long amount) {
    return net.tx(by, "insurance", "recordPayment", "claims", claim, "amount", Long.toString(amount), "currency", "EUR",
        "reference", "SEPA-" + amount);
  }

  /** Why a submission was refused: the HTTP refusal, or the committed outcome's code; empty when it succeeded. */
  private static String refusal(Supplier<JsonNode> call) {
    try {
      JsonNode r = call.get();
      return r.path("outcome").path("success").asBoolean() ? "" : r.path("outcome").path("code").asText("refused");
    } catch (ApiException e) {
      return e.getMessage();
    }
  }

  private String committed(JsonNode reply) throws InterruptedException {
    return InsuranceRequests.committed(running, reply);
  }
}
