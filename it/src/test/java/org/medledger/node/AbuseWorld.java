package org.medledger.node;

import org.medledger.apps.records.node.RecordVault;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.medledger.client.ApiServerTrust;
import org.medledger.client.ClientIdentity;
import org.medledger.client.MedLedgerClient;
import org.medledger.apps.records.contract.patient.PatientId;
import org.medledger.crypto.Hash;
import org.medledger.crypto.Hex;
import org.medledger.crypto.x509.Role;
import org.medledger.node.vault.VaultService;

/**
 * What {@code ApiAbuseTest}'s abuses run against: the four validators, the members logged in at
 * validator 0, patient 1, her record and her discharge milestone (the objects every route is
 * abused with), a tampered download link, a custodial patient; and how a route's template becomes
 * a concrete request.
 */
final class AbuseWorld {
  static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern RECORD_READ = Pattern.compile(
      "/v1/records/([0-9a-f]{64})(/content)?(\\?.*)?|/fhir/(?!Patient/|Consent/|AuditEvent/)[A-Za-z]+/([0-9a-f]{64})");

  /** A member logged in at a validator: its token, and its SDK client to sign its health reads. */
  record Caller(String name, Hash id, ClientIdentity identity, String token, MedLedgerClient sdk) {}

  final BftTestNetwork net;
  final RunningValidators running;
  final ApiServerTrust trust;
  final RawHttps raw;
  Caller clinician;
  /** Validator 0's organisation's admin: the same organisation as the node in another role than a clinician's. */
  Caller admin;
  /** The other hospital's (org-1's) clinician and admin, logged in at validator 0: another organisation, the same role. */
  Caller otherClinician;
  Caller otherAdmin;
  Caller patient2;
  /** Patient 1 herself, logged in at validator 0: the reader of her own refusals. */
  Caller patient1Self;
  Caller insurer;
  Caller regulator;
  PatientId patient1;
  VaultService.Stored record;
  /** A discharge milestone of patient 1 by the clinician (its transaction id): the care routes' object. */
  String milestone;
  String downloadToken;
  String custodial;

  private AbuseWorld(BftTestNetwork net, RunningValidators running, ApiServerTrust trust, RawHttps raw) {
    this.net = net;
    this.running = running;
    this.trust = trust;
    this.raw = raw;
  }

  static AbuseWorld setUp(BftTestNetwork net, RunningValidators running) throws Exception {
    ApiServerTrust trust = ApiServerTrust.of(net.genesis);
    AbuseWorld w = new AbuseWorld(net, running, trust, new RawHttps(trust.sslContext(), running.node(0).apiPort()));
    w.populate();
    return w;
  }

  private void populate() throws Exception {
    BftTestNetwork.Member admin = net.member(0, "admin-0", Role.ADMIN);
    BftTestNetwork.Member p1 = net.member(0, "patient-1", Role.PATIENT);
    BftTestNetwork.Member p2 = net.member(0, "patient-2", Role.PATIENT);
    BftTestNetwork.Member assessor = net.member(2, "assessor", Role.INSURER);
    BftTestNetwork.Member inspector = net.member(3, "inspector", Role.REGULATOR);
    BftTestNetwork.Member drLi = net.member(1, "dr-li", Role.CLINICIAN);
    BftTestNetwork.Member admin1 = net.member(1, "admin-1", Role.ADMIN);
    running.commit(net.registerClinician());
    for (BftTestNetwork.Member m : List.of(admin, p1, p2, assessor, inspector, drLi, admin1)) {
      running.commit(net.register(m));
    }
    patient1 = registerPatient(p1);
    registerPatient(p2);
    record = RecordVault.of(running.node(0)).store(net.clinicianId, "potassium 4.1 mmol/L".getBytes(StandardCharsets.UTF_8), patient1,
        "Binary", "laboratory");
    clinician = login(0, "dr-wang", net.clinicianId, new ClientIdentity(net.suite, net.clinicianCert, net.clinicianKey));
    patient2 = login(0, "patient-2", p2);
    insurer = login(0, "assessor", assessor);
    regulator = login(0, "inspector", inspector);
    this.admin = login(0, "admin-0", admin);
    otherClinician = login(0, "dr-li", drLi);
    otherAdmin = login(0, "admin-1", admin1);
    com.fasterxml.jackson.databind.JsonNode discharge = clinician.sdk().post("v1/care/milestones",
        JSON.createObjectNode().put("patient", patient1.toString()).put("type", "discharge"));
    if (!discharge.path("outcome").path("success").asBoolean()) {
      throw new IllegalStateException("patient 1's milestone was not recorded: " + discharge);
    }
    milestone = discharge.get("txId").asText();
    // Patient 1's own link, then tampered: the public download route must refuse it.
    Caller owner = login(0, "patient-1", p1);
    patient1Self = owner;
    String url = owner.sdk().post("v1/records/" + record.record().hex() + "/download-link?ttl=600", JSON.createObjectNode())
        .get("url").asText();
    String token = url.substring(url.lastIndexOf('/') + 1);
    int last = token.length() - 5;
    downloadToken = token.substring(0, last) + (token.charAt(last) == 'A' ? 'B' : 'A') + token.substring(last + 1);
    // A patient in validator 0's custodial wallet: the wallet's routes read their bodies only for her.
    custodial = clinician.sdk().post("v1/patients", JSON.createObjectNode()).get("patient").asText();
  }

