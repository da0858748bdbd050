package org.medledger.apps.trials.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.medledger.apps.records.contract.consent.ConsentGrant;
import org.medledger.apps.records.contract.consent.ConsentRevocation;
import org.medledger.apps.records.contract.consent.Grantee;
import org.medledger.apps.records.contract.consent.PurposeOfUse;
import org.medledger.apps.records.contract.patient.CareRegistration;
import org.medledger.apps.records.contract.patient.PatientId;
import org.medledger.apps.trials.contract.Enrolment;
import org.medledger.apps.trials.contract.TrialDocuments;
import org.medledger.apps.trials.contract.TrialsContract;
import org.medledger.client.ApiException;
import org.medledger.client.ClientIdentity;
import org.medledger.client.MedLedgerClient;
import org.medledger.core.genesis.Genesis;
import org.medledger.core.genesis.Organisation;
import org.medledger.core.tx.Transaction;
import org.medledger.crypto.CryptoSuites;
import org.medledger.crypto.Hash;
import org.medledger.crypto.Hex;
import org.medledger.crypto.x509.CertificateAuthority;
import org.medledger.crypto.x509.CertificateId;
import org.medledger.crypto.x509.Pem;
import org.medledger.crypto.x509.Role;
import org.medledger.node.BftTestNetwork;
import org.medledger.node.MedLedgerNode;

