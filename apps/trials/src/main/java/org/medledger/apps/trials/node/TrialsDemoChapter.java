package org.medledger.apps.trials.node;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.erdtman.jcs.JsonCanonicalizer;
import org.medledger.apps.records.contract.consent.ConsentGrant;
import org.medledger.apps.records.contract.consent.Grantee;
import org.medledger.apps.records.contract.consent.PurposeOfUse;
import org.medledger.apps.records.contract.patient.PatientId;
import org.medledger.apps.trials.contract.TrialsContract;
import org.medledger.client.MedLedgerClient;
import org.medledger.client.ReceiptVerifier;
import org.medledger.client.TransactionBuilder;
import org.medledger.client.Verification;
import org.medledger.core.genesis.GenesisJson;
import org.medledger.crypto.Hash;
import org.medledger.crypto.Hex;
import org.medledger.node.application.DemoChapter;
import org.medledger.node.application.DemoStage;
import org.medledger.node.application.DemoText;

/**
 * The trials part of the demo (issue 17, "Both"): the demo's trial sponsor registers a trial
 * before anyone enrols, dr-wang enrols patient-1 under her research consent as the first
 * participant (which fixes the baseline), the
 * sponsor amends the registration with a stated reason to add a secondary outcome, then submits
 * results that report the primary outcome at another time frame than registered (a switch no
 * amendment declared) and the added outcome: both are flagged on the ledger, COMPare-style. Every
 * step goes through the routes a deployment uses; the registry and its flags are read as the
 * public reads them, and each flag's state receipt is kept and checked offline. At the end the
 * sponsor reveals the full protocol whose hash the registration committed, and the file is
 * checked against the ledger offline.
 */
final class TrialsDemoChapter implements DemoChapter {
  static final String SPONSOR = "trials-office";
  static final String TRIAL = "MLD-STROKE-1";
  private static final ObjectMapper JSON = new ObjectMapper();

  private DemoStage stage;
  private PrintStream out;

  @Override
  public String title() {
    return "trials";
  }

  /** After care (27): a research story of its own, needing only dr-wang as investigator; before drugs (30). */
  @Override
  public int storyOrder() {
    return 28;
  }

  @Override
  public void play(DemoStage stage) throws Exception {
    if (!stage.freshNetwork()) {
      return; // the trial is registered already: registering it again would be refused (already_registered)
    }
    this.stage = stage;
    this.out = stage.out();
    String api = stage.apiUrls().get(0);
    MedLedgerClient sponsor = client(SPONSOR, api);
    MedLedgerClient wang = client("dr-wang", api);
    String organisation = org.medledger.crypto.x509.Names.organisation(stage.identities().get(SPONSOR).certificate());
    out.println("trials:");

    Hash protocolHash = Hash.of(stage.suite().hash().hash(PROTOCOL));
    String v1 = canonical(registration(organisation, false, protocolHash));
    say(SPONSOR + " of " + organisation + " registers trial " + TRIAL + " before anyone is enrolled (RFC 8785 document, hash "
        + DemoText.fingerprint(stage.suite(), v1).substring(0, 16) + "… on the ledger; its full protocol stays with the sponsor,"
        + " only its hash " + protocolHash.hex().substring(0, 16) + "… is committed)", submit(sponsor, SPONSOR,
        TrialsContract.REGISTER, Map.of("document", v1)));
    Hash consent = researchConsent(client("patient-1", api), organisation);
    JsonNode enrolled = submit(wang, "dr-wang", TrialsContract.ENROL, Map.of("trialId", TRIAL, "patient", patientOne().value().hex(),
        "consent", consent.hex()));
    say("dr-wang (an investigator at hospital-a) enrols patient-1 as its first participant, under that consent: version 1 is now"
        + " the baseline", enrolled);
    String reason = "add quality of life at the ethics committee's request";
    say(SPONSOR + " amends it, reason '" + reason + "': version 2 adds secondary outcome S3", submit(sponsor, SPONSOR,
        TrialsContract.AMEND, Map.of("trialId", TRIAL, "document", canonical(registration(organisation, true, protocolHash)), "reason", reason)));
    JsonNode results = submit(sponsor, SPONSOR, TrialsContract.SUBMIT_RESULTS, Map.of("trialId", TRIAL, "document",
        canonical(results())));
    say(SPONSOR + " submits results reporting P1 at 6 months (registered: 12 months) and S3", results);

    JsonNode versions = sponsor.get("v1/trials/" + TRIAL + "/versions");
    out.println("  the public registry (no token), versions against the baseline (version " + versions.path("baselineVersion")
        .asText() + "): version 2 '" + versions.path("version.0002.reason").asText() + "', outcomes "
        + versions.path("version.0002.outcomesAgainstBaseline").asText());
    JsonNode flags = sponsor.get("v1/trials/" + TRIAL + "/flags");
    int n = flags.path("flags").asInt();
    if (n != 2) {
      throw new IllegalStateException("the results should carry two flags (P1 switched, S3 added), not " + flags);
    }
    ReceiptVerifier verifier = new ReceiptVerifier(GenesisJson.read(Files.readString(stage.genesisFile())));
    long height = results.path("height").asLong();
    for (int i = 1; i <= n; i++) {
      String p = "flag.000" + i + ".";
      JsonNode receipt = sponsor.stateReceipt(TrialsContract.NAME + "/" + flags.path(p + "key").asText(), height);
      Path file = stage.dataDir().resolve("sample-trial-flag-" + i + "-receipt.json");
      Files.writeString(file, receipt.toPrettyString());
      Verification v = verifier.verify(JSON.readTree(Files.readAllBytes(file)));
      out.println("  flag " + i + ", " + flags.path(p + "kind").asText() + " " + flags.path(p + "outcomeId").asText() + ": "
          + flags.path(p + "detail").asText());
      out.println("    its state receipt " + file + ", checked offline, the genesis alone: " + (v.ok() ? "VERIFIED" : "FAILED " + v));
      if (!v.ok()) {
        throw new IllegalStateException("flag " + i + "'s receipt does not verify: " + v);
      }
    }
    out.println("    check them yourself: medledger verify <file> --genesis " + stage.genesisFile() + "; the registry in a browser: "
        + api + "/ui/trials/trial?id=" + TRIAL);
    revealProtocol(sponsor, protocolHash);
  }

