package org.medledger.apps.care.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.medledger.apps.care.contract.CareContract;
import org.medledger.apps.care.contract.TimelineView;
import org.medledger.apps.records.contract.consent.ConsentGrant;
import org.medledger.apps.records.contract.consent.Grantee;
import org.medledger.apps.records.contract.consent.PurposeOfUse;
import org.medledger.apps.records.contract.patient.CareRegistration;
import org.medledger.apps.records.contract.patient.PatientId;
import org.medledger.client.ApiException;
import org.medledger.client.MedLedgerClient;
import org.medledger.client.ReceiptVerifier;
import org.medledger.crypto.Hex;
import org.medledger.fhirconformance.FhirConformance;
import org.medledger.node.MedLedgerNode;
import org.medledger.node.TestNetwork;

/**
 * Care on a real node (records' test network: hospital-a's node, dr-wang of hospital-a, dr-li of
 * hospital-b, patients): a plan stored through records and versioned over REST, milestones by
 * both hospitals and the patient with a receipt she verifies offline, and the timeline each
 * viewer may see, every look logged. The cheaters: patient-2 signing in patient-1's name, dr-li
 * looking before patient-1 let hospital-b see her care.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CareNetworkTest {
  static final ObjectMapper JSON = new ObjectMapper();
  @TempDir static Path dir;
  static TestNetwork net;
  static MedLedgerNode node;
  static MedLedgerClient wang;
  static MedLedgerClient li;
  static MedLedgerClient patient;
  static PatientId pid;
  static String plan;
  static String discharge;
  static String goalChain;

  @BeforeAll
  static void start() throws Exception {
    net = new TestNetwork(dir, "intl");
    node = MedLedgerNode.start(net.config);
    wang = net.login(node, "dr-wang");
    for (String u : new String[] {"dr-wang", "admin-b", "dr-li", "inspector", "patient-1", "patient-2"}) {
      ok(wang.submit(net.register(net.user(u)), true));
    }
    li = net.login(node, "dr-li");
    patient = net.login(node, "patient-1");
    TestNetwork.User p = net.user("patient-1");
    byte[] key = p.keys().getPublic().getEncoded();
    pid = PatientId.of(net.suite.hash(), key);
    ok(wang.submit(net.tx(net.user("dr-wang"), "patients", "register", "publicKey", Hex.encode(key), "custody", "self",
        "signature", CareRegistration.sign(p.signer(), net.genesis.chainId(), pid, "hospital-a"),
        "encryptionKeyCertificate", net.encryptionKeyCertificate("patient-1")), true));
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  static void ok(JsonNode committed) {
    assertThat(committed.path("outcome").path("success").asBoolean()).as(committed.toString()).isTrue();
  }

  static String store(String resourceType, String text) {
    String fhir = "{\"resourceType\":\"" + resourceType + "\",\"status\":\"active\",\"intent\":\"plan\",\"subject\":{\"reference\":"
        + "\"Patient/" + pid + "\"},\"title\":\"" + text + "\"}";
    return wang.storeRecord(pid.toString(), "care", fhir.getBytes(), "application/fhir+json").get("record").asText();
  }

  static JsonNode version(MedLedgerClient as, String record, int number, String previous) {
    ObjectNode b = JSON.createObjectNode().put("patient", pid.toString()).put("kind", "CarePlan").put("record", record)
        .put("version", number).put("reason", "version " + number);
    if (previous != null) {
      b.put("previous", previous);
    }
    return as.post("v1/care/plans/versions", b);
  }

  @Test
  @Order(1)
  void aClinicianVersionsAPlanStoredThroughTheRecordsAndAForkIsRefused() {
    plan = store("CarePlan", "Knee rehabilitation");
    String second = store("CarePlan", "Knee rehabilitation, week 3");
    String fork = store("CarePlan", "Knee rehabilitation, other branch");
    ok(version(wang, plan, 1, null));
    ok(version(wang, second, 2, plan));
    JsonNode forked = version(wang, fork, 2, plan);
    assertThat(forked.path("outcome").path("code").asText()).isEqualTo("forks_chain");
    assertThat(CareContract.chain(node.ledger().state(), org.medledger.crypto.Hash.fromHex(plan))).hasSize(2)
        .allSatisfy(v -> assertThat(v.author()).isEqualTo(net.user("dr-wang").id()));
    // Another hospital's member through this node: it writes only for its own clinicians.
    assertThatThrownBy(() -> version(li, fork, 3, second))
        .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(403));
  }

  @Test
  @Order(2)
  void milestonesBySecondHospitalAndThePatientAndAReceiptSheVerifiesOffline() throws Exception {
    JsonNode d = wang.post("v1/care/milestones", JSON.createObjectNode().put("patient", pid.toString()).put("type", "discharge")
        .put("chain", plan));
    ok(d);
    discharge = d.get("txId").asText();

    // The cheater: dr-li's hospital looks before patient-1 let it see anything.
    ApiException refused = (ApiException) org.assertj.core.api.Assertions.catchThrowable(
        () -> li.get("v1/care/patients/" + pid + "/timeline"));
    assertThat(refused.status()).isEqualTo(403);
    assertThat(refused.getMessage()).contains("no ground to see");
    theMilestoneIsHiddenFromAnotherHospitalAsIfAbsent();

    // Patient-1 puts hospital-b in her care list; dr-li records a follow-up with her own key.
    TestNetwork.User p = net.user("patient-1");
    ok(wang.submit(net.tx(net.user("dr-li"), "patients", "register", "publicKey", Hex.encode(p.keys().getPublic().getEncoded()),
        "custody", "self", "signature", CareRegistration.sign(p.signer(), net.genesis.chainId(), pid, "hospital-b"),
        "encryptionKeyCertificate", net.encryptionKeyCertificate("patient-1")), true));
    ok(wang.submit(net.tx(net.user("dr-li"), "care", "milestone", "patient", pid.toString(), "type", "follow-up-done"), true));
    // She reports her own outcome; patient-2 trying to in her name is refused.
    ok(patient.submit(net.tx(p, "care", "milestone", "patient", pid.toString(), "type", "patient-reported-outcome"), true));
    JsonNode forged = wang.submit(net.tx(net.user("patient-2"), "care", "milestone", "patient", pid.toString(), "type",
        "patient-reported-outcome"), true);
    assertThat(forged.path("outcome").path("code").asText()).isEqualTo("forbidden");

    JsonNode receipt = patient.transactionReceipt(discharge);
    var checked = new ReceiptVerifier(net.genesis).verify(JSON.readTree(JSON.writeValueAsString(receipt)));
    assertThat(checked.ok()).as(checked.toString()).isTrue();
  }

  /**
   * Care's metadata through the platform's routes (CareMetadataVisibility): dr-li, whose hospital
   * patient-1 has not put in her care list, is answered for the discharge's transaction, proof,
   * receipt and state key exactly as for ones never committed; patient-1 and the author's
   * hospital get them.
   */
  static void theMilestoneIsHiddenFromAnotherHospitalAsIfAbsent() {
    String never = "ab".repeat(32);
    long height = node.ledger().height();
    String key = "care/milestone/" + discharge;
    for (java.util.function.Function<MedLedgerClient, JsonNode> route : List.<java.util.function.Function<MedLedgerClient, JsonNode>>of(
        c -> c.transaction(discharge), c -> c.inclusionProof(discharge), c -> c.transactionReceipt(discharge),
        c -> c.stateReceipt(key, height))) {
      ApiException hidden = (ApiException) org.assertj.core.api.Assertions.catchThrowable(() -> route.apply(li));
      assertThat(hidden).as("dr-li of hospital-b, not caring for her, is refused").isNotNull();
      assertThat(hidden.status()).isEqualTo(404);
      assertThat(hidden.getMessage()).doesNotContain("care", "discharge");
      assertThat(route.apply(patient)).isNotNull();
      assertThat(route.apply(wang)).isNotNull();
    }
    // As if absent: the same answer as for a transaction never committed.
    ApiException absent = (ApiException) org.assertj.core.api.Assertions.catchThrowable(() -> li.transaction(never));
    ApiException hidden = (ApiException) org.assertj.core.api.Assertions.catchThrowable(() -> li.transaction(discharge));
    assertThat(hidden.getMessage().replace(discharge, never)).isEqualTo(absent.getMessage());
    assertThat(patient.transaction(discharge).toString()).contains("discharge");
    assertThat(wang.stateReceipt(key, height).path("present").asBoolean()).isTrue();
  }

  @Test
  @Order(3)
  void eachViewerSeesWhatHerConsentCoversAndEveryLookIsLogged() {
    JsonNode hers = patient.get("v1/care/patients/" + pid + "/timeline");
    assertThat(hers.get("plans")).hasSize(1);
    assertThat(hers.get("plans").get(0).get("versions")).hasSize(2);
    assertThat(hers.get("milestones")).extracting(m -> m.get("type").asText())
        .containsExactly("discharge", "follow-up-done", "patient-reported-outcome");
    assertThat(hers.get("milestones").get(0).get("receipt").asText()).isEqualTo("/v1/receipts/tx/" + discharge);
    assertThat(hers.get("organisations")).extracting(JsonNode::asText).containsExactly("hospital-a", "hospital-b");

    // Hospital-b cares for her too, but sees only its own part until she consents.
    JsonNode before = li.get("v1/care/patients/" + pid + "/timeline");
    assertThat(before.get("plans")).isEmpty();
    assertThat(before.get("milestones")).extracting(m -> m.get("type").asText()).containsExactly("follow-up-done");

    TestNetwork.User p = net.user("patient-1");
    ConsentGrant g = new ConsentGrant(net.genesis.chainId(), pid, Grantee.organisation("hospital-b"),
        new TreeSet<>(Set.of("care")), new TreeSet<>(), new TreeSet<>(Set.of(PurposeOfUse.TREAT)),
        System.currentTimeMillis() - 60_000, System.currentTimeMillis() + 3_600_000, false, "referral-care");
    ok(patient.submit(net.tx(p, "consent", "grant", "grant", Hex.encode(g.encode()), "signature", Hex.encode(p.signer().sign(g.encode()))),
        true));
    JsonNode after = li.get("v1/care/patients/" + pid + "/timeline");
    assertThat(after.get("plans")).hasSize(1);
    assertThat(after.get("milestones")).hasSize(3);

    // A regulator has no ground: refused, and logged.
    assertThatThrownBy(() -> net.login(node, "inspector").get("v1/care/patients/" + pid + "/timeline"))
        .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(403));

    List<TimelineView> looks = CareContract.viewsOf(node.ledger().state(), pid.value());
    assertThat(looks).extracting(v -> v.viewerOrganisation() + ":" + v.served())
        .containsExactly("hospital-b:false", "hospital-a:true", "hospital-b:true", "hospital-b:true", "regulator:false");
    assertThat(looks.get(1).id().hex()).isEqualTo(hers.get("audit").asText());
    assertThat(looks.get(2).organisationsShown()).isEqualTo("hospital-b");
    assertThat(looks.get(3).organisationsShown()).isEqualTo("hospital-a,hospital-b");
  }

  @Test
  @Order(4)
  void careRoutesAreInTheServedOpenApiDocument() throws Exception {
    JsonNode paths = wang.get("v1/openapi.json").get("paths");
    assertThat(List.of("/v1/care/plans/versions", "/v1/care/milestones", "/v1/care/milestones/{id}",
        "/v1/care/patients/{id}/timeline", "/v1/care/patients/{id}/views"))
        .allSatisfy(path -> assertThat(paths.has(path)).as(path).isTrue());
    // The façade routes vread and history-instance (care adds no /fhir routes of its own): every route is described.
    assertThat(node.apiRoutes()).contains("GET /fhir/{type}/{id}/_history", "GET /fhir/{type}/{id}/_history/{vid}")
        .noneMatch(route -> route.startsWith("GET /fhir/CarePlan") || route.startsWith("GET /fhir/Goal"));
    assertThat(org.medledger.node.api.OpenApiCoverageTest.undescribedRoutes(node)).isEmpty();
  }

  @Test
  @Order(4)
  void theCapabilityStatementListsExactlyTheInteractionsCareServes() {
    JsonNode statement = wang.get("fhir/metadata");
    FhirConformance.assertValid(statement.toString());
    Map<String, JsonNode> types = new TreeMap<>();
    statement.path("rest").path(0).path("resource").forEach(t -> types.put(t.path("type").asText(), t));
    for (String versioned : List.of("CarePlan", "Goal")) {
      assertThat(codes(types.get(versioned).path("interaction"), "code")).as(versioned)
          .containsExactly("read", "vread", "history-instance");
      assertThat(types.get(versioned).has("searchParam")).as(versioned).isFalse();
    }
    assertThat(codes(types.get("EpisodeOfCare").path("interaction"), "code")).containsExactly("read", "search-type");
    assertThat(codes(types.get("EpisodeOfCare").path("searchParam"), "name")).containsExactly("patient");
    // Records' types keep what they serve: a stored record is read, created, and vread at its one version; no history.
    assertThat(codes(types.get("Observation").path("interaction"), "code")).containsExactly("read", "vread", "create");
  }

  private static List<String> codes(JsonNode array, String field) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.path(field).asText()));
    return out;
  }

  @Test
  @Order(5)
  void thePatientSharesOneMilestoneAndTheAuditShowsOnlyThatOneWasRead() {
    MedLedgerClient inspector = net.login(node, "inspector");
    assertThatThrownBy(() -> inspector.get("v1/care/milestones/" + discharge))
        .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(403));
    TestNetwork.User p = net.user("patient-1");
    ok(patient.submit(net.tx(p, "care", "shareMilestone", "milestone", discharge, "organisation", "regulator"), true));

    JsonNode shared = inspector.get("v1/care/milestones/" + discharge);
    assertThat(shared.get("type").asText()).isEqualTo("discharge");
    assertThat(shared.get("basis").asText()).isEqualTo("shared");
    assertThat(shared.has("chain")).as("the plan behind it stays hidden").isFalse();
    assertThat(shared.has("record")).isFalse();
    // The rest of her timeline stays closed to it.
    assertThatThrownBy(() -> inspector.get("v1/care/patients/" + pid + "/timeline"))
        .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(403));

    List<TimelineView> looks = CareContract.viewsOf(node.ledger().state(), pid.value());
    TimelineView read = looks.stream().filter(v -> v.id().hex().equals(shared.get("audit").asText())).findFirst().orElseThrow();
    assertThat(read.milestone().map(h -> h.hex())).contains(discharge);
    assertThat(read.entries()).isEqualTo(1);
    assertThat(read.served()).isTrue();
    assertThat(looks).filteredOn(v -> v.viewerOrganisation().equals("regulator") && v.milestone().isPresent())
        .extracting(TimelineView::served).containsExactly(false, true);

    // She sees every look, refused ones too; another patient and a hospital do not.
    JsonNode seen = patient.get("v1/care/patients/" + pid + "/views");
    assertThat(seen.get("views")).hasSize(looks.size());
    assertThat(seen.get("views").get(0).get("viewerOrganisation").asText()).isEqualTo("hospital-b");
    assertThat(seen.get("views").get(0).get("served").asText()).isEqualTo("false");
    assertThatThrownBy(() -> net.login(node, "patient-2").get("v1/care/patients/" + pid + "/views"))
        .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(403));
    assertThatThrownBy(() -> li.get("v1/care/patients/" + pid + "/views"))
        .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(403));
  }

  @Test
  @Order(6)
  void theCommandLineReadsTheTimelineRecordsAndSharesAMilestone() throws Exception {
    String api = "http://127.0.0.1:" + node.apiPort();
    String[] asPatient = {"--api", api, "--identity", identity("patient-1").toString()};
    Cli timeline = cli(concat(new String[] {"timeline", pid.toString()}, asPatient));
    assertThat(timeline.exit()).as(timeline.err()).isZero();
    assertThat(timeline.out()).contains("plan " + plan, "v2 ", "milestone discharge by hospital-a", "shown from: hospital-a, hospital-b");

    Cli reported = cli(concat(new String[] {"milestone", pid.toString(), "--type", "goal-achieved"}, asPatient));
    assertThat(reported.exit()).isEqualTo(1);
    assertThat(reported.out()).contains("refused: missing_argument");
    Cli outcome = cli(concat(new String[] {"milestone", pid.toString(), "--type", "patient-reported-outcome"}, asPatient));
    assertThat(outcome.exit()).as(outcome.out() + outcome.err()).isZero();
    assertThat(outcome.out()).contains("/v1/receipts/tx/");

    // The cheater: patient-2 shares patient-1's discharge.
    Cli cheat = cli("share", discharge, "--with", "hospital-b", "--api", api, "--identity", identity("patient-2").toString());
    assertThat(cheat.exit()).isEqualTo(1);
    assertThat(cheat.out()).contains("refused: forbidden");
    Cli shared = cli(concat(new String[] {"share", discharge, "--with", "hospital-b"}, asPatient));
    assertThat(shared.exit()).as(shared.out() + shared.err()).isZero();
    Cli cheatRevokes = cli("share", discharge, "--with", "hospital-b", "--revoke", "--api", api, "--identity",
        identity("patient-2").toString());
    assertThat(cheatRevokes.out()).contains("refused: forbidden");
    Cli revoked = cli(concat(new String[] {"share", discharge, "--with", "hospital-b", "--revoke"}, asPatient));
    assertThat(revoked.exit()).as(revoked.out() + revoked.err()).isZero();
    assertThat(revoked.out()).contains("revocation ");
    assertThat(CareContract.share(node.ledger().state(), org.medledger.crypto.Hash.fromHex(discharge), "hospital-b")).isEmpty();
    Cli badEnd = cli(concat(new String[] {"share", discharge, "--with", "hospital-b", "--until", "next week"}, asPatient));
    assertThat(badEnd.exit()).isEqualTo(2);
    assertThat(badEnd.err()).contains("--until 'next week' is neither an instant");
    Cli withEnd = cli(concat(new String[] {"share", discharge, "--with", "hospital-b", "--until", "2099-01-01T00:00:00Z"},
        asPatient));
    assertThat(withEnd.exit()).as(withEnd.out() + withEnd.err()).isZero();
    assertThat(CareContract.share(node.ledger().state(), org.medledger.crypto.Hash.fromHex(discharge), "hospital-b"))
        .get().extracting(org.medledger.apps.care.contract.MilestoneShare::until)
        .isEqualTo(Instant.parse("2099-01-01T00:00:00Z").toEpochMilli());
  }

  record Cli(int exit, String out, String err) {}

  static String[] concat(String[] a, String[] b) {
    String[] all = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, all, a.length, b.length);
    return all;
  }

  /** Runs {@code medledger care …} as the CLI mounts it, capturing what it prints. */
  static synchronized Cli cli(String... args) {
    java.io.PrintStream out = System.out;
    java.io.PrintStream err = System.err;
    var o = new java.io.ByteArrayOutputStream();
    var e = new java.io.ByteArrayOutputStream();
    try {
      System.setOut(new java.io.PrintStream(o, true, java.nio.charset.StandardCharsets.UTF_8));
      System.setErr(new java.io.PrintStream(e, true, java.nio.charset.StandardCharsets.UTF_8));
      int exit = new picocli.CommandLine(new CareCommand()).execute(args);
      return new Cli(exit, o.toString(java.nio.charset.StandardCharsets.UTF_8), e.toString(java.nio.charset.StandardCharsets.UTF_8));
    } finally {
      System.setOut(out);
      System.setErr(err);
    }
  }

  static Path identity(String user) throws java.io.IOException {
    Path folder = dir.resolve("identities").resolve(user);
    java.nio.file.Files.createDirectories(folder);
    TestNetwork.User u = net.user(user);
    java.nio.file.Files.writeString(folder.resolve("cert.pem"), org.medledger.crypto.x509.Pem.certificate(u.certificate()));
    java.nio.file.Files.writeString(folder.resolve("key.pem"), org.medledger.crypto.x509.Pem.privateKey(u.keys().getPrivate()));
    return folder;
  }

  @Test
  @Order(7)
  void aGoalAndAnEpisodeOfCareStoredThroughTheRecordsJoinTheTimeline() throws Exception {
    String goal = "{\"resourceType\":\"Goal\",\"lifecycleStatus\":\"active\",\"achievementStatus\":{\"coding\":[{\"system\":"
        + "\"http://terminology.hl7.org/CodeSystem/goal-achievement\",\"code\":\"in-progress\"}]},\"description\":{\"text\":"
        + "\"Walk 500 m unaided\"},\"subject\":{\"reference\":\"Patient/" + pid + "\"}}";
    String episode = "{\"resourceType\":\"EpisodeOfCare\",\"status\":\"finished\",\"patient\":{\"reference\":\"Patient/"
        + pid + "\"},\"period\":{\"start\":\"2026-11-02\",\"end\":\"2026-11-20\"}}";
    goalChain = wang.storeRecord(pid.toString(), "care", goal.getBytes(), "application/fhir+json").get("record").asText();
    String storedEpisode = wang.storeRecord(pid.toString(), "care", episode.getBytes(), "application/fhir+json").get("record")
        .asText();
    ok(wang.post("v1/care/plans/versions", JSON.createObjectNode().put("patient", pid.toString()).put("kind", "Goal")
        .put("record", goalChain).put("version", 1).put("reason", "set at admission")));
    ok(wang.post("v1/care/milestones", JSON.createObjectNode().put("patient", pid.toString()).put("type", "goal-achieved")
        .put("chain", goalChain)));

    JsonNode hers = patient.get("v1/care/patients/" + pid + "/timeline");
    assertThat(hers.get("goals")).extracting(g -> g.get("chain").asText()).containsExactly(goalChain);
    assertThat(hers.get("episodes")).extracting(e -> e.get("record").asText()).containsExactly(storedEpisode);
    assertThat(hers.get("milestones")).extracting(m -> m.get("type").asText()).contains("goal-achieved");
  }

  @Test
  @Order(8)
  void aSharedMilestoneIsShownToThatOrganisationAndNothingElseOfHers() {
    // Patient-2 is in hospital-a's care only: hospital-b has no ground to see her metadata.
    TestNetwork.User p2 = net.user("patient-2");
    byte[] key = p2.keys().getPublic().getEncoded();
    PatientId second = PatientId.of(net.suite.hash(), key);
    ok(wang.submit(net.tx(net.user("dr-wang"), "patients", "register", "publicKey", Hex.encode(key), "custody", "self",
        "signature", CareRegistration.sign(p2.signer(), net.genesis.chainId(), second, "hospital-a"),
        "encryptionKeyCertificate", net.encryptionKeyCertificate("patient-2")), true));
    JsonNode m = wang.post("v1/care/milestones", JSON.createObjectNode().put("patient", second.toString()).put("type", "follow-up-done"));
    ok(m);
    String id = m.get("txId").asText();
    String entry = "care/milestone/" + id;
    String listing = "care/milestones/" + second + "/" + id;
    String share = "care/share/" + id + "/hospital-b";
    assertThat(status(() -> li.transaction(id))).isEqualTo(404);
    assertThat(status(() -> li.stateReceipt(entry, node.ledger().height()))).isEqualTo(404);
    // Another organisation's clinician, before any share: refused, her look logged as refused.
    assertThat(status(() -> li.get("v1/care/milestones/" + id))).isEqualTo(403);
    assertThat(lastLookAt(second).viewer()).isEqualTo(net.user("dr-li").id());
    assertThat(lastLookAt(second).served()).isFalse();

    MedLedgerClient herself = net.login(node, "patient-2");
    ok(herself.submit(net.tx(p2, "care", "shareMilestone", "milestone", id, "organisation", "hospital-b"), true));
    long height = node.ledger().height();
    assertThat(li.transaction(id).toString()).contains("follow-up-done");
    assertThat(li.transactionReceipt(id)).isNotNull();
    assertThat(li.stateReceipt(entry, height).path("present").asBoolean()).isTrue();
    assertThat(li.stateReceipt(share, height).path("present").asBoolean()).isTrue();
    JsonNode bare = li.get("v1/care/milestones/" + id);
    assertThat(bare.get("type").asText()).isEqualTo("follow-up-done");
    assertThat(bare.get("basis").asText()).isEqualTo("shared");
    assertThat(lastLookAt(second).served()).isTrue();

    // The cheat: hospital-b's own admin. The share is for the people who read on hospital-b's behalf; her
    // work (registering, managing patients) needs no milestone, so she is shown nothing of it, the share included.
    MedLedgerClient adminB = net.login(node, "admin-b");
    ApiException refusedAdmin = (ApiException) org.assertj.core.api.Assertions.catchThrowable(
        () -> adminB.get("v1/care/milestones/" + id));
    assertThat(refusedAdmin.status()).isEqualTo(403);
    assertThat(refusedAdmin.getMessage()).contains("not its admins").doesNotContain("follow-up-done");
    TimelineView adminLook = lastLookAt(second);
    assertThat(adminLook.viewer()).isEqualTo(net.user("admin-b").id());
    assertThat(adminLook.served()).isFalse();
    assertThat(adminLook.entries()).isZero();
    assertThat(node.refusalLog().page(0, 1000, id).entries()).as("her refusal filed in the node's refusal log")
        .anySatisfy(e -> {
          assertThat(e.refusal().requester().certificate()).isEqualTo(net.user("admin-b").id());
          assertThat(e.refusal().status()).isEqualTo(403);
        });
    assertThat(status(() -> adminB.transaction(id))).isEqualTo(404);
    assertThat(status(() -> adminB.transactionReceipt(id))).isEqualTo(404);
    assertThat(status(() -> adminB.stateReceipt(entry, height))).isEqualTo(404);
    assertThat(status(() -> adminB.stateReceipt(share, height))).isEqualTo(404);
    // The share is that entry alone: her milestone listing and her registration stay hidden.
    assertThat(status(() -> li.stateReceipt(listing, height))).isEqualTo(404);
    assertThat(status(() -> li.stateReceipt("patients/patient/" + second, height))).isEqualTo(404);
    // A key naming no milestone that can be found: regulators only (its absence is itself metadata).
    String unknown = "care/milestone/" + "cd".repeat(32);
    assertThat(status(() -> wang.stateReceipt(unknown, height))).isEqualTo(404);
    assertThat(net.login(node, "inspector").stateReceipt(unknown, height).path("present").asBoolean()).isFalse();
    // Another patient sees nothing of it.
    assertThat(status(() -> patient.transaction(id))).isEqualTo(404);
    assertThat(status(() -> patient.stateReceipt(share, height))).isEqualTo(404);

    // Once she takes the share back, hospital-b is answered as if it had never been recorded again.
    ok(herself.submit(net.tx(p2, "care", "revokeShare", "milestone", id, "organisation", "hospital-b"), true));
    long after = node.ledger().height();
    assertThat(status(() -> li.transaction(id))).isEqualTo(404);
    assertThat(status(() -> li.stateReceipt(entry, after))).isEqualTo(404);
    assertThat(status(() -> li.stateReceipt(share, after))).isEqualTo(404);
    assertThat(status(() -> li.get("v1/care/milestones/" + id))).isEqualTo(403);
    assertThat(herself.transaction(id).toString()).contains("follow-up-done");
  }

  @Test
  @Order(9)
  void aShareThePatientRevokesOrThatEndsByBlockTimeIsRefusedAndTheRefusalLogged() {
    MedLedgerClient inspector = net.login(node, "inspector");
    TestNetwork.User p = net.user("patient-1");
    assertThat(inspector.get("v1/care/milestones/" + discharge).get("basis").asText()).isEqualTo("shared");
    // The cheaters: the reader it was shared with, and another patient, take the share back.
    for (String cheat : List.of("inspector", "patient-2")) {
      JsonNode refused = wang.submit(net.tx(net.user(cheat), "care", "revokeShare", "milestone", discharge, "organisation",
          "regulator"), true);
      assertThat(refused.path("outcome").path("code").asText()).as(cheat).isEqualTo("forbidden");
    }
    assertThat(inspector.get("v1/care/milestones/" + discharge).get("basis").asText()).isEqualTo("shared");

    ok(patient.submit(net.tx(p, "care", "revokeShare", "milestone", discharge, "organisation", "regulator"), true));
    ApiException revoked = (ApiException) org.assertj.core.api.Assertions.catchThrowable(
        () -> inspector.get("v1/care/milestones/" + discharge));
    assertThat(revoked.status()).isEqualTo(403);
    assertThat(lastLook().served()).isFalse();
    assertThat(lastLook().milestone().map(h -> h.hex())).contains(discharge);
    assertThat(lastLook().viewerOrganisation()).isEqualTo("regulator");

    // Shared again until two seconds of block time on: the ledger's blocks, not a clock, end it.
    long until = node.ledger().headSignedHeader().header().timestamp() + 2_000;
    ok(patient.submit(net.tx(p, "care", "shareMilestone", "milestone", discharge, "organisation", "regulator", "until",
        Long.toString(until)), true));
    assertThat(inspector.get("v1/care/milestones/" + discharge).get("basis").asText()).isEqualTo("shared");
    // Each look is a block: looking on moves the ledger's time until the share has ended.
    long deadline = System.nanoTime() + 30_000_000_000L;
    while (node.ledger().headSignedHeader().header().timestamp() < until && System.nanoTime() < deadline) {
      assertThat(inspector.get("v1/care/milestones/" + discharge).get("basis").asText()).isEqualTo("shared");
    }
    assertThat(status(() -> inspector.get("v1/care/milestones/" + discharge))).isEqualTo(403);
    assertThat(lastLook().served()).isFalse();
    assertThat(lastLook().viewerOrganisation()).isEqualTo("regulator");
  }

  @Test
  @Order(10)
  void theCommandLineAddsListsAndShowsPlanVersions() throws Exception {
    String api = "http://127.0.0.1:" + node.apiPort();
    String[] asWang = {"--api", api, "--identity", identity("dr-wang").toString()};
    String[] asPatient = {"--api", api, "--identity", identity("patient-1").toString()};
    String first = store("CarePlan", "Cardiac rehabilitation");
    String second = store("CarePlan", "Cardiac rehabilitation, phase 2");
    Cli added = cli(concat(new String[] {"plan", "add", pid.toString(), "--kind", "CarePlan", "--record", first, "--version", "1",
        "--reason", "after the stent"}, asWang));
    assertThat(added.exit()).as(added.out() + added.err()).isZero();
    assertThat(added.out()).contains("version 1 of CarePlan ", "committed at height");

    Cli skipped = cli(concat(new String[] {"plan", "add", pid.toString(), "--kind", "CarePlan", "--record", second, "--version",
        "3", "--previous", first, "--reason", "phase 2"}, asWang));
    assertThat(skipped.exit()).isEqualTo(1);
    assertThat(skipped.out()).contains("refused: skips_version");
    // The cheater: dr-li of hospital-b continues hospital-a's plan with hospital-a's record.
    Cli cheat = cli("plan", "add", pid.toString(), "--kind", "CarePlan", "--record", second, "--version", "2", "--previous", first,
        "--reason", "phase 2", "--api", api, "--identity", identity("dr-li").toString());
    assertThat(cheat.exit()).isEqualTo(1);
    assertThat(cheat.out()).contains("refused: forbidden");
    Cli next = cli(concat(new String[] {"plan", "add", pid.toString(), "--kind", "CarePlan", "--record", second, "--version", "2",
        "--previous", first, "--reason", "phase 2"}, asWang));
    assertThat(next.exit()).as(next.out() + next.err()).isZero();

    Cli listed = cli(concat(new String[] {"plan", "list", pid.toString()}, asPatient));
    assertThat(listed.exit()).as(listed.err()).isZero();
    assertThat(listed.out()).contains("CarePlan " + first + " of hospital-a, latest version 2", "CarePlan " + plan,
        "your look is logged in transaction ");
    Cli shown = cli(concat(new String[] {"plan", "show", pid.toString(), first}, asPatient));
    assertThat(shown.exit()).as(shown.err()).isZero();
    assertThat(shown.out()).contains("v1 record " + first + " by " + net.user("dr-wang").id().hex() + " of hospital-a",
        "): after the stent", "v2 record " + second, "): phase 2");
    Cli unknown = cli(concat(new String[] {"plan", "show", pid.toString(), "ef".repeat(32)}, asPatient));
    assertThat(unknown.exit()).isEqualTo(1);
    assertThat(unknown.err()).contains("is yours to see");
    // A regulator without her consent: the timeline route refuses, and the CLI says so.
    Cli regulator = cli("plan", "list", pid.toString(), "--api", api, "--identity", identity("inspector").toString());
    assertThat(regulator.exit()).isEqualTo(1);
    assertThat(regulator.err()).contains("no ground to see");
  }

  static TimelineView lastLook() {
    return lastLookAt(pid);
  }

  static TimelineView lastLookAt(PatientId patient) {
    List<TimelineView> looks = CareContract.viewsOf(node.ledger().state(), patient.value());
    return looks.get(looks.size() - 1);
  }

  static int status(org.assertj.core.api.ThrowableAssert.ThrowingCallable call) {
    Throwable t = org.assertj.core.api.Assertions.catchThrowable(call);
    assertThat(t).as("refused").isInstanceOf(ApiException.class);
    return ((ApiException) t).status();
  }

  /** {@code GET /fhir/...} as {@code as}, with her own signed read request for each of {@code records}: the status and body. */
  static java.net.http.HttpResponse<String> fhirGet(MedLedgerClient as, String path, String... records) throws Exception {
    var request = java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + node.apiPort() + "/fhir/" + path))
        .header("Authorization", "Bearer " + as.token());
    if (records.length > 0) {
      request.header(org.medledger.node.application.HealthRecordReader.READ_REQUEST_HEADER, String.join(",",
          java.util.Arrays.stream(records).map(r -> as.signReadRequest(r, "TREAT", null).toHex()).toList()));
    }
    return java.net.http.HttpClient.newHttpClient().send(request.GET().build(), java.net.http.HttpResponse.BodyHandlers.ofString());
  }

  /** A served resource: 200, and valid R4 by HAPI's instance validator. */
  static JsonNode served(MedLedgerClient as, String path, String... records) throws Exception {
    var r = fhirGet(as, path, records);
    assertThat(r.statusCode()).as(path + ": " + r.body()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/fhir+json");
    FhirConformance.assertValid(r.body());
    return JSON.readTree(r.body());
  }

  /** A refusal: this status, as an OperationOutcome; its diagnostics. */
  static String refused(MedLedgerClient as, String path, int status, String... records) throws Exception {
    var r = fhirGet(as, path, records);
    assertThat(r.statusCode()).as(path + ": " + r.body()).isEqualTo(status);
    JsonNode o = JSON.readTree(r.body());
    assertThat(o.get("resourceType").asText()).isEqualTo("OperationOutcome");
    return o.path("issue").path(0).path("diagnostics").asText();
  }

  @Test
  @Order(11)
  void thePlansVersionChainIsAVersionedCarePlanAndTheGoalShowsItsMilestone() throws Exception {
    List<String> records = CareContract.chain(node.ledger().state(), org.medledger.crypto.Hash.fromHex(plan)).stream()
        .map(v -> v.record().hex()).toList();
    String v1 = records.get(0);
    String v2 = records.get(1);
    JsonNode latest = served(wang, "CarePlan/" + plan, v2);
    assertThat(latest.get("id").asText()).isEqualTo(plan);
    assertThat(latest.path("meta").path("versionId").asText()).isEqualTo("2");
    assertThat(latest.get("title").asText()).isEqualTo("Knee rehabilitation, week 3");
    JsonNode first = served(wang, "CarePlan/" + plan + "/_history/1", v1);
    assertThat(first.path("meta").path("versionId").asText()).isEqualTo("1");
    assertThat(first.get("title").asText()).isEqualTo("Knee rehabilitation");
    JsonNode history = served(wang, "CarePlan/" + plan + "/_history", v1, v2);
    assertThat(history.get("type").asText()).isEqualTo("history");
    assertThat(history.get("total").asInt()).isEqualTo(2);
    assertThat(history.get("entry")).extracting(e -> e.path("resource").path("meta").path("versionId").asText())
        .containsExactly("2", "1");
    // Each version read is the reader's to sign: a history with one version unsigned names the record to sign for.
    assertThat(refused(wang, "CarePlan/" + plan + "/_history", 400, v2)).contains("version 1 is record " + v1);
    assertThat(refused(wang, "CarePlan/" + plan + "/_history/3", 404)).contains("its versions are 1 to 2");
    assertThat(refused(wang, "CarePlan/" + "ab".repeat(32), 404)).contains("no CarePlan/");
    assertThat(refused(wang, "Goal/" + plan, 404)).contains("no Goal/");

    JsonNode goal = served(wang, "Goal/" + goalChain, goalChain);
    assertThat(goal.path("meta").path("versionId").asText()).isEqualTo("1");
    assertThat(goal.get("lifecycleStatus").asText()).as("the ledger's goal-achieved milestone").isEqualTo("completed");
    assertThat(goal.path("achievementStatus").path("coding").path(0).path("code").asText()).isEqualTo("achieved");
    assertThat(served(patient, "Goal/" + goalChain, goalChain).get("lifecycleStatus").asText()).isEqualTo("completed");

    // The cheater: patient-2 reads patient-1's plan; records' policy point refuses, and the refusal is on the ledger.
    MedLedgerClient other = net.login(node, "patient-2");
    for (String path : List.of("CarePlan/" + plan, "CarePlan/" + plan + "/_history/1", "CarePlan/" + plan + "/_history")) {
      String why = refused(other, path, 403, v1, v2);
      String audit = why.substring(why.indexOf("logged in transaction ") + "logged in transaction ".length(), why.length() - 1);
      assertThat(node.ledger().transaction(org.medledger.crypto.Hash.fromHex(audit))).as(why).isPresent();
    }
  }

  @Test
  @Order(12)
  void episodesOfCareAreBuiltFromTheLedgerAndShownAsTheTimelineIs() throws Exception {
    var state = node.ledger().state();
    String opened = CareContract.chain(state, org.medledger.crypto.Hash.fromHex(plan)).get(0).transactionId().hex();
    JsonNode hers = served(patient, "EpisodeOfCare?patient=Patient/" + pid);
    assertThat(hers.get("total").asInt()).isEqualTo(3);
    assertThat(hers.get("entry")).extracting(e -> e.path("resource").path("managingOrganization").path("display").asText() + ":"
        + e.path("resource").path("status").asText())
        .containsExactly("hospital-a:finished", "hospital-b:active", "hospital-a:active");
    JsonNode first = served(wang, "EpisodeOfCare/" + opened);
    assertThat(first.get("status").asText()).isEqualTo("finished");
    long end = Instant.parse(first.path("period").path("end").asText()).toEpochMilli();
    assertThat(end).isEqualTo(CareContract.milestone(state, org.medledger.crypto.Hash.fromHex(discharge)).orElseThrow()
        .timestamp());
    assertThat(Instant.parse(first.path("period").path("start").asText()).toEpochMilli()).isLessThanOrEqualTo(end);

    // Hospital-a sees its own episodes only: hospital-b's follow-up is not in its view of her care.
    JsonNode hospitalA = served(wang, "EpisodeOfCare?patient=" + pid);
    assertThat(hospitalA.get("entry")).extracting(e -> e.path("resource").path("managingOrganization").path("display").asText())
        .containsExactly("hospital-a", "hospital-a");
    String followUp = hers.get("entry").get(1).path("resource").get("id").asText();
    assertThat(refused(wang, "EpisodeOfCare/" + followUp, 403)).contains("not among those");
    assertThat(lastLook().served()).isFalse();
    assertThat(lastLook().viewerOrganisation()).isEqualTo("hospital-a");
    // The regulator has no ground: refused and logged.
    assertThat(refused(net.login(node, "inspector"), "EpisodeOfCare?patient=" + pid, 403)).contains("no ground to see");
    assertThat(lastLook().viewerOrganisation()).isEqualTo("regulator");
    assertThat(refused(wang, "EpisodeOfCare/" + "ab".repeat(32), 404)).contains("no EpisodeOfCare/");
    assertThat(refused(wang, "EpisodeOfCare/" + discharge, 404)).as("a discharge closes an episode, opens none")
        .contains("no EpisodeOfCare/");
  }
  /**
   * Least privilege (issue 19 item 5), the cheating colleague: hospital-a's admin, at her own
   * hospital's node, which holds patient-1's records and cares for her. Her timeline, its FHIR
   * episodes, a milestone, the plan's content: each refused, and each refusal logged (the looks
   * in care's audit, the record read in records'); her clinician colleague is served. She still
   * does an admin's work: she registers a patient into her hospital's care.
   */
  @Test
  @Order(13)
  void theCaringHospitalsAdminSeesNoClinicalEntryAndEachRefusalIsLogged() throws Exception {
    ok(wang.submit(net.register(net.user("admin-a")), true));
    MedLedgerClient admin = net.login(node, "admin-a");
    Throwable timeline = org.assertj.core.api.Assertions.catchThrowable(() -> admin.get("v1/care/patients/" + pid + "/timeline"));
    assertThat(timeline).isInstanceOfSatisfying(ApiException.class, e -> {
      assertThat(e.status()).isEqualTo(403);
      assertThat(e.getMessage()).contains("an admin of hospital-a reads no clinical content");
    });
    TimelineView look = lastLook();
    assertThat(look.viewer()).isEqualTo(net.user("admin-a").id());
    assertThat(look.viewerRole()).isEqualTo("admin");
    assertThat(look.served()).isFalse();
    assertThat(refused(admin, "EpisodeOfCare?patient=" + pid, 403)).contains("reads no clinical content");
    assertThat(status(() -> admin.get("v1/care/milestones/" + discharge))).isIn(403, 404);
    assertThat(lastLook().viewer()).isEqualTo(net.user("admin-a").id());
    assertThat(lastLook().served()).isFalse();
    // Nor the milestone's transaction or entry on the platform's routes (its type and date are the clinical fact), though
    // records' metadata rule shows her the patient's records' transactions; her clinician colleague sees them.
    long now = node.ledger().height();
    assertThat(status(() -> admin.transaction(discharge))).isEqualTo(404);
    assertThat(status(() -> admin.transactionReceipt(discharge))).isEqualTo(404);
    assertThat(status(() -> admin.stateReceipt("care/milestone/" + discharge, now))).isEqualTo(404);
    assertThat(admin.stateReceipt("records/record/" + plan, now).path("present").asBoolean()).as("records' index is hers")
        .isTrue();
    assertThat(wang.transaction(discharge).toString()).contains("discharge");
    assertThat(wang.stateReceipt("care/milestone/" + discharge, now).path("present").asBoolean()).isTrue();

    // The plan's own content through records' FHIR read and REST: refused by the policy point, the refusal on the ledger.
    String[] versions = CareContract.chain(node.ledger().state(), org.medledger.crypto.Hash.fromHex(plan)).stream()
        .map(v -> v.record().hex()).toArray(String[]::new);
    var fhir = fhirGet(admin, "CarePlan/" + plan, versions);
    assertThat(fhir.statusCode()).as(fhir.body()).isEqualTo(403);
    assertThat(fhir.body()).contains("reads no clinical content").doesNotContain("Knee rehabilitation");
    assertThat(status(() -> admin.recordContent(plan, "TREAT", null))).isEqualTo(403);
    var state = node.ledger().state();
    List<org.medledger.apps.records.contract.audit.AccessEvent> hers = java.util.Arrays.stream(versions)
        .flatMap(r -> org.medledger.apps.records.contract.audit.AuditContract.ofRecord(state,
            org.medledger.crypto.Hash.fromHex(r)).stream())
        .filter(e -> e.requester().equals(net.user("admin-a").id())).toList();
    assertThat(hers).as("her refused reads, on the ledger").hasSizeGreaterThanOrEqualTo(2)
        .allSatisfy(e -> assertThat(e.served()).isFalse());
    assertThat(org.medledger.apps.records.contract.audit.AuditContract.ofRecord(state, org.medledger.crypto.Hash.fromHex(plan)))
        .filteredOn(e -> e.requester().equals(net.user("admin-a").id())).isNotEmpty();

    // Her clinician colleague reads the same.
    assertThat(wang.get("v1/care/patients/" + pid + "/timeline").get("plans")).isNotEmpty();
    assertThat(new String(wang.recordContent(plan, "TREAT", null))).contains("Knee rehabilitation");

    // An admin's work: registering a new patient into hospital-a's care.
    java.security.KeyPair newcomer = net.suite.signatures().generateKeyPair(new java.security.SecureRandom());
    PatientId pid3 = PatientId.of(net.suite.hash(), newcomer.getPublic().getEncoded());
    var signer = net.suite.signatures().signer(newcomer);
    ok(admin.submit(net.tx(net.user("admin-a"), "patients", "register", "publicKey", Hex.encode(newcomer.getPublic().getEncoded()),
        "custody", "self", "signature", CareRegistration.sign(signer, net.genesis.chainId(), pid3, "hospital-a"),
        "encryptionKeyCertificate", org.medledger.apps.records.contract.patient.PatientEncryptionKey.certificate(net.suite, signer,
            net.genesis.chainId(), net.suite.generateEncryptionKeyPair(new java.security.SecureRandom()).getPublic())), true));
  }
}
