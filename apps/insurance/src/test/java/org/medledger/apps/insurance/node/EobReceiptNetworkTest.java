package org.medledger.apps.insurance.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.medledger.apps.insurance.node.InsuranceRequests.claimBody;
import static org.medledger.apps.insurance.node.InsuranceRequests.line;
import static org.medledger.apps.insurance.node.InsuranceRequests.signed;
import static org.medledger.apps.insurance.node.InsuranceRequests.error;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medledger.apps.insurance.contract.Benefit;
import org.medledger.apps.insurance.contract.Claim;
import org.medledger.apps.insurance.contract.InsuranceReads;
import org.medledger.apps.insurance.contract.LineResult;
import org.medledger.apps.insurance.contract.ProductTerms;
import org.medledger.apps.records.contract.patient.CareRegistration;
import org.medledger.apps.records.contract.patient.PatientId;
import org.medledger.client.MedLedgerClient;
import org.medledger.client.Verification;
import org.medledger.crypto.Hash;
import org.medledger.crypto.Hex;
import org.medledger.crypto.x509.Role;
import org.medledger.node.BftTestNetwork;
import org.medledger.node.RunningValidators;
import org.medledger.node.application.ReceiptKind;

/**
 * Issue 15, item 5 on a real 4-validator network (a hospital, two insurers, a regulator): the
 * patient's EOB receipt of a paid claim, taken by her, her insurer and the regulator, verifies
 * offline with the genesis alone; its figures are the adjudication the ledger holds, line by line;
 * a figure tampered with fails naming the line and field. Another patient, another insurer and the
 * billing hospital (the cheats) get 404, as for a claim that does not exist.
 */
class EobReceiptNetworkTest {
  static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path dir;

  private RunningValidators running;