  private PatientId registerPatient(BftTestNetwork.Member p) throws InterruptedException {
    PatientId pid = PatientId.of(net.suite.hash(), p.keys().getPublic().getEncoded());
    running.commit(net.tx("patients", "register", "publicKey", Hex.encode(p.keys().getPublic().getEncoded()), "signature",
        org.medledger.apps.records.contract.patient.CareRegistration.sign(net.suite.signatures().signer(p.keys()), net.genesis.chainId(), pid,
            "org-0"), "custody", "self", "encryptionKeyCertificate", net.encryptionKeyCertificate(p.keys())));
    return pid;
  }

  private Caller login(int node, String name, BftTestNetwork.Member m) {
    return login(node, name, m.id(), new ClientIdentity(net.suite, m.certificate(), m.keys().getPrivate()));
  }

  Caller login(int node, String name, Hash id, ClientIdentity identity) {
    MedLedgerClient c = new MedLedgerClient("https://127.0.0.1:" + running.node(node).apiPort(), trust);
    c.login(identity);
    return new Caller(name, id, identity, c.token(), c);
  }

  /** The concrete request a route is abused with: its parameters filled with patient 1's objects where it takes them. */
  String concrete(String route) {
    String path = route.substring(route.indexOf(' ') + 1);
    String rec = record.record().hex();
    String filled = path
        .replace("/v1/records/{hash}", "/v1/records/" + rec)
        .replace("/v1/notary/{hash}", "/v1/notary/" + "ab".repeat(32))
        .replace("/v1/insurance/claims/{id}", "/v1/insurance/claims/" + "ab".repeat(32))
        .replace("/v1/insurance/policies/{id}", "/v1/insurance/policies/" + "ab".repeat(32))
        .replace("/v1/patients/{id}", "/v1/patients/" + patient1)
        .replace("/v1/care/patients/{id}", "/v1/care/patients/" + patient1)
        .replace("/v1/care/milestones/{id}", "/v1/care/milestones/" + milestone)
        .replace("/v1/transactions/{id}", "/v1/transactions/" + record.txId().hex())
        .replace("{txId}", record.txId().hex())
        // History is served for care's versioned types only (another type answers 405): the abuses reach its handler.
        .replace("{type}/{id}/_history", "CarePlan/" + rec + "/_history")
        .replace("{vid}", "1")
        .replace("{type}/{id}", "DocumentReference/" + rec)
        .replace("{type}", route.startsWith("POST ") ? "Observation" : "DocumentReference")
        .replace("{height}", "1")
        .replace("/evidence/{n}", "/evidence/1")
        .replace("{consent}", "cd".repeat(32))
        .replace("{request}", "ef".repeat(32))
        .replace("{captureID}", "12".repeat(32))
        .replace("{gtin}", "09506000134352")
        .replace("{serial}", "1")
        .replace("{lot}", "L1")
        .replace("{sscc}", "106141411234567897")
        .replace("{prefix}", "9506000")
        .replace("{token}", downloadToken)
        .replace("{trialId}", "MLT-0001")
        .replace("{case}", "ab".repeat(32))
        .replace("{version}", "1");
    String query = switch (route) {
      case "GET /v1/receipts/state" -> "?key=records/record/" + rec;
      case "GET /v1/proofs/consistency" -> "?from=1&to=2";
      case "POST /v1/records" -> "?patient=" + patient1 + "&category=laboratory";
      case "GET /fhir/{type}" -> "?patient=" + patient1;
      case "GET /v1/adverse-events", "GET /v1/adverse-events/received" -> "?patient=" + patient1;
      case "GET /v1/adverse-events/lot" -> "?gtin=09506000134352&lot=L1";
      case "GET /v1/drugs/verify" -> "?code=" + java.net.URLEncoder.encode("(01)09506000134352(21)1", StandardCharsets.UTF_8);
      default -> "";
    };
    return filled + query;
  }

  /** Whether a route's concrete request names patient 1 or one of her objects (its object-level check applies). */
  boolean namesAnotherPatientsObject(String concretePath) {
    return concretePath.contains(patient1.toString()) || concretePath.contains(record.record().hex())
        || concretePath.contains(record.txId().hex()) || concretePath.contains(milestone);
  }

  /** The signed read request header {@code c} sends with a read of a health record (none for other paths). */
  String[] readRequest(Caller c, String path) {
    Matcher m = RECORD_READ.matcher(path);
    if (!m.matches()) {
      return new String[0];
    }
    String rec = m.group(1) != null ? m.group(1) : m.group(4);
    return new String[] {org.medledger.apps.records.contract.audit.SignedReadRequest.HEADER + ": "
        + c.sdk().signReadRequest(rec, "TREAT", null).toHex()};
  }

  /** A loopback address per abuse and route: each its own client, so no abuse spends another's rate budget. */
  static String source(int abuse, int route) {
    return "127." + (10 + abuse) + "." + (route / 250) + "." + (route % 250 + 1);
  }

  static String status(RawHttps.Answer a) {
    return Integer.toString(a.status());
  }
}