  /**
   * With the results in, the sponsor publishes the full protocol its registration committed by
   * hash; the ledger took it only because the bytes match, and anyone holding the file checks it
   * against the ledger with the commitment's state receipt and the genesis alone.
   */
  private void revealProtocol(MedLedgerClient sponsor, Hash protocolHash) throws IOException {
    JsonNode revealed = submit(sponsor, SPONSOR, TrialsContract.REVEAL_PROTOCOL, Map.of("trialId", TRIAL, "protocol",
        Hex.encode(PROTOCOL)));
    say(SPONSOR + " reveals the full protocol (" + PROTOCOL.length + " bytes), which the ledger checked against the hash committed"
        + " at registration", revealed);
    Path file = Files.write(stage.dataDir().resolve("sample-trial-protocol.txt"), PROTOCOL);
    JsonNode receipt = sponsor.stateReceipt(TrialsContract.NAME + "/" + TrialsContract.protocolKey(TRIAL, protocolHash),
        revealed.path("height").asLong());
    Path receiptFile = stage.dataDir().resolve("sample-trial-protocol-receipt.json");
    Files.writeString(receiptFile, receipt.toPrettyString());
    Verification v = ProtocolCheck.verify(GenesisJson.read(Files.readString(stage.genesisFile())),
        JSON.readTree(Files.readAllBytes(receiptFile)), Files.readAllBytes(file));
    out.println("    the protocol " + file + " against its receipt " + receiptFile + ", offline: " + (v.ok() ? "VERIFIED" : "FAILED " + v));
    if (!v.ok()) {
      throw new IllegalStateException("the revealed protocol does not verify against its receipt: " + v);
    }
    out.println("    check it yourself: medledger trials verify-protocol " + file + " --receipt " + receiptFile + " --genesis "
        + stage.genesisFile() + "; anyone reads it at " + stage.apiUrls().get(0) + "/v1/trials/" + TRIAL + "/versions/1/protocol");
  }

  /**
   * Patient-1 signs, with her own key, a consent letting the sponsor use her data for research
   * ({@code HRESCH}, every category, a year), and submits it herself: enrolment needs it.
   */
  private Hash researchConsent(MedLedgerClient patient, String sponsor) {
    long now = System.currentTimeMillis();
    ConsentGrant grant = new ConsentGrant(stage.chainId(), patientOne(), Grantee.parse("org:" + sponsor),
        new TreeSet<>(List.of(ConsentGrant.ALL)), new TreeSet<>(), new TreeSet<>(List.of(PurposeOfUse.HRESCH)), now - 60_000,
        now + 365L * 86_400_000L, false, "trial-" + TRIAL);
    byte[] bytes = grant.encode();
    say("patient-1 consents, with her own key, to " + sponsor + " using her data for research (HRESCH) for a year",
        submit(patient, "patient-1", "consent", "grant", Map.of("grant", Hex.encode(bytes), "signature",
            Hex.encode(stage.identities().get("patient-1").signer().sign(bytes)))));
    return grant.id(stage.suite().hash());
  }

