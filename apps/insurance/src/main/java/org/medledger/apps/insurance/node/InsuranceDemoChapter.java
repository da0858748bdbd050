package org.medledger.apps.insurance.node;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.medledger.apps.insurance.contract.Benefit;
import org.medledger.apps.insurance.contract.ClaimLine;
import org.medledger.apps.insurance.contract.ProductTerms;
import org.medledger.client.ClientIdentity;
import org.medledger.client.MedLedgerClient;
import org.medledger.client.TransactionBuilder;
import org.medledger.client.Verification;
import org.medledger.core.genesis.GenesisJson;
import org.medledger.core.tx.Transaction;
import org.medledger.crypto.CryptoSuite;
import org.medledger.crypto.Hash;
import org.medledger.crypto.Hex;
import org.medledger.node.application.DemoChapter;
import org.medledger.node.application.DemoStage;

/**
 * The insurance part of the demo (issue 15, item 9): the insurer publishes a product and issues
 * patient-1 a policy; hospital-a bills her discharge directly, the contract pays 80 % after the
 * deductible, shows what she owes and refuses the cosmetic line with its reason; a large claim is
 * pended and the insurer's assessor approves it; the insurer pays; hospital-b then bills one of the
 * paid lines again and is refused; her EOB receipt is written to a file and checked offline, and
 * a tampered copy fails. Everything goes through the routes and the verifier a deployment uses.
 */
final class InsuranceDemoChapter implements DemoChapter {
  private static final ObjectMapper JSON = new ObjectMapper();
  private CryptoSuite cs;
  private String chainId;
  private Map<String, ClientIdentity> ids;
  private Map<String, String> tokens;
  private DemoStage stage;
  private PrintStream out;

  /** After health records (20), which registers patient-1; before drugs (30). */
  @Override
  public int storyOrder() {
    return 25;
  }

  @Override
  public String title() {
    return "insurance";
  }

  @Override
  public void play(DemoStage stage) throws Exception {
    if (!stage.freshNetwork()) {
      return; // its product, policy and paid claims are on the ledger already: billing them again would be refused
    }
    this.stage = stage;
    this.cs = stage.suite();
    this.chainId = stage.chainId();
    this.ids = stage.identities();
    this.tokens = stage.tokens();
    this.out = stage.out();
    run();
  }

