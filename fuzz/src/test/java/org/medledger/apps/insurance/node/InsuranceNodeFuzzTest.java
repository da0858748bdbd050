package org.medledger.apps.insurance.node;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.medledger.apps.insurance.contract.Benefit;
import org.medledger.apps.insurance.contract.ProductTerms;
import org.medledger.apps.records.contract.patient.CareRegistration;
import org.medledger.apps.records.contract.patient.PatientId;
import org.medledger.client.ClientIdentity;
import org.medledger.client.MedLedgerClient;
import org.medledger.client.Verification;
import org.medledger.crypto.Hash;
import org.medledger.crypto.Hex;
import org.medledger.crypto.x509.Role;
import org.medledger.fuzz.RestAnswers;
import org.medledger.node.BftTestNetwork;
import org.medledger.node.MedLedgerNode;
import org.medledger.node.RunningValidators;
import org.medledger.node.application.ReceiptKind;

/**
 * The insurance application's node part, fuzzed on one real validator whose organisation holds
 * every role, where an insurer's assessor has published a product, issued patient 1 a policy and
 * paid the claim her clinician billed, so a fuzzed request reaches past "no such policy":
 *
 * <ul>
 *   <li>{@link #answersEveryBody}: the JSON bodies of every {@code POST /v1/insurance/…} route,
 *       the claim (a clinician's lines, which the node hashes and signs) as the clinician, the
 *       signed-transaction routes as the insurer; {@code $POLICY} and {@code $CLAIM} in a path or
 *       body stand for the real ones. The answer is a success or a 4xx whose JSON says why, never a
 *       5xx.
 *   <li>{@link #eobReceipt}: the patient's EOB receipt of that claim, as the offline verifier
 *       takes it with the genesis: one of its fields replaced by the fuzzed bytes (so every check
 *       past the state receipt's seals is reached), or a whole fuzzed document. The answer is
 *       verified or failed naming the check, never an exception; and a receipt that verifies says
 *       exactly the claim and figures the ledger proved, however it was edited.
 * </ul>
 */
class InsuranceNodeFuzzTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final List<Route> ROUTES = List.of(
      new Route("/v1/insurance/claims", false),
      new Route("/v1/insurance/products", true),
      new Route("/v1/insurance/policies", true),
      new Route("/v1/insurance/policies/$POLICY/transfer", true),
      new Route("/v1/insurance/policies/$POLICY/renew", true),
      new Route("/v1/insurance/policies/$POLICY/cancel", true),
      new Route("/v1/insurance/claims/$CLAIM/approve", true),
      new Route("/v1/insurance/claims/$CLAIM/deny", true),
      new Route("/v1/insurance/claims/$CLAIM/withdraw", false),
      new Route("/v1/insurance/payments", true));
  private static Path dir;
  private static BftTestNetwork net;
  private static MedLedgerNode node;
  private static String clinicianToken;
  private static String insurerToken;
  private static String policy;
  private static String claim;
  private static JsonNode eob;
  /** Every field of the genuine receipt, as a JSON pointer, in document order: what a fuzzed edit replaces. */
  private static List<String> fields;
  private static ReceiptKind verifier;

  /** A POST route of the insurance API, called as the insurer or as the hospital's clinician. */
  private record Route(String path, boolean asInsurer) {}

  @BeforeAll
  static void start() throws Exception {
    long t0 = System.nanoTime();
    dir = Files.createTempDirectory("insurance-fuzz");
    // One validator whose organisation may hold every role: the hospital's clinician and the insurer's assessor.
    net = new BftTestNetwork(dir, "intl", 1);
    BftTestNetwork.Member clinician = net.member(0, "dr-a", Role.CLINICIAN);
    BftTestNetwork.Member assessor = net.member(0, "assessor", Role.INSURER);
    BftTestNetwork.Member patient = net.member(0, "patient-1", Role.PATIENT);
    node = MedLedgerNode.start(net.configs.get(0));
    for (var m : List.of(clinician, assessor, patient)) {
      commit(net.register(m));
    }
    PatientId pid = PatientId.of(net.suite.hash(), patient.keys().getPublic().getEncoded());
    commit(net.tx(clinician, "patients", "register", "publicKey", Hex.encode(patient.keys().getPublic().getEncoded()),
        "signature", CareRegistration.sign(patient.signer(), net.genesis.chainId(), pid, "org-0")));
    MedLedgerClient asClinician = login(clinician);
    MedLedgerClient asAssessor = login(assessor);
    MedLedgerClient asPatient = login(patient);
    clinicianToken = asClinician.token();
    insurerToken = asAssessor.token();
    String today = LocalDate.now(ZoneOffset.UTC).toString();
    ProductTerms terms = new ProductTerms("EUR", 10_000, 2_000, 0, 0, List.of(new Benefit("inpatient", new TreeSet<>(), 0)),
        new TreeSet<>(Set.of("COSMETIC-01")), new TreeSet<>(), 0, 72);
    committed(asAssessor.post("v1/insurance/products", signed(net.tx(assessor, "insurance", "publishProduct", "product",
        "basic", "terms", Hex.encode(terms.encode())))));
    policy = committed(asAssessor.post("v1/insurance/policies", signed(net.tx(assessor, "insurance", "issuePolicy",
        "product", "basic", "patient", pid.value().hex(), "start", today, "end",
        LocalDate.now(ZoneOffset.UTC).plusYears(1).toString()))));
    claim = committed(asClinician.post("v1/insurance/claims", (ObjectNode) JSON.readTree(claimBody(policy, today))));
    committed(asAssessor.post("v1/insurance/payments", signed(net.tx(assessor, "insurance", "recordPayment", "claims",
        claim, "amount", "40000", "currency", "EUR", "reference", "SEPA-1"))));
    eob = asPatient.get("v1/insurance/claims/" + claim + "/eob");
    verifier = new InsuranceApplication().receiptKinds().get(0);
    Verification genuine = verifier.verify(eob, net.genesis);
    if (!(genuine instanceof Verification.Verified)) {
      throw new IllegalStateException("setting up: the genuine EOB receipt does not verify: " + genuine);
    }
    fields = new ArrayList<>();
    collect(eob, "", fields);
    System.out.println("InsuranceNodeFuzzTest: a paid claim and its EOB receipt (" + fields.size() + " fields) in "
        + (System.nanoTime() - t0) / 1_000_000 + " ms");
  }

  @AfterAll
  static void stop() throws IOException {
    long t0 = System.nanoTime();
    if (node != null) {
      node.close();
    }
    System.out.println("InsuranceNodeFuzzTest: closed in " + (System.nanoTime() - t0) / 1_000_000 + " ms");
    if (dir != null) {
      try (var files = Files.walk(dir)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  @FuzzTest
  void answersEveryBody(FuzzedDataProvider data) throws Exception {
    Route route = ROUTES.get(data.consumeInt(0, ROUTES.size() - 1));
    byte[] input = data.consumeRemainingAsBytes();
    String body = named(new String(input, StandardCharsets.ISO_8859_1));
    HttpResponse<byte[]> response = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
            + node.apiPort() + named(route.path()) + "?wait=false"))
        .header("Content-Type", "application/json")
        .header("Authorization", "Bearer " + (route.asInsurer() ? insurerToken : clinicianToken))
        .POST(HttpRequest.BodyPublishers.ofByteArray(body.getBytes(StandardCharsets.ISO_8859_1))).build(),
        HttpResponse.BodyHandlers.ofByteArray());
    RestAnswers.assertAnswered(route.path(), input.length, response);
  }

  @FuzzTest
  void eobReceipt(FuzzedDataProvider data) throws IOException {
    boolean whole = data.consumeBoolean();
    String field = fields.get(data.consumeInt(0, 65_535) % fields.size());
    byte[] input = data.consumeRemainingAsBytes();
    JsonNode receipt;
    if (whole) {
      try {
        receipt = JSON.readTree(input);
      } catch (IOException notJson) {
        return;
      }
      if (receipt == null || !receipt.isObject()) {
        return;
      }
    } else {
      receipt = edited(field, input);
    }
    Verification v = verifier.verify(receipt, net.genesis);
    if (v == null) {
      throw new AssertionError("no answer");
    }
    if (v instanceof Verification.Verified && (!receipt.get("claim").equals(eob.get("claim"))
        || !receipt.get("figures").equals(eob.get("figures")))) {
      throw new AssertionError("a receipt whose claim or figures differ from the ledger's verifies: " + receipt);
    }
  }

  /** The genuine receipt with {@code field} set to the input: as JSON when it reads as JSON, else as text. */
  private static JsonNode edited(String field, byte[] input) {
    ObjectNode copy = eob.deepCopy();
    JsonNode value;
    try {
      value = JSON.readTree(input);
    } catch (IOException notJson) {
      value = null;
    }
    if (value == null) {
      value = JSON.getNodeFactory().textNode(new String(input, StandardCharsets.UTF_8));
    }
    int slash = field.lastIndexOf('/');
    JsonNode parent = copy.at(field.substring(0, slash));
    String last = field.substring(slash + 1);
    if (parent instanceof ObjectNode o) {
      o.set(last, value);
    } else if (parent instanceof com.fasterxml.jackson.databind.node.ArrayNode a) {
      a.set(Integer.parseInt(last), value);
    }
    return copy;
  }

  private static void collect(JsonNode node, String pointer, List<String> out) {
    if (node.isObject()) {
      for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        out.add(pointer + "/" + e.getKey());
        collect(e.getValue(), pointer + "/" + e.getKey(), out);
      }
    } else if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        out.add(pointer + "/" + i);
        collect(node.get(i), pointer + "/" + i, out);
      }
    }
  }

  private static String named(String text) {
    return text.replace("$POLICY", policy).replace("$CLAIM", claim).replace("$TODAY", LocalDate.now(ZoneOffset.UTC).toString());
  }

  private static MedLedgerClient login(BftTestNetwork.Member m) {
    MedLedgerClient c = new MedLedgerClient("http://127.0.0.1:" + node.apiPort());
    c.login(new ClientIdentity(net.suite, m.certificate(), m.keys().getPrivate()));
    return c;
  }

  private static ObjectNode signed(org.medledger.core.tx.Transaction tx) {
    return JSON.createObjectNode().put("transaction", Hex.encode(tx.encoded()));
  }

  /** The committed, successful submission's transaction id. */
  private static String committed(JsonNode reply) throws InterruptedException {
    if (!reply.path("outcome").path("success").asBoolean()) {
      throw new IllegalStateException("setting up: " + reply);
    }
    Hash id = Hash.fromHex(reply.get("txId").asText());
    RunningValidators.await("committed", 30_000, () -> node.ledger().transaction(id).isPresent());
    return id.hex();
  }

  /** Submits {@code tx} to the validator and waits until it is committed, successfully. */
  private static void commit(org.medledger.core.tx.Transaction tx) throws InterruptedException {
    var admitted = node.admission().submit(tx);
    if (!(admitted instanceof org.medledger.node.admission.AdmissionResult.Accepted)) {
      throw new IllegalStateException("setting up: " + admitted);
    }
    Hash id = tx.id(net.suite.hash());
    RunningValidators.await("committed", 30_000, () -> node.ledger().transaction(id).isPresent());
    var outcome = node.ledger().transaction(id).orElseThrow().outcome();
    if (!outcome.success()) {
      throw new IllegalStateException("setting up: " + outcome.code() + ": " + outcome.message());
    }
  }

  private static String claimBody(String policy, String day) {
    return "{\"policy\":\"" + policy + "\",\"currency\":\"EUR\",\"lines\":["
        + "{\"category\":\"inpatient\",\"code\":\"WARD-DAY\",\"quantity\":2,\"unitAmount\":30000,\"dateOfService\":\"" + day + "\"},"
        + "{\"category\":\"inpatient\",\"code\":\"COSMETIC-01\",\"quantity\":1,\"unitAmount\":50000,\"dateOfService\":\"" + day
        + "\"}]}";
  }

  /**
   * One well-formed request per route (the route's index is the last byte), and receipt edits: a
   * field replaced by 0 or "ab" (the last byte says whether the input is a whole document, the two
   * before it the field's index, high byte last).
   */
  static Map<String, List<byte[]>> seeds() {
    String transaction = "{\"transaction\":\"" + "00".repeat(48) + "\"}";
    List<String> bodies = List.of(
        claimBody("$POLICY", "$TODAY"),
        transaction,
        transaction,
        "{\"transaction\":\"zz\"}",
        "{}",
        "[]",
        "{\"transaction\":null}",
        "{\"transaction\":\"\"}",
        "{\"transaction\":\"" + "ff".repeat(300) + "\"}",
        "{\"transaction\":\"00\",\"claims\":\"$CLAIM\"}");
    List<byte[]> requests = new ArrayList<>();
    for (int i = 0; i < bodies.size(); i++) {
      requests.add(withTail(bodies.get(i).getBytes(StandardCharsets.ISO_8859_1), i));
    }
    List<byte[]> edits = new ArrayList<>();
    for (int field = 0; field < 40; field += 3) {
      edits.add(withTail("0".getBytes(StandardCharsets.UTF_8), 0, 0, field));
      edits.add(withTail("\"ab\"".getBytes(StandardCharsets.UTF_8), 0, 0, field + 1));
    }
    edits.add(withTail("{\"kind\":\"insurance-eob\",\"claim\":\"ab\",\"figures\":{},\"stateReceipt\":{\"kind\":\"state\"}}"
        .getBytes(StandardCharsets.UTF_8), 1, 0, 0));
    return Map.of("answersEveryBody", requests, "eobReceipt", edits);
  }

  /** {@code body} followed by the bytes a FuzzedDataProvider reads from the end, last first. */
  private static byte[] withTail(byte[] body, int... fromLast) {
    byte[] out = java.util.Arrays.copyOf(body, body.length + fromLast.length);
    for (int i = 0; i < fromLast.length; i++) {
      out[out.length - 1 - i] = (byte) fromLast[i];
    }
    return out;
  }
}