/**
 * Issue 17, trials items 1 and 3 on a real node with records and trials loaded: org-0's sponsor
 * registers, amends, enrols and submits results through the REST routes with its own signed
 * transactions, and an investigator enrols with {@code medledger trials enrol}. The cheats, each
 * refused by the ledger with its code and nothing changed: pharma-b's sponsor enrolling into
 * org-0's trial, a patient who consented to treatment but not research, a patient id nobody
 * registered, a withdrawn consent, an enrolment before the trial is registered; and a route
 * given another method's or another trial's transaction (400). Then the participant's FHIR
 * ResearchSubject is read by the patient, the sponsor and a regulator, and refused to another
 * sponsor and to the investigator, every read logged on the ledger; and the enrol transaction
 * and enrolment key are hidden from another sponsor by trials' metadata rule.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TrialSubmissionNetworkTest {
  static final ObjectMapper JSON = new ObjectMapper();
  @TempDir static Path dir;
  static BftTestNetwork net;
  static MedLedgerNode node;
  static BftTestNetwork.Member sponsor;
  static BftTestNetwork.Member otherSponsor;
  static BftTestNetwork.Member investigator;
  static MedLedgerClient sponsorApi;
  static MedLedgerClient otherSponsorApi;
  static final List<KeyPair> patients = new ArrayList<>();
  static Hash alicePatient;
  static Hash aliceParticipant;
  static String enrolTx;
  static BftTestNetwork.Member aliceMember;
  static BftTestNetwork.Member inspector;

  @BeforeAll
  static void start() throws Exception {
    long now = System.currentTimeMillis();
    Date from = new Date(now - 3_600_000L);
    Date to = new Date(now + 86_400_000L);
    // A second sponsor organisation beside the validator's: the cheat enrols into another's trial.
    CertificateAuthority pharmaB = CertificateAuthority.create(CryptoSuites.intl(), "pharma-b", from, to, new SecureRandom());
    net = new BftTestNetwork(dir, "intl", List.of(List.of(Role.values())), g -> {
      List<Organisation> orgs = new ArrayList<>(g.organisations());
      orgs.add(new Organisation("pharma-b", Pem.certificate(pharmaB.certificate()), List.of(Role.SPONSOR)));
      return new Genesis(g.chainId(), g.suite(), g.timestamp(), orgs, g.validators(), g.revokedCertificates(), g.parameters(),
          g.applications(), g.registeredCertificates(), g.governance(), g.protocolVersion());
    });
    node = MedLedgerNode.start(net.configs.get(0));
    sponsor = net.member(0, "trials-office", Role.SPONSOR);
    investigator = net.member(0, "dr-site", Role.CLINICIAN);
    KeyPair k = net.suite.signatures().generateKeyPair(new SecureRandom());
    var cert = pharmaB.issueUser("pharma-b-office", Role.SPONSOR, k.getPublic(), from, to);
    otherSponsor = new BftTestNetwork.Member("pharma-b-office", cert, k, CertificateId.of(net.suite.hash(), cert),
        net.suite.signatures().signer(k));
    MedLedgerClient any = client(investigator);
    for (BftTestNetwork.Member m : List.of(sponsor, investigator, otherSponsor)) {
      ok(any.submit(net.register(m), true));
    }
    sponsorApi = client(sponsor);
    otherSponsorApi = client(otherSponsor);
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  static MedLedgerClient client(BftTestNetwork.Member m) {
    MedLedgerClient c = new MedLedgerClient("http://127.0.0.1:" + node.apiPort());
    c.login(new ClientIdentity(net.suite, m.certificate(), m.keys().getPrivate()));
    return c;
  }

  static void ok(JsonNode committed) {
    assertThat(committed.path("outcome").path("success").asBoolean()).as(committed.toString()).isTrue();
  }

  static String refusal(JsonNode committed) {
    assertThat(committed.path("status").asText()).as(committed.toString()).isEqualTo("committed");
    assertThat(committed.path("outcome").path("success").asBoolean()).as(committed.toString()).isFalse();
    return committed.path("outcome").path("code").asText();
  }

  /** Posts {@code by}'s own signed trials transaction to {@code path}. */
  static JsonNode post(MedLedgerClient api, String path, BftTestNetwork.Member by, String method, String... args) {
    Transaction tx = net.tx(by, TrialsContract.NAME, method, args);
    return api.post(path, JSON.createObjectNode().put("transaction", Hex.encode(tx.encoded())));
  }

  /** A patient registered with records at org-0 by the investigator (her own signature); her id. */
  static Hash patient() {
    KeyPair key = net.suite.signatures().generateKeyPair(new SecureRandom());
    patients.add(key);
    PatientId id = PatientId.of(net.suite.hash(), key.getPublic().getEncoded());
    ok(client(investigator).submit(net.tx(investigator, "patients", "register", "publicKey", Hex.encode(key.getPublic().getEncoded()),
        "custody", "self", "signature", CareRegistration.sign(net.suite.signatures().signer(key), net.genesis.chainId(), id, "org-0"),
        "encryptionKeyCertificate", net.encryptionKeyCertificate(key)), true));
    return id.value();
  }

  /** Her signed consent for {@code grantee}, these purposes, a month from now; relayed by the investigator; its id. */
  static Hash consent(Hash patient, String grantee, PurposeOfUse... purposes) {
    KeyPair key = keyOf(patient);
    long now = System.currentTimeMillis();
    ConsentGrant grant = new ConsentGrant(net.genesis.chainId(), new PatientId(patient), Grantee.parse(grantee),
        new TreeSet<>(List.of(ConsentGrant.ALL)), new TreeSet<>(), new TreeSet<>(List.of(purposes)), now - 60_000,
        now + 30L * 86_400_000L, false, "trial-consent-" + patients.size() + "-" + purposes.length);
    byte[] bytes = grant.encode();
    ok(client(investigator).submit(net.tx(investigator, "consent", "grant", "grant", Hex.encode(bytes), "signature",
        Hex.encode(net.suite.signatures().signer(key).sign(bytes))), true));
    return grant.id(net.suite.hash());
  }

  static KeyPair keyOf(Hash patient) {
    return patients.stream().filter(k -> PatientId.of(net.suite.hash(), k.getPublic().getEncoded()).value().equals(patient))
        .findFirst().orElseThrow();
  }

  static String[] enrol(String trialId, Hash patient, Hash consent) {
    return new String[] {"trialId", trialId, "patient", patient.hex(), "consent", consent.hex()};
  }

  /** The public registry's view of the trial (no token). */
  static JsonNode trial(String trialId) {
    return new MedLedgerClient("http://127.0.0.1:" + node.apiPort()).get("v1/trials/" + trialId);
  }

  static int trialsKeys() {
    int[] n = {0};
    node.ledger().state().scan(org.medledger.core.runtime.StateKeys.of(TrialsContract.NAME, ""), (k, v) -> {
      n[0]++;
      return true;
    });
    return n[0];
  }

  @Test
  @Order(1)
  void theSponsorRegistersAmendsEnrolsAndReportsThroughItsRoutesAndTheCheatsAreRefused() throws Exception {
    Hash alice = patient();
    Hash research = consent(alice, "org:org-0", PurposeOfUse.HRESCH);
    // Before registration: refused by the ledger.
    assertThat(refusal(post(sponsorApi, "v1/trials/MLT-0001/enrolments", sponsor, "enrol", enrol("MLT-0001", alice, research))))
        .isEqualTo("not_registered");

    ObjectNode registration = TrialDocuments.registration("MLT-0001", "org-0");
    JsonNode registered = post(sponsorApi, "v1/trials", sponsor, "register", "document", TrialDocuments.canonical(registration));
    ok(registered);
    assertThat(trial("MLT-0001").get("latestVersion").asText()).isEqualTo("1");

    ObjectNode amended = TrialDocuments.registration("MLT-0001", "org-0");
    ((ObjectNode) amended.withArray("primaryOutcomes").get(0)).put("timeFrame", "6 months");
    ok(post(sponsorApi, "v1/trials/MLT-0001/versions", sponsor, "amend", "trialId", "MLT-0001", "document",
        TrialDocuments.canonical(amended), "reason", "DSMB advised an earlier read-out"));

    int before = trialsKeys();
    // pharma-b's sponsor enrolling into org-0's trial.
    assertThat(refusal(post(otherSponsorApi, "v1/trials/MLT-0001/enrolments", otherSponsor, "enrol",
        enrol("MLT-0001", alice, research)))).isEqualTo("forbidden");
    // A patient who consented to treatment, not research.
    Hash bob = patient();
    Hash treatment = consent(bob, "org:org-0", PurposeOfUse.TREAT);
    assertThat(refusal(post(sponsorApi, "v1/trials/MLT-0001/enrolments", sponsor, "enrol", enrol("MLT-0001", bob, treatment))))
        .isEqualTo("not_research_consent");
    // A patient id nobody registered.
    Hash nobody = Hash.of(net.suite.hash().hash("nobody".getBytes()));
    assertThat(refusal(post(sponsorApi, "v1/trials/MLT-0001/enrolments", sponsor, "enrol", enrol("MLT-0001", nobody, research))))
        .isEqualTo("unknown_patient");
    // A withdrawn research consent.
    Hash carol = patient();
    Hash withdrawn = consent(carol, "org:org-0", PurposeOfUse.HRESCH);
    ok(client(investigator).submit(net.tx(investigator, "consent", "revoke", "consent", withdrawn.hex(), "signature",
        Hex.encode(net.suite.signatures().signer(keyOf(carol)).sign(ConsentRevocation.statement(net.genesis.chainId(), withdrawn)))),
        true));
    assertThat(refusal(post(sponsorApi, "v1/trials/MLT-0001/enrolments", sponsor, "enrol", enrol("MLT-0001", carol, withdrawn))))
        .isEqualTo("consent_withdrawn");
    assertThat(trialsKeys()).as("nothing written by the refusals").isEqualTo(before);

    // A route given another method's transaction, or another trial's: 400 before the ledger.
    assertThatThrownBy(() -> post(sponsorApi, "v1/trials/MLT-0001/enrolments", sponsor, "submitResults", "trialId", "MLT-0001",
        "document", "{}")).isInstanceOfSatisfying(ApiException.class, e -> {
          assertThat(e.status()).isEqualTo(400);
          assertThat(e.getMessage()).contains("trials.enrol");
        });
    assertThatThrownBy(() -> post(sponsorApi, "v1/trials/MLT-0002/enrolments", sponsor, "enrol", enrol("MLT-0001", alice, research)))
        .isInstanceOfSatisfying(ApiException.class, e -> {
          assertThat(e.status()).isEqualTo(400);
          assertThat(e.getMessage()).contains("MLT-0002");
        });
    assertThatThrownBy(() -> sponsorApi.post("v1/trials", JSON.createObjectNode().put("transaction", "zz")))
        .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(400));

    // The sponsor enrols alice; her participant id, not her patient id, is what the trial keeps.
    JsonNode enrolled = post(sponsorApi, "v1/trials/MLT-0001/enrolments", sponsor, "enrol", enrol("MLT-0001", alice, research));
    ok(enrolled);
    enrolTx = enrolled.get("txId").asText();
    Hash participant = Enrolment.participantId(net.suite.hash(), "MLT-0001", alice);
    alicePatient = alice;
    aliceParticipant = participant;
    assertThat(TrialsContract.enrolment(node.ledger().state(), participant)).hasValueSatisfying(e -> {
      assertThat(e.consent()).isEqualTo(research);
      assertThat(e.enrolledBy()).isEqualTo("org-0");
    });

    // An investigator enrols dave with the command line, signing with her own key.
    Hash dave = patient();
    Hash daveResearch = consent(dave, "org:org-0", PurposeOfUse.HRESCH, PurposeOfUse.TREAT);
    Path identity = Files.createDirectories(dir.resolve("dr-site"));
    Files.writeString(identity.resolve("cert.pem"), Pem.certificate(investigator.certificate()));
    Files.writeString(identity.resolve("key.pem"), Pem.privateKey(investigator.keys().getPrivate()));
    String[] cli = TrialsCli.run(node.apiPort(), "enrol", "MLT-0001", "--patient", dave.hex(), "--consent", daveResearch.hex(),
        "--identity", identity.toString());
    assertThat(cli[0]).as(cli[1] + cli[2]).isEqualTo("0");
    assertThat(cli[1]).contains("enrolled in MLT-0001");
    assertThat(trial("MLT-0001").get("enrolments").asText()).isEqualTo("2");
    assertThat(trial("MLT-0001").get("baselineVersion").asText()).isEqualTo("2");

    // Results through the route: flagged against the version in force at first enrolment.
    ObjectNode results = TrialDocuments.results("MLT-0001");
    TrialDocuments.outcome(results.withArray("reportedOutcomes"), "P1", "Recurrent stroke (modified Rankin)", "6 months");
    assertThat(refusal(post(otherSponsorApi, "v1/trials/MLT-0001/results", otherSponsor, "submitResults", "trialId", "MLT-0001",
        "document", TrialDocuments.canonical(results)))).isEqualTo("forbidden");
    ok(post(sponsorApi, "v1/trials/MLT-0001/results", sponsor, "submitResults", "trialId", "MLT-0001", "document",
        TrialDocuments.canonical(results)));
    JsonNode flags = new MedLedgerClient("http://127.0.0.1:" + node.apiPort()).get("v1/trials/MLT-0001/flags");
    assertThat(flags.get("resultsSubmitted").asText()).isEqualTo("true");
    assertThat(flags.get("flags").asInt()).isPositive();
  }

  @Test
  @Order(2)
  void aResearchSubjectIsReadByThePatientTheSponsorAndTheRegulatorOnlyAndEveryReadIsLogged() throws Exception {
    assertThat(aliceParticipant).as("the first test enrolled alice").isNotNull();
    String path = "fhir/ResearchSubject/" + aliceParticipant.hex();
    long now = System.currentTimeMillis();
    var alice = net.ca(0).issueUser("alice", Role.PATIENT, keyOf(alicePatient).getPublic(), new Date(now - 3_600_000L),
        new Date(now + 86_400_000L));
    aliceMember = new BftTestNetwork.Member("alice", alice, keyOf(alicePatient),
        CertificateId.of(net.suite.hash(), alice), net.suite.signatures().signer(keyOf(alicePatient)));
    inspector = net.member(0, "inspector", Role.REGULATOR);
    ok(client(investigator).submit(net.register(aliceMember), true));
    ok(client(investigator).submit(net.register(inspector), true));

    JsonNode bySponsor = sponsorApi.get(path);
    org.medledger.fhirconformance.FhirConformance.assertValid(bySponsor.toString());
    assertThat(bySponsor.get("individual").get("reference").asText()).isEqualTo("Patient/" + alicePatient.hex());
    assertThat(bySponsor.get("study").get("reference").asText()).isEqualTo("ResearchStudy/MLT-0001");
    assertThat(bySponsor.get("status").asText()).isEqualTo("off-study");
    assertThat(client(aliceMember).get(path).get("id").asText()).isEqualTo(aliceParticipant.hex());
    assertThat(client(inspector).get(path).get("id").asText()).isEqualTo(aliceParticipant.hex());

    // Another sponsor and the investigator who enrolled others: refused, and the refusal logged.
    for (BftTestNetwork.Member cheat : List.of(otherSponsor, investigator)) {
      assertThatThrownBy(() -> client(cheat).get(path)).isInstanceOfSatisfying(ApiException.class, e -> {
        assertThat(e.status()).isEqualTo(403);
        assertThat(e.getMessage()).contains("logged in transaction");
      });
    }
    assertThatThrownBy(() -> sponsorApi.get("fhir/ResearchSubject/" + alicePatient.hex()))
        .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(404));
    var reads = TrialsContract.readsOf(node.ledger().state(), aliceParticipant);
    assertThat(reads).extracting(r -> r.viewerOrganisation() + ":" + r.viewerRole() + ":" + r.served())
        .containsExactlyInAnyOrder("org-0:sponsor:true", "org-0:patient:true", "org-0:regulator:true", "pharma-b:sponsor:false",
            "org-0:clinician:false");
    assertThat(node.ledger().state().get(org.medledger.core.runtime.StateKeys.of("trials", "read/" + alicePatient.hex() + "/")))
        .isNull();

    // Alice sees every read, refused ones included; the regulator too; the sponsor is refused the log.
    String readsPath = "v1/research-subjects/" + aliceParticipant.hex() + "/reads";
    JsonNode log = client(aliceMember).get(readsPath);
    assertThat(log.get("trialId").asText()).isEqualTo("MLT-0001");
    assertThat(log.get("reads")).hasSize(5);
    assertThat(log.get("reads").toString()).contains("\"organisation\":\"pharma-b\"").contains("\"outcome\":\"refused\"");
    assertThat(client(inspector).get(readsPath).get("reads")).hasSize(5);
    assertThatThrownBy(() -> sponsorApi.get(readsPath))
        .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(403));

    // The enrol transaction names alice and her consent: the platform's routes show it to the sponsor, the regulator and
    // alice, and answer pharma-b's sponsor as if it were never committed.
    assertThat(sponsorApi.get("v1/transactions/" + enrolTx).toString()).contains(alicePatient.hex());
    assertThat(client(inspector).get("v1/transactions/" + enrolTx).toString()).contains(alicePatient.hex());
    assertThat(client(aliceMember).get("v1/transactions/" + enrolTx).toString()).contains(alicePatient.hex());
    assertThatThrownBy(() -> otherSponsorApi.get("v1/transactions/" + enrolTx))
        .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(404));
    String key = "trials/enrolment/MLT-0001/" + aliceParticipant.hex();
    assertThat(sponsorApi.get("v1/receipts/state?key=" + key).isObject()).as("the sponsor's state receipt of the enrolment").isTrue();
    assertThatThrownBy(() -> otherSponsorApi.get("v1/receipts/state?key=" + key))
        .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isIn(403, 404));
  }

  @Test
  @Order(3)
  void theSponsorRevealsTheCommittedProtocolAndAnyoneChecksItOfflineAgainstTheGenesis() throws Exception {
    byte[] protocol = "SPIRIT protocol MLT-0009 v1.0\n§6 Outcomes: P1 at 12 months\n".getBytes(java.nio.charset.StandardCharsets.UTF_8);
    Hash committed = Hash.of(net.suite.hash().hash(protocol));
    ObjectNode registration = TrialDocuments.registration("MLT-0009", "org-0").put("protocolHash", committed.hex());
    // Before its registration: nothing to reveal against.
    assertThat(refusal(post(sponsorApi, "v1/trials/MLT-0009/protocol", sponsor, "revealProtocol", "trialId", "MLT-0009", "protocol",
        Hex.encode(protocol)))).isEqualTo("not_registered");
    ok(post(sponsorApi, "v1/trials", sponsor, "register", "document", TrialDocuments.canonical(registration)));
    String protocolPath = "/v1/trials/MLT-0009/versions/1/protocol";
    assertThat(publicGet(protocolPath).statusCode()).as("committed, not revealed yet").isEqualTo(404);

    int before = trialsKeys();
    assertThat(refusal(post(otherSponsorApi, "v1/trials/MLT-0009/protocol", otherSponsor, "revealProtocol", "trialId", "MLT-0009",
        "protocol", Hex.encode(protocol)))).isEqualTo("forbidden");
    byte[] altered = "SPIRIT protocol MLT-0009 v1.0\n§6 Outcomes: P1 at 6 months\n".getBytes(java.nio.charset.StandardCharsets.UTF_8);
    assertThat(refusal(post(sponsorApi, "v1/trials/MLT-0009/protocol", sponsor, "revealProtocol", "trialId", "MLT-0009", "protocol",
        Hex.encode(altered)))).isEqualTo("protocol_mismatch");
    assertThat(trialsKeys()).isEqualTo(before);
    assertThat(publicGet(protocolPath).statusCode()).isEqualTo(404);

    // The sponsor reveals it with the command line, signing with its own key.
    Path identity = Files.createDirectories(dir.resolve("trials-office"));
    Files.writeString(identity.resolve("cert.pem"), Pem.certificate(sponsor.certificate()));
    Files.writeString(identity.resolve("key.pem"), Pem.privateKey(sponsor.keys().getPrivate()));
    Path file = Files.write(dir.resolve("protocol-MLT-0009.txt"), protocol);
    String[] reveal = TrialsCli.run(node.apiPort(), "reveal", "MLT-0009", file.toString(), "--identity", identity.toString());
    assertThat(reveal[0]).as(reveal[1] + reveal[2]).isEqualTo("0");

    // Anyone, no token: the exact bytes and where their receipt is; the receipt checks the file offline with the genesis alone.
    var served = publicGet(protocolPath);
    assertThat(served.statusCode()).isEqualTo(200);
    assertThat(served.body()).isEqualTo(protocol);
    String receiptPath = served.headers().firstValue("MedLedger-Receipt").orElseThrow();
    assertThat(receiptPath).isEqualTo("/v1/receipts/state?key=trials/protocol/MLT-0009/" + committed.hex());
    assertThat(trial("MLT-0009").toString()).contains("MLT-0009");
    JsonNode version = new MedLedgerClient("http://127.0.0.1:" + node.apiPort()).get("v1/trials/MLT-0009/versions/1");
    assertThat(version.get("protocolHash").asText()).isEqualTo(committed.hex());
    assertThat(version.get("protocolRevealHeight").asLong()).isPositive();
    var receipt = publicGet(receiptPath);
    assertThat(receipt.statusCode()).as(new String(receipt.body())).isEqualTo(200);
    Path receiptFile = Files.write(dir.resolve("protocol-receipt.json"), receipt.body());
    Path alteredFile = Files.write(dir.resolve("protocol-altered.txt"), altered);
    Path genesis = dir.resolve("genesis.json");
    String[] good = TrialsCli.offline("verify-protocol", file.toString(), "--receipt", receiptFile.toString(), "--genesis",
        genesis.toString());
    assertThat(good[0]).as(good[1] + good[2]).isEqualTo("0");
    assertThat(good[1]).contains("VERIFIED").contains("trial MLT-0009").contains("revealed by its sponsor");
    String[] bad = TrialsCli.offline("verify-protocol", alteredFile.toString(), "--receipt", receiptFile.toString(), "--genesis",
        genesis.toString());
    assertThat(bad[0]).isEqualTo("1");
    assertThat(bad[1]).contains("FAILED check 'protocolHash'").contains(committed.hex());
    String[] show = TrialsCli.run(node.apiPort(), "show", "MLT-0009");
    assertThat(show[0]).as(show[2]).isEqualTo("0");
    assertThat(show[1]).contains("full protocol " + committed.hex() + ": revealed at height " + version.get("protocolRevealHeight")
        .asText()).contains(receiptPath);
    // The portal's public trial page shows the commitment, the reveal and both links.
    String page = new String(publicGet("/ui/trials/trial?id=MLT-0009").body(), java.nio.charset.StandardCharsets.UTF_8);
    assertThat(page).contains(committed.hex()).contains("revealed in block " + version.get("protocolRevealHeight").asText())
        .contains("href=\"/v1/trials/MLT-0009/versions/1/protocol\"").contains("href=\"" + receiptPath + "\"");
  }

  @Test
  @Order(4)
  void researchSubjectsAreSearchedByStudyUnderTheReadRuleEachServedOneLoggedAndResearchStudiesByIdentifierAndStatus()
      throws Exception {
    assertThat(inspector).as("the second test registered alice and the regulator").isNotNull();
    String search = "fhir/ResearchSubject?study=ResearchStudy/MLT-0001";
    int logged = TrialsContract.readsOf(node.ledger().state(), aliceParticipant).size();
    JsonNode bySponsor = sponsorApi.get(search);
    org.medledger.fhirconformance.FhirConformance.assertValid(bySponsor.toString());
    assertThat(bySponsor.get("total").asInt()).as("alice and dave").isEqualTo(2);
    assertThat(client(inspector).get(search).get("total").asInt()).isEqualTo(2);
    JsonNode byAlice = client(aliceMember).get(search);
    assertThat(byAlice.get("total").asInt()).as("her own enrolment only").isEqualTo(1);
    assertThat(byAlice.get("entry").get(0).get("resource").get("id").asText()).isEqualTo(aliceParticipant.hex());
    assertThat(TrialsContract.readsOf(node.ledger().state(), aliceParticipant)).as("each served entry logged as a read")
        .hasSize(logged + 3);
    for (BftTestNetwork.Member cheat : List.of(otherSponsor, investigator)) {
      assertThatThrownBy(() -> client(cheat).get(search)).isInstanceOfSatisfying(ApiException.class, e -> {
        assertThat(e.status()).isEqualTo(403);
        assertThat(e.getMessage()).contains("MLT-0001");
      });
    }
    assertThat(TrialsContract.readsOf(node.ledger().state(), aliceParticipant)).hasSize(logged + 3);
    // Refused by role before any participant is read, so on no one's ledger audit: in the node's refusal log.
    var refused = node.refusalLog().page(0, 1000, "study=ResearchStudy/MLT-0001").entries().stream()
        .filter(e -> e.refusal().status() == 403).toList();
    assertThat(refused).extracting(e -> e.refusal().requester().certificate(), e -> e.refusal().reason(),
        e -> e.refusal().requester().basis().wireName()).contains(
            org.assertj.core.groups.Tuple.tuple(otherSponsor.id(), "another_sponsor", "verified"),
            org.assertj.core.groups.Tuple.tuple(investigator.id(), "role_has_no_right", "verified"));
    assertThat(refused).allSatisfy(e -> assertThat(e.refusal().path()).isEqualTo("/" + search));
    assertThatThrownBy(() -> sponsorApi.get("fhir/ResearchSubject")).isInstanceOfSatisfying(ApiException.class,
        e -> assertThat(e.status()).isEqualTo(400));
    assertThat(sponsorApi.get("fhir/ResearchSubject?study=ResearchStudy/MLT-0404").get("total").asInt()).isZero();

    JsonNode studies = client(investigator).get("fhir/ResearchStudy?status=completed");
    org.medledger.fhirconformance.FhirConformance.assertValid(studies.toString());
    assertThat(studies.get("total").asInt()).isEqualTo(1);
    assertThat(studies.get("entry").get(0).get("resource").get("id").asText()).isEqualTo("MLT-0001");
    assertThat(client(investigator).get("fhir/ResearchStudy?identifier=urn:medledger:trials%7CMLT-0009").get("total").asInt())
        .isEqualTo(1);
    assertThatThrownBy(() -> client(investigator).get("fhir/ResearchStudy?status=finished"))
        .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(400));
  }

  /** A GET without a token, its bytes and headers as served. */
  static java.net.http.HttpResponse<byte[]> publicGet(String path) throws Exception {
    return java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
        java.net.URI.create("http://127.0.0.1:" + node.apiPort() + path)).build(), java.net.http.HttpResponse.BodyHandlers.ofByteArray());
  }
}