  @Test
  void thePatientsEobReceiptVerifiesOfflineAndMatchesTheLedgersAdjudication() throws Exception {
    BftTestNetwork net = new BftTestNetwork(dir, "intl", List.of(BftTestNetwork.HOSPITAL, BftTestNetwork.INSURER,
        BftTestNetwork.INSURER, BftTestNetwork.REGULATOR));
    BftTestNetwork.Member drA = net.member(0, "dr-a", Role.CLINICIAN);
    BftTestNetwork.Member assessor = net.member(1, "assessor", Role.INSURER);
    BftTestNetwork.Member rival = net.member(2, "rival-assessor", Role.INSURER);
    BftTestNetwork.Member auditor = net.member(3, "auditor", Role.REGULATOR);
    BftTestNetwork.Member alice = net.member(0, "patient-1", Role.PATIENT);
    BftTestNetwork.Member bob = net.member(0, "patient-2", Role.PATIENT);
    String today = LocalDate.now(ZoneOffset.UTC).toString();
    try (RunningValidators running = RunningValidators.start(net)) {
      this.running = running;
      for (BftTestNetwork.Member m : List.of(drA, assessor, rival, auditor, alice, bob)) {
        running.commit(net.register(m));
      }
      PatientId aliceId = PatientId.of(net.suite.hash(), alice.keys().getPublic().getEncoded());
      for (var p : List.of(alice, bob)) {
        PatientId id = PatientId.of(net.suite.hash(), p.keys().getPublic().getEncoded());
        running.commit(net.tx(drA, "patients", "register", "publicKey", Hex.encode(p.keys().getPublic().getEncoded()),
            "signature", CareRegistration.sign(p.signer(), net.genesis.chainId(), id, "org-0")));
      }
      MedLedgerClient asDrA = login(0, drA);
      MedLedgerClient asAssessor = login(1, assessor);
      MedLedgerClient asRival = login(2, rival);
      MedLedgerClient asAuditor = login(3, auditor);
      MedLedgerClient asAlice = login(0, alice);
      MedLedgerClient asBob = login(0, bob);

      // Deductible 100.00 EUR, the insurer pays 80 % after it; a cosmetic code excluded.
      ProductTerms product = new ProductTerms("EUR", 10_000, 2_000, 0, 0, List.of(new Benefit("inpatient", new TreeSet<>(), 0)),
          new TreeSet<>(Set.of("COSMETIC-01")), new TreeSet<>(), 0, 72);
      committed(asAssessor.post("v1/insurance/products", signed(net.tx(assessor, "insurance", "publishProduct",
          "product", "basic", "terms", Hex.encode(product.encode())))));
      String policy = committed(asAssessor.post("v1/insurance/policies", signed(net.tx(assessor, "insurance",
          "issuePolicy", "product", "basic", "patient", aliceId.value().hex(), "start", today,
          "end", LocalDate.now(ZoneOffset.UTC).plusYears(1).toString()))));
      String claimId = committed(asDrA.post("v1/insurance/claims", claimBody(policy, line("inpatient", "WARD-DAY", 2, 30_000,
          today), line("inpatient", "COSMETIC-01", 1, 50_000, today), line("inpatient", "XRAY-01", 1, 9_000, today))));
      committed(asAssessor.post("v1/insurance/payments", signed(net.tx(assessor, "insurance", "recordPayment", "claims",
          claimId, "amount", "47200", "currency", "EUR", "reference", "SEPA-1"))));

      JsonNode eob = asAlice.get("v1/insurance/claims/" + claimId + "/eob");
      ReceiptKind verifier = new InsuranceApplication().receiptKinds().get(0);
      assertThat(verifier.kind()).isEqualTo(eob.get("kind").asText()).isEqualTo("insurance-eob");
      Verification v = verifier.verify(eob, net.genesis);
      assertThat(v).as(v.toString()).isInstanceOf(Verification.Verified.class);
      String shown = ((Verification.Verified) v).summary();
      assertThat(shown).contains("explanation of benefit of claim " + claimId + ": paid (payment ")
          .contains("insurer org-1, billed by org-0; the claim's record as it stood after block ").contains(" of 4 validators")
          .contains("line 1 WARD-DAY on " + today + ": covered; billed 600.00 EUR, paid by insurer 400.00 EUR, you owe 200.00 EUR")
          .contains("line 2 COSMETIC-01 on " + today + ": not covered (excluded); billed 500.00 EUR, paid by insurer 0.00 EUR, you owe 500.00 EUR")
          .contains("line 3 XRAY-01 on " + today + ": covered; billed 90.00 EUR, paid by insurer 72.00 EUR, you owe 18.00 EUR")
          .contains("total: Billed 1190.00 EUR; paid by your insurer 472.00 EUR; you owe 718.00 EUR.");

      // The figures are the adjudication every validator holds, line by line and in total.
      for (var node : running.nodes()) {
        Claim onLedger = InsuranceReads.claim(node.ledger().state(), Hash.fromHex(claimId)).orElseThrow();
        assertThat(onLedger.payment().hex()).isEqualTo(eob.at("/figures/payment").asText());
        for (int i = 0; i < onLedger.lines().size(); i++) {
          LineResult r = onLedger.adjudication().lines().get(i);
          JsonNode l = eob.at("/figures/lines/" + i);
          assertThat(List.of(l.get("billed").asLong(), l.get("allowed").asLong(), l.get("deductible").asLong(),
              l.get("coinsurance").asLong(), l.get("paidByOtherInsurers").asLong(), l.get("paidByInsurer").asLong(),
              l.get("youOwe").asLong())).isEqualTo(List.of(r.billed(), r.allowed(), r.deductible(), r.coinsurance(),
              r.otherPayer(), r.insurerPays(), r.patientOwes()));
          assertThat(l.get("reason").asText()).isEqualTo(r.reason().wireName());
        }
        assertThat(eob.at("/figures/total/paidByInsurer").asLong()).isEqualTo(onLedger.adjudication().insurerPays());
        assertThat(eob.at("/figures/total/youOwe").asLong()).isEqualTo(onLedger.adjudication().patientOwes());
      }
      assertThat(eob.at("/figures/status").asText()).isEqualTo("paid");
      assertThat(asAlice.get("v1/insurance/claims/" + claimId).path("money").path("paidByInsurer").asLong())
          .isEqualTo(eob.at("/figures/total/paidByInsurer").asLong());

      // A figure tampered with fails naming its line and field; so does a changed total, an added field,
      // a proven value swapped, and the receipt checked under another network's genesis.
      ObjectNode more = eob.deepCopy();
      ((ObjectNode) more.at("/figures/lines/1")).put("paidByInsurer", 50_000);
      assertThat(failure(verifier.verify(more, net.genesis))).isEqualTo("figures: line 2 paidByInsurer"
          + " (figures.lines[1].paidByInsurer): the receipt says 50000, the claim the ledger holds says 0");
      ObjectNode owesLess = eob.deepCopy();
      ((ObjectNode) owesLess.at("/figures/total")).put("youOwe", 0);
      assertThat(failure(verifier.verify(owesLess, net.genesis))).startsWith("figures: figures.total.youOwe: the receipt says 0");
      ObjectNode words = eob.deepCopy();
      ((ObjectNode) words.get("figures")).put("inWords", "You owe nothing.");
      assertThat(failure(verifier.verify(words, net.genesis))).startsWith("figures: figures.inWords");
      ObjectNode added = eob.deepCopy();
      ((ObjectNode) added.at("/figures/lines/0")).put("discount", 100);
      assertThat(failure(verifier.verify(added, net.genesis))).startsWith("figures: line 1 discount (figures.lines[0].discount): the receipt adds");
      ObjectNode swapped = eob.deepCopy();
      String value = swapped.at("/stateReceipt/value").asText();
      ((ObjectNode) swapped.get("stateReceipt")).put("value", value.substring(0, value.length() - 2) + "01");
      assertThat(failure(verifier.verify(swapped, net.genesis))).startsWith("stateReceipt.stateProof");
      ObjectNode otherClaim = eob.deepCopy();
      otherClaim.put("claim", "ab".repeat(32));
      assertThat(failure(verifier.verify(otherClaim, net.genesis))).startsWith("claim: the state receipt proves key");
      BftTestNetwork elsewhere = new BftTestNetwork(dir.resolve("elsewhere"), "intl", List.of(BftTestNetwork.HOSPITAL,
          BftTestNetwork.INSURER, BftTestNetwork.INSURER, BftTestNetwork.REGULATOR));
      assertThat(failure(verifier.verify(eob, elsewhere.genesis))).startsWith("stateReceipt.certificate");

      // Her insurer and the regulator take the same receipt; the cheats find nothing: another patient of the same
      // hospital, another insurer, the billing hospital's own clinician.
      assertThat(verifier.verify(asAssessor.get("v1/insurance/claims/" + claimId + "/eob"), net.genesis).ok()).isTrue();
      assertThat(verifier.verify(asAuditor.get("v1/insurance/claims/" + claimId + "/eob"), net.genesis).ok()).isTrue();
      assertThat(error(() -> asBob.get("v1/insurance/claims/" + claimId + "/eob"))).startsWith("404");
      assertThat(error(() -> asRival.get("v1/insurance/claims/" + claimId + "/eob"))).startsWith("404");
      assertThat(error(() -> asDrA.get("v1/insurance/claims/" + claimId + "/eob"))).startsWith("404");
      assertThat(error(() -> asAlice.get("v1/insurance/claims/" + "cd".repeat(32) + "/eob"))).startsWith("404");
      assertThat(error(() -> asAlice.get("v1/insurance/claims/zz/eob"))).startsWith("400").contains("claim id");
    }
  }

  private static String failure(Verification v) {
    assertThat(v).isInstanceOf(Verification.Failed.class);
    Verification.Failed f = (Verification.Failed) v;
    return f.check() + ": " + f.reason();
  }

  private String committed(JsonNode reply) throws InterruptedException {
    return InsuranceRequests.committed(running, reply);
  }

  private MedLedgerClient login(int node, BftTestNetwork.Member m) {
    return InsuranceRequests.login(running, node, m);
  }
}
