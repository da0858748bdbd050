package org.medledger.apps.records.node;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.medledger.client.ApiException;
import org.medledger.client.ClientIdentity;
import org.medledger.client.MedLedgerClient;
import org.medledger.client.TransactionBuilder;
import org.medledger.apps.records.contract.consent.ConsentGrant;
import org.medledger.apps.records.contract.consent.ConsentRevocation;
import org.medledger.apps.records.contract.consent.Grantee;
import org.medledger.apps.records.contract.consent.PurposeOfUse;
import org.medledger.apps.records.contract.patient.PatientId;
import org.medledger.crypto.CryptoSuite;
import org.medledger.crypto.Hash;
import org.medledger.crypto.Hex;
import org.medledger.crypto.Signer;

/**
 * The health-record part of the demo: two patients (one holding her own key, one whose key
 * hospital-a's wallet keeps), records stored through the vault, consents (in force, expired,
 * revoked), reads served and refused through the policy point, a break-glass read, the
 * patient's view of it all, a node whose disk is replaced rebuilding its shards, and an erasure,
 * every step but the disk loss through the same REST API a hospital system uses.
 */
final class HealthDemo {
  private final CryptoSuite cs;
  private final String chainId;
  private final Map<String, ClientIdentity> ids;
  private final Map<String, String> tokens;
  private final String apiA;
  private final String apiB;
  private final org.medledger.client.ApiServerTrust trust;
  private final Path data;
  private final PrintStream out;
  private final java.util.List<org.medledger.node.MedLedgerNode> nodes;
  /** Patient-2's printed one-time step-up codes: the wallet signs for her only with one of them. */
  private final java.util.Deque<String> p2Codes = new java.util.ArrayDeque<>();

  HealthDemo(CryptoSuite cs, String chainId, Map<String, ClientIdentity> ids, Map<String, String> tokens, String apiA,
      String apiB, org.medledger.client.ApiServerTrust trust, Path data, PrintStream out,
      java.util.List<org.medledger.node.MedLedgerNode> nodes) {
    this.trust = trust;
    this.nodes = nodes;
    this.cs = cs;
    this.chainId = chainId;
    this.ids = ids;
    this.tokens = tokens;
    this.apiA = apiA;
    this.apiB = apiB;
    this.data = data;
    this.out = out;
  }

  private MedLedgerClient client(String user, String api) {
    MedLedgerClient c = new MedLedgerClient(api, trust).withToken(tokens.get(user));
    ClientIdentity id = ids.get(user);
    // Every health read carries the reader's own signed request (issue 20 finding 2).
    return id == null ? c : c.signingReadsAs(id.certificateId(), id.signer());
  }

  private TransactionBuilder tx(String user) {
    return new TransactionBuilder(ids.get(user), chainId, Clock.systemUTC());
  }