  private void run() throws Exception {
    String apiA = stage.apiUrls().get(0);
    MedLedgerClient insurer = client("assessor", apiA);
    MedLedgerClient wang = client("dr-wang", apiA);
    MedLedgerClient patient = client("patient-1", apiA);
    out.println("insurance:");
    LocalDate today = LocalDate.now(ZoneOffset.UTC);
    Hash patientId = InsuredPatients.idOf(cs, ids.get("patient-1").certificate().getPublicKey().getEncoded());

    // Deductible 100.00 EUR a year, then the insurer pays 80 %; cosmetic surgery excluded; a claim above 5,000.00 EUR pended.
    ProductTerms terms = new ProductTerms("EUR", 10_000, 2_000, 0, 0, List.of(new Benefit("inpatient", new TreeSet<>(), 0),
        new Benefit("surgery", new TreeSet<>(), 0)), new TreeSet<>(Set.of("COSMETIC-01")), new TreeSet<>(), 500_000, 72);
    say("the insurer (assessor) publishes product 'hospital-cover': deductible 100.00 EUR, it pays 80 % after it, cosmetic"
        + " procedures excluded, claims above 5000.00 EUR reviewed by its assessor", insurer.post("v1/insurance/products",
        signed("assessor", "publishProduct", Map.of("product", "hospital-cover", "terms", Hex.encode(terms.encode())))));
    JsonNode issued = insurer.post("v1/insurance/policies", signed("assessor", "issuePolicy", Map.of("product", "hospital-cover",
        "patient", patientId.hex(), "start", today.toString(), "end", today.plusYears(1).toString())));
    String policy = issued.get("txId").asText();
    say("the insurer issues patient-1 policy " + policy.substring(0, 16) + "… for a year", issued);

    ObjectNode discharge = claim(policy, line("inpatient", "WARD-DAY", 3, 30_000, today), line("inpatient", "DISCHARGE-MEDS", 1,
        8_000, today), line("inpatient", "COSMETIC-01", 1, 40_000, today));
    JsonNode billed = wang.post("v1/insurance/claims", discharge);
    String dischargeClaim = billed.get("txId").asText();
    say("hospital-a (dr-wang) bills patient-1's discharge directly to her insurer: 3 ward days, discharge medicines, a scar"
        + " revision; she pays nothing upfront", billed);
    show(patient.get("v1/insurance/claims/" + dischargeClaim));

    JsonNode large = wang.post("v1/insurance/claims", claim(policy, line("surgery", "KNEE-REPLACEMENT", 1, 800_000, today)));
    String largeClaim = large.get("txId").asText();
    say("hospital-a bills her knee replacement, 8000.00 EUR", large);
    JsonNode pended = insurer.get("v1/insurance/claims/" + largeClaim);
    out.println("    " + pended.get("status").asText() + ": " + pended.path("pendReason").asText() + "; the assessor decides by "
        + java.time.Instant.ofEpochMilli(pended.path("pendDeadline").asLong()));
    say("the assessor approves it: operative report reviewed", insurer.post("v1/insurance/claims/" + largeClaim + "/approve",
        signed("assessor", "approveClaim", Map.of("claim", largeClaim, "reason", "operative report reviewed"))));
    show(patient.get("v1/insurance/claims/" + largeClaim));

    long due = insurer.get("v1/insurance/claims/" + dischargeClaim).path("money").path("paidByInsurer").asLong()
        + insurer.get("v1/insurance/claims/" + largeClaim).path("money").path("paidByInsurer").asLong();
    say("the insurer pays hospital-a " + InsuranceViews.amount(due, "EUR") + " for both claims (bank transfer SEPA-DEMO-1);"
        + " its node first checks every line's hash", insurer.post("v1/insurance/payments", signed("assessor", "recordPayment",
        Map.of("claims", dischargeClaim + "," + largeClaim, "amount", Long.toString(due), "currency", "EUR",
        "reference", "SEPA-DEMO-1"))));
    out.println("    claim " + dischargeClaim.substring(0, 16) + "… is now " + patient.get("v1/insurance/claims/" + dischargeClaim)
        .get("status").asText());

    rebillByHospitalB(policy, patientId, today);
    eobReceipt(patient, dischargeClaim);
  }

  /**
   * Hospital-b bills one of hospital-a's paid ward days again. Through its own node the line would
   * carry hospital-b as provider, another service; so dr-chen signs the claim himself with the
   * paid line's true hash, which any member can compute with the network's salt: the ledger's
   * paid-line index refuses it.
   */
  private void rebillByHospitalB(String policy, Hash patientId, LocalDate today) throws Exception {
    String apiB = stage.apiUrls().get(1);
    MedLedgerClient chen = client("dr-chen", apiB);
    ClientIdentity p1 = ids.get("patient-1");
    say("patient-1, referred to hospital-b, puts it in her care list too (dr-chen registers her with her signature)",
        InsuredPatients.registerSelfCustodied(chen, new TransactionBuilder(ids.get("dr-chen"), chainId, Clock.systemUTC()), cs,
            chainId, p1.signer(), p1.certificate().getPublicKey().getEncoded(), "hospital-b"));
    Path saltFile = stage.nodes().get(1).config().dataDir().resolve("secrets").resolve(LineHashSalt.FILE);
    LineHashSalt salt = new LineHashSalt(Files.readAllBytes(saltFile), cs.hash());
    ClaimLine again = new ClaimLine("inpatient", "WARD-DAY", 3, 30_000, today.toString(), "hospital-a",
        salt.lineHash(patientId, "hospital-a", today.toString(), "WARD-DAY"), List.of());
    JsonNode r = chen.submit(new TransactionBuilder(ids.get("dr-chen"), chainId, Clock.systemUTC()).build("insurance",
        "submitClaim", Map.of("policy", policy, "currency", "EUR", "lines", Hex.encode(ClaimLine.encode(List.of(again))))), true);
    say("hospital-b (dr-chen) bills hospital-a's 3 ward days of patient-1 again, signing the claim himself", r);
    out.println("    " + r.path("outcome").path("message").asText());
  }