  private PatientId patientOne() {
    return PatientId.of(stage.suite().hash(), stage.identities().get("patient-1").certificate().getPublicKey().getEncoded());
  }

  /** The full protocol the sponsor keeps until it reveals it: the registration commits only its hash. */
  static final byte[] PROTOCOL = ("MLD-STROKE-1 protocol, version 1.0 (SPIRIT 2013 items)\n"
      + "Design: randomised, open-label, blinded end-point; 1:1 early (within 48 hours) versus day-7 apixaban.\n"
      + "Sample size: 2000 (power 80 % for a 1.5 percentage-point difference in P1).\n"
      + "Primary outcome P1: recurrent stroke or systemic embolism at 12 months.\n"
      + "Secondary outcomes: S1 major bleeding (ISTH) at 12 months; S2 all-cause mortality at 12 months.\n"
      + "Statistical analysis: intention to treat; no interim analysis of P1.\n").getBytes(java.nio.charset.StandardCharsets.UTF_8);

  /** Version 1 (P1, S1, S2), or version 2 which adds S3; both due a year after primary completion, both committing the protocol. */
  private static ObjectNode registration(String sponsor, boolean withQualityOfLife, Hash protocolHash) {
    ObjectNode d = JSON.createObjectNode();
    d.put("trialId", TRIAL).put("title", "Early anticoagulation after minor ischaemic stroke").put("sponsor", sponsor);
    d.putArray("conditions").add("Ischaemic stroke");
    d.putArray("interventions").add("Apixaban started within 48 hours").add("Apixaban started at day 7");
    outcome(d.putArray("primaryOutcomes"), "P1", "Recurrent stroke or systemic embolism", "12 months");
    ArrayNode secondary = d.putArray("secondaryOutcomes");
    outcome(secondary, "S1", "Major bleeding (ISTH criteria)", "12 months");
    outcome(secondary, "S2", "All-cause mortality", "12 months");
    if (withQualityOfLife) {
      outcome(secondary, "S3", "Quality of life (EQ-5D-5L)", "12 months");
    }
    d.put("primaryCompletionDate", "2027-06-30");
    d.put("protocolHash", protocolHash.hex());
    return d;
  }

  /** P1 switched to 6 months (no amendment declared it), S1 and S2 as registered, S3 added after enrolment. */
  private static ObjectNode results() {
    ObjectNode r = JSON.createObjectNode().put("trialId", TRIAL);
    ArrayNode reported = r.putArray("reportedOutcomes");
    outcome(reported, "P1", "Recurrent stroke or systemic embolism", "6 months");
    outcome(reported, "S1", "Major bleeding (ISTH criteria)", "12 months");
    outcome(reported, "S2", "All-cause mortality", "12 months");
    outcome(reported, "S3", "Quality of life (EQ-5D-5L)", "12 months");
    return r;
  }

  private static void outcome(ArrayNode list, String id, String measure, String timeFrame) {
    list.addObject().put("id", id).put("measure", measure).put("timeFrame", timeFrame);
  }

  private static String canonical(ObjectNode document) throws IOException {
    return new JsonCanonicalizer(JSON.writeValueAsString(document)).getEncodedString();
  }

  /** Her own signed transaction, through the node's API, answered once committed. */
  private JsonNode submit(MedLedgerClient client, String user, String method, Map<String, String> args) {
    return submit(client, user, TrialsContract.NAME, method, args);
  }

  private JsonNode submit(MedLedgerClient client, String user, String contract, String method, Map<String, String> args) {
    var tx = new TransactionBuilder(stage.identities().get(user), stage.chainId(), Clock.systemUTC())
        .build(contract, method, new LinkedHashMap<>(args));
    return client.post("v1/transactions?wait=true", JSON.createObjectNode().put("transaction", Hex.encode(tx.encoded())));
  }

  private void say(String what, JsonNode reply) {
    JsonNode o = reply.path("outcome");
    if (!o.path("success").asBoolean()) {
      throw new IllegalStateException(what + ": refused by contract (" + o.path("code").asText() + ": "
          + o.path("message").asText() + ")");
    }
    out.println("  " + what + ": committed at height " + reply.path("height").asText());
  }

  private MedLedgerClient client(String user, String api) {
    return new MedLedgerClient(api, stage.trust()).withToken(stage.tokens().get(user));
  }
}