  void run() throws Exception {
    MedLedgerClient wang = client("dr-wang", apiA);
    MedLedgerClient chen = client("dr-chen", apiB);
    MedLedgerClient self = client("patient-1", apiA);
    MedLedgerClient inspector = client("inspector", apiA);
    MedLedgerClient insurer = client("insurer-admin", apiA);

    out.println("health records:");
    byte[] key1 = ids.get("patient-1").certificate().getPublicKey().getEncoded();
    PatientId p1 = PatientId.of(cs.hash(), key1);
    say("dr-wang registers patient-1 (her own key, pseudonym " + p1.toString().substring(0, 16) + "…)",
        wang.submit(tx("dr-wang").build("patients", "register", Map.of("publicKey", Hex.encode(key1), "custody", "self",
            "signature", org.medledger.apps.records.contract.patient.CareRegistration.sign(ids.get("patient-1").signer(), chainId, p1, "hospital-a"),
            // her phone's second key pair: records are wrapped for her to it, never to the key that signs her consents
            "encryptionKeyCertificate", org.medledger.apps.records.contract.patient.PatientEncryptionKey.certificate(cs, ids.get("patient-1").signer(),
                chainId, cs.generateEncryptionKeyPair(new java.security.SecureRandom()).getPublic()))),
            true));
    JsonNode custodial = wang.post("v1/patients", new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode());
    byte[] key2 = Hex.decode(custodial.get("publicKey").asText());
    PatientId p2 = PatientId.of(cs.hash(), key2);
    say("dr-wang registers patient-2, whose key hospital-a's wallet makes and keeps sealed", custodial);
    custodial.path("stepUpCodes").forEach(c -> p2Codes.add(c.asText()));
    out.println("    patient-2 is handed " + p2Codes.size() + " one-time step-up codes (printed once; the node keeps only"
        + " their HMACs): the wallet signs for her only with one of them");
    try {
      wang.post("v1/patients/" + p2 + "/care",
          new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode().put("organisation", "hospital-b"));
    } catch (ApiException e) {
      out.println("  dr-wang asks the wallet to sign a referral for patient-2 without her code: " + e.getMessage());
    }
    JsonNode referral = wang.post("v1/patients/" + p2 + "/care",
        new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode().put("organisation", "hospital-b")
            .put("stepUpCode", p2Codes.pop()));
    say("dr-chen registers the same patient-2 key at hospital-b, with her referral signed by hospital-a's wallet: one pseudonym across both hospitals",
        chen.submit(tx("dr-chen").build("patients", "register", Map.of("publicKey", Hex.encode(key2),
            "signature", referral.get("signature").asText())), true));

    String lab = "{\"resourceType\":\"DiagnosticReport\",\"status\":\"final\",\"code\":{\"text\":\"HbA1c\"},"
        + "\"subject\":{\"reference\":\"Patient/" + p1 + "\"},\"conclusion\":\"HbA1c 6.1 %\"}";
    JsonNode labRec = wang.storeRecord(p1.toString(), "laboratory", lab.getBytes(StandardCharsets.UTF_8), "application/fhir+json");
    out.println("  dr-wang stores patient-1's lab report (FHIR DiagnosticReport) in the vault: record "
        + labRec.get("record").asText().substring(0, 16) + "…, one shard on each of " + labRec.get("holders"));
    byte[] pdf = ("%PDF-1.4 demo CT report for " + p1 + " " + System.nanoTime()).getBytes(StandardCharsets.UTF_8);
    JsonNode ctRec = wang.storeRecord(p1.toString(), "imaging", pdf, "application/pdf");
    out.println("  dr-wang stores patient-1's CT report (PDF, Binary): record " + ctRec.get("record").asText().substring(0, 16) + "…");
    String obs = "{\"resourceType\":\"Observation\",\"status\":\"final\",\"code\":{\"text\":\"Penicillin allergy\"},"
        + "\"subject\":{\"reference\":\"Patient/" + p2 + "\"}}";
    JsonNode obsRec = wang.storeRecord(p2.toString(), "allergy", obs.getBytes(StandardCharsets.UTF_8), "application/fhir+json");
    out.println("  dr-wang stores patient-2's allergy (FHIR Observation): record " + obsRec.get("record").asText().substring(0, 16) + "…");
    try {
      wang.storeRecord(p1.toString(), "laboratory", "{\"resourceType\":".getBytes(StandardCharsets.UTF_8), "application/fhir+json");
    } catch (ApiException e) {
      out.println("  a broken FHIR document is refused: " + e.getMessage().lines().findFirst().orElse(""));
    }

    long now = System.currentTimeMillis();
    Signer patient1 = ids.get("patient-1").signer();
    ConsentGrant toB = grant(p1, "org:hospital-b", "laboratory", PurposeOfUse.TREAT, now - 1000, now + 86_400_000L, "referral-b");
    say("patient-1 consents: hospital-b may read her laboratory records for treatment, 24 h", grantTx(self, "patient-1", toB, patient1));
    ConsentGrant shortOne = grant(p1, "org:hospital-b", "imaging", PurposeOfUse.TREAT, now - 1000, now + 3000, "second-opinion");
    say("patient-1 consents: hospital-b may read her imaging for 3 seconds", grantTx(self, "patient-1", shortOne, patient1));
    ConsentGrant toInsurer = grant(p1, "org:insurer", "laboratory", PurposeOfUse.HPAYMT, now - 1000, now + 86_400_000L, "claim-17");
    say("patient-1 consents: the insurer may read her laboratory records for a claim", grantTx(self, "patient-1", toInsurer, patient1));
    Hash revoked = toInsurer.id(cs.hash());
    say("patient-1 revokes the insurer's consent", self.submit(tx("patient-1").build("consent", "revoke", Map.of("consent", revoked.hex(),
        "signature", Hex.encode(patient1.sign(ConsentRevocation.statement(chainId, revoked))))), true));
    ConsentGrant forged = grant(p1, "org:insurer", "all", PurposeOfUse.HPAYMT, now - 1000, now + 86_400_000L, "forged");
    say("someone submits a consent for patient-1 signed with another key", grantTx(insurer, "insurer-admin", forged,
        cs.signatures().signer(cs.signatures().generateKeyPair(new SecureRandom()))));

    String labHash = labRec.get("record").asText();
    String ctHash = ctRec.get("record").asText();
    byte[] served = awaitContent(chen, labHash);
    out.println("  dr-chen (hospital-b) reads the lab report under consent: served, " + served.length + " bytes, "
        + (new String(served, StandardCharsets.UTF_8).equals(lab) ? "identical to what dr-wang stored" : "DIFFERENT"));
    Thread.sleep(Math.max(0, now + 3500 - System.currentTimeMillis()));
    read("dr-chen reads the CT report after its consent expired", () -> chen.recordContent(ctHash, "TREAT", null));
    read("the insurer reads the lab report for a claim after the consent was revoked", () -> insurer.recordContent(labHash, "HPAYMT", null));
    read("the regulator asks for the lab report's content", () -> inspector.recordContent(labHash, "PUBHLTH", null));
    read("dr-chen asks for patient-2's allergy without consent", () -> chen.recordContent(obsRec.get("record").asText(), "TREAT", null));
    read("dr-chen breaks the glass for patient-2's allergy (ETREAT, 'anaphylaxis in A&E')",
        () -> chen.recordContent(obsRec.get("record").asText(), "ETREAT", "anaphylaxis in A&E"));

    JsonNode link = self.post("v1/records/" + labHash + "/download-link?ttl=600",
        new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode());
    Path qr = data.resolve("sample-download-qr.png");
    Files.write(qr, org.medledger.client.ReceiptQr.png(link.get("url").asText(), 400));
    var got = java.net.http.HttpClient.newBuilder().sslContext(trust.sslContext()).build().send(java.net.http.HttpRequest.newBuilder(
        java.net.URI.create(link.get("url").asText())).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
    out.println("  patient-1 gets a signed 10-minute download link for her lab report, as a QR code for her phone: " + qr);
    out.println("    scanning it (no token) downloads " + got.body().length() + " bytes, status " + got.statusCode()
        + "; the download is audited like any read");

    Thread.sleep(500);
    JsonNode view = self.patientView(p1.toString());
    Path viewFile = data.resolve("sample-patient-view.json");
    Files.writeString(viewFile, view.toPrettyString());
    StringBuilder statuses = new StringBuilder();
    view.get("consents").forEach(c -> statuses.append(statuses.length() == 0 ? "" : ", ").append(c.get("reference").asText())
        .append(' ').append(c.get("status").asText()));
    long servedCount = 0;
    long refusedCount = 0;
    for (JsonNode a : view.get("accesses")) {
      if (a.get("outcome").asText().equals("served")) {
        servedCount++;
      } else {
        refusedCount++;
      }
    }
    out.println("  patient-1's view: " + view.get("records").size() + " records; consents: " + statuses + "; "
        + servedCount + " reads served and " + refusedCount + " refused, each with who, organisation, purpose and basis");
    JsonNode view2 = client("dr-wang", apiA).patientView(p2.toString());
    view2.get("accesses").forEach(a -> {
      if (a.get("breakGlass").asBoolean()) {
        out.println("  patient-2's view flags the break-glass read: " + a.get("organisation").asText() + " " + a.get("role").asText()
            + ", reason \"" + a.get("reason").asText().replace("break-glass: ", "") + "\"");
      }
    });
    out.println("  the regulator sees patient-1's metadata and audit, never content: " + inspector.patientView(p1.toString())
        .get("accesses").size() + " accesses listed; saved to " + viewFile);

    replacedDisk(chen, labHash);
    erasure(wang, chen, p2, obsRec.get("record").asText());
  }

  /** A node loses its disk: reads still gather k shards from the others, and the node rebuilds its own. */
  private void replacedDisk(MedLedgerClient chen, String labHash) throws Exception {
    Hash record = Hash.fromHex(labHash);
    org.medledger.node.MedLedgerNode insurer = nodes.stream()
        .filter(n -> n.config().organisation().equals("insurer")).findFirst().orElseThrow();
    java.util.List<Integer> held = insurer.vault().heldShards(record);
    for (int i : held) {
      Files.delete(shardFile(insurer, labHash, i));
    }
    out.println("  the insurer's node loses its shard" + (held.size() == 1 ? "" : "s") + " " + held + " of the lab report (its disk replaced)");
    byte[] again = chen.recordContent(labHash, "TREAT", null);
    out.println("    dr-chen reads the lab report again: served, " + again.length + " bytes from the 3 shards still held");
    int rebuilt = insurer.vault().repair();
    out.println("    the insurer's node rebuilds what it lacks from the others: " + rebuilt + " shard(s) of records it should hold,"
        + " now holding " + insurer.vault().heldShards(record) + " of the lab report again, checked against the ledger's hash");
  }

  /**
   * Patient-2 asks to be forgotten: every shard and wrapped key of her records goes from every
   * node; the hashes, the audit and the erasure itself stay on the chain and verify.
   */
  private void erasure(MedLedgerClient wang, MedLedgerClient chen, PatientId p2, String allergy) throws Exception {
    long before = shardFilesOf(allergy);
    JsonNode pending = wang.post("v1/patients/" + p2 + "/erase",
        new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode().put("reference", "gdpr-art17-0042")
            .put("stepUpCode", p2Codes.pop()));
    out.println("  patient-2 asks to be forgotten, with one of her codes, through dr-wang: request " + pending.get("erasure").asText()
        .substring(0, 8) + "… " + pending.get("status").asText() + ", nothing signed until a second person approves");
    String approve = pending.get("approve").asText().substring(1);
    try {
      wang.post(approve, new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode());
    } catch (ApiException e) {
      out.println("  dr-wang tries to approve it himself: " + e.getMessage());
    }
    JsonNode erased = client("hospital-a-admin", apiA).post(approve, new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode());
    say("hospital-a-admin approves: the wallet signs her erasure request with her key, the custodian submits it", erased);
    long after = before;
    for (int i = 0; i < 100 && after > 0; i++) {
      Thread.sleep(50);
      after = shardFilesOf(allergy);
    }
    out.println("    shard files of her allergy record on the four nodes' disks: " + before + " before, " + after + " after");
    read("  dr-chen breaks the glass for it again", () -> chen.recordContent(allergy, "ETREAT", "anaphylaxis in A&E"));
    JsonNode receipt = wang.transactionReceipt(erased.get("txId").asText());
    Path receiptFile = data.resolve("sample-erasure-receipt.json");
    Files.writeString(receiptFile, receipt.toPrettyString());
    var verdict = new org.medledger.client.ReceiptVerifier(nodes.get(0).genesis()).verify(receipt);
    out.println("    erasure receipt (when: the block at height " + receipt.path("signedHeader").path("height").asText()
        + "; by whom: hospital-a's node signed the transaction, her key the request), checked offline: "
        + (verdict.ok() ? "VERIFIED" : "FAILED " + verdict) + "; saved to " + receiptFile);
    JsonNode view = wang.patientView(p2.toString());
    JsonNode rec = view.get("records").get(0);
    out.println("    what stays on the chain: the record's hash " + rec.get("record").asText().substring(0, 16) + "… ("
        + rec.get("status").asText() + " at height " + rec.get("erasedHeight").asText() + ") and all "
        + view.get("accesses").size() + " access events of her audit, each with its receipt");
  }

  /** Where a node keeps a shard (docs/format.md, "Shards on a node"). */
  private static Path shardFile(org.medledger.node.MedLedgerNode node, String record, int index) {
    return node.config().dataDir().resolve("shards").resolve("files").resolve(record.substring(0, 2)).resolve(record + "-" + index);
  }

  private long shardFilesOf(String record) throws java.io.IOException {
    long n = 0;
    for (org.medledger.node.MedLedgerNode node : nodes) {
      for (int i = 0; i < nodes.size(); i++) {
        n += Files.exists(shardFile(node, record, i)) ? 1 : 0;
      }
    }
    return n;
  }

  private ConsentGrant grant(PatientId p, String grantee, String category, PurposeOfUse purpose, long start, long end, String ref) {
    return new ConsentGrant(chainId, p, Grantee.parse(grantee), new TreeSet<>(Set.of(category)), new TreeSet<>(),
        new TreeSet<>(Set.of(purpose)), start, end, false, ref);
  }

  private JsonNode grantTx(MedLedgerClient via, String user, ConsentGrant g, Signer patientKey) {
    byte[] bytes = g.encode();
    return via.submit(tx(user).build("consent", "grant", Map.of("grant", Hex.encode(bytes),
        "signature", Hex.encode(patientKey.sign(bytes)))), true);
  }

  /** The custodian's node wraps the key for hospital-b right after the consent commits. */
  private byte[] awaitContent(MedLedgerClient c, String record) throws InterruptedException {
    for (int i = 0; ; i++) {
      try {
        return c.recordContent(record, "TREAT", null);
      } catch (ApiException e) {
        if (e.status() != 409 || i > 100) {
          throw e;
        }
        Thread.sleep(50);
      }
    }
  }

  private void read(String what, java.util.concurrent.Callable<byte[]> call) {
    try {
      byte[] b = call.call();
      out.println("  " + what + ": served, " + b.length + " bytes");
    } catch (ApiException e) {
      out.println("  " + what + ": " + e.getMessage());
    } catch (Exception e) {
      out.println("  " + what + ": " + e);
    }
  }

  private void say(String what, JsonNode committed) {
    JsonNode o = committed.path("outcome");
    out.println("  " + what + ": " + (o.path("success").asBoolean() ? "committed"
        : "refused by the ledger (" + o.path("code").asText() + ": " + o.path("message").asText() + ")")
        + " at height " + committed.path("height").asText());
  }
}