  /** Patient-1 takes her EOB receipt into a file and checks it as {@code medledger verify} does: offline, with the genesis alone. */
  private void eobReceipt(MedLedgerClient patient, String claim) throws Exception {
    JsonNode eob = patient.get("v1/insurance/claims/" + claim + "/eob");
    Path file = stage.dataDir().resolve("eob-" + claim.substring(0, 16) + ".json");
    Files.write(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(eob));
    out.println("  patient-1 takes the EOB receipt of her discharge claim: " + file);
    var genesis = GenesisJson.read(Files.readString(stage.genesisFile()));
    Verification v = new EobReceiptVerifier().verify(JSON.readTree(Files.readAllBytes(file)), genesis);
    out.println("    checked offline, the genesis alone: " + (v instanceof Verification.Verified ok ? "VERIFIED: " + ok.summary()
        .replace(System.lineSeparator(), System.lineSeparator() + "    ") : "FAILED: " + v));
    ObjectNode tampered = (ObjectNode) JSON.readTree(Files.readAllBytes(file));
    ((ObjectNode) tampered.at("/figures/lines/2")).put("youOwe", 0);
    Verification.Failed f = (Verification.Failed) new EobReceiptVerifier().verify(tampered, genesis);
    out.println("    the same receipt with her cosmetic line's 'you owe' set to 0: FAILED check '" + f.check() + "': " + f.reason());
    out.println("    check it yourself: medledger verify " + file + " --genesis " + stage.genesisFile());
  }

  /** A claim in plain words: its status, the money, and each line with its reason. */
  private void show(JsonNode c) {
    String cur = c.get("currency").asText();
    out.println("    " + c.get("status").asText() + ": " + c.path("money").path("inWords").asText());
    for (JsonNode l : c.path("lines")) {
      out.println("      line " + l.get("line").asInt() + " " + l.get("code").asText() + ": " + (l.get("covered").asBoolean()
          ? "covered" : "not covered (" + l.get("reason").asText() + ")") + "; billed " + InsuranceViews.amount(l.get("billed")
          .asLong(), cur) + ", deductible " + InsuranceViews.amount(l.get("deductible").asLong(), cur) + ", insurer pays "
          + InsuranceViews.amount(l.get("paidByInsurer").asLong(), cur) + ", she owes " + InsuranceViews.amount(l.get("youOwe")
          .asLong(), cur));
    }
  }

  private void say(String what, JsonNode reply) {
    JsonNode o = reply.path("outcome");
    out.println("  " + what + ": " + (o.path("success").asBoolean() ? "committed" : "refused by contract ("
        + o.path("code").asText() + ")") + " at height " + reply.path("height").asText());
  }

  private MedLedgerClient client(String user, String api) {
    return new MedLedgerClient(api, stage.trust()).withToken(tokens.get(user));
  }

  private ObjectNode signed(String user, String method, Map<String, String> args) {
    Transaction tx = new TransactionBuilder(ids.get(user), chainId, Clock.systemUTC()).build("insurance", method, args);
    return JSON.createObjectNode().put("transaction", Hex.encode(tx.encoded()));
  }

  private static ObjectNode line(String category, String code, int quantity, long unitAmount, LocalDate date) {
    return JSON.createObjectNode().put("category", category).put("code", code).put("quantity", quantity)
        .put("unitAmount", unitAmount).put("dateOfService", date.toString());
  }

  private static ObjectNode claim(String policy, ObjectNode... lines) {
    ObjectNode b = JSON.createObjectNode().put("policy", policy).put("currency", "EUR");
    ArrayNode a = b.putArray("lines");
    for (ObjectNode l : lines) {
      a.add(l);
    }
    return b;
  }
}
