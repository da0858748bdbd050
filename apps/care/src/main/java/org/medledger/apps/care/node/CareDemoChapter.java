package org.medledger.apps.care.node;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.medledger.apps.records.contract.patient.PatientId;
import org.medledger.client.ApiException;
import org.medledger.client.ClientIdentity;
import org.medledger.client.MedLedgerClient;
import org.medledger.client.ReceiptVerifier;
import org.medledger.client.TransactionBuilder;
import org.medledger.client.Verification;
import org.medledger.core.genesis.GenesisJson;
import org.medledger.node.application.DemoChapter;
import org.medledger.node.application.DemoStage;

/**
 * The care part of the demo (issue 16, "Both"): dr-wang, licensed for {@code record-care}, gives
 * patient-1 a recovery plan (two versions) and a goal, stored through the vault and chained on the
 * ledger; dr-chen, whose licence the board suspended, is refused a milestone; dr-wang records her
 * discharge and the goal achieved; she shares the discharge alone with her insurer, whose
 * assessor reads it and nothing else, as her audit of looks shows; the discharge's receipt is
 * written to a file and verified offline with the genesis alone.
 */
final class CareDemoChapter implements DemoChapter {
  static final String RECEIPT_FILE = "sample-milestone-receipt.json";
  private static final ObjectMapper JSON = new ObjectMapper();

  private DemoStage stage;
  private PrintStream out;
  private String pid;

  @Override
  public String title() {
    return "care";
  }

  /**
   * After credentials (26), which license dr-wang for {@code record-care}, enforce it and suspend
   * dr-chen; and after insurance (25), whose assessor is the insurer she shares a milestone with.
   */
  @Override
  public int storyOrder() {
    return 27;
  }

  @Override
  public void play(DemoStage stage) throws Exception {
    if (!stage.freshNetwork()) {
      return; // her plan's version 1 is on the ledger already: a second version 1 would start another chain
    }
    this.stage = stage;
    this.out = stage.out();
    String apiA = stage.apiUrls().get(0);
    MedLedgerClient wang = client("dr-wang", apiA);
    MedLedgerClient patient = client("patient-1", apiA);
    MedLedgerClient insurer = client("assessor", apiA);
    pid = PatientId.of(stage.suite().hash(), stage.identities().get("patient-1").certificate().getPublicKey().getEncoded())
        .toString();
    out.println("care:");

    String plan = store(wang, "{\"resourceType\":\"CarePlan\",\"status\":\"active\",\"intent\":\"plan\","
        + "\"title\":\"Recovery after knee replacement\",\"subject\":{\"reference\":\"Patient/" + pid + "\"}}");
    say("dr-wang (licensed for record-care) stores patient-1's recovery plan (FHIR CarePlan) in the vault and records it as"
        + " version 1 of her plan", version(wang, "CarePlan", plan, 1, null, "after her knee replacement"));
    String week3 = store(wang, "{\"resourceType\":\"CarePlan\",\"status\":\"active\",\"intent\":\"plan\","
        + "\"title\":\"Recovery after knee replacement: physiotherapy twice a week from week 3\",\"subject\":{\"reference\":"
        + "\"Patient/" + pid + "\"}}");
    say("  version 2 follows it, the first kept as it was", version(wang, "CarePlan", week3, 2, plan,
        "physiotherapy twice a week from week 3"));
    String goal = store(wang, "{\"resourceType\":\"Goal\",\"lifecycleStatus\":\"active\",\"achievementStatus\":"
        + "{\"coding\":[{\"system\":\"http://terminology.hl7.org/CodeSystem/goal-achievement\",\"code\":\"in-progress\"}]},"
        + "\"description\":{\"text\":\"Walk 500 m unaided\"},\"subject\":{\"reference\":\"Patient/" + pid + "\"}}");
    say("dr-wang sets her goal (FHIR Goal 'Walk 500 m unaided', in progress) as version 1", version(wang, "Goal", goal, 1,
        null, "set at admission"));

    JsonNode byChen = client("dr-chen", stage.apiUrls().get(1)).post("v1/care/milestones", milestone("follow-up-done", null));
    if (byChen.path("outcome").path("success").asBoolean()) {
      throw new IllegalStateException("dr-chen recorded a milestone while her licence is suspended: " + byChen);
    }
    out.println("  dr-chen (hospital-b, licence suspended) records a follow-up for patient-1: refused by contract ("
        + byChen.path("outcome").path("code").asText() + ": " + byChen.path("outcome").path("message").asText() + ")");

    JsonNode discharge = wang.post("v1/care/milestones", milestone("discharge", plan));
    say("dr-wang records her discharge, a milestone of the plan", discharge);
    String dischargeId = discharge.get("txId").asText();
    JsonNode achieved = wang.post("v1/care/milestones", milestone("goal-achieved", goal));
    say("dr-wang records her goal achieved", achieved);
    String achievedId = achieved.get("txId").asText();

    say("patient-1 shares the discharge alone with her insurer (signed by her key)", patient.submit(new TransactionBuilder(
        stage.identities().get("patient-1"), stage.chainId(), Clock.systemUTC()).build("care", "shareMilestone", Map.of(
        "milestone", dischargeId, "organisation", "insurer")), true));
    sharedMilestoneRead(insurer, patient, dischargeId, achievedId);
    receipt(patient, dischargeId);
  }

  /** The assessor reads the shared milestone, bare; the other milestone and the timeline stay closed; her audit shows it. */
  private void sharedMilestoneRead(MedLedgerClient insurer, MedLedgerClient patient, String discharge, String achieved) {
    JsonNode seen = insurer.get("v1/care/milestones/" + discharge);
    out.println("  the insurer (assessor) reads the discharge: " + seen.path("type").asText() + " by " + seen.path("organisation")
        .asText() + "'s " + seen.path("signerRole").asText() + " at height " + seen.path("height").asText() + ", basis "
        + seen.path("basis").asText() + (seen.has("chain") || seen.has("record") ? ", WITH the plan behind it"
        : "; not the plan nor any record behind it"));
    refused("  the insurer asks for her goal-achieved milestone", () -> insurer.get("v1/care/milestones/" + achieved));
    refused("  the insurer asks for her care timeline", () -> insurer.get("v1/care/patients/" + pid + "/timeline"));
    int served = 0;
    int refused = 0;
    StringBuilder read = new StringBuilder();
    for (JsonNode look : patient.get("v1/care/patients/" + pid + "/views").path("views")) {
      if (!look.path("viewerOrganisation").asText().equals("insurer")) {
        continue;
      }
      if (look.path("served").asText().equals("true")) {
        served++;
        read.append(look.has("milestone") ? "milestone " + look.get("milestone").asText().substring(0, 16) + "…" : "her timeline")
            .append(" (").append(look.path("entries").asText()).append(" entry)");
      } else {
        refused++;
      }
    }
    out.println("  patient-1's audit of looks at her care: the insurer was served " + served + " look, " + read + ", which is"
        + (read.toString().contains(discharge.substring(0, 16)) ? "" : " NOT") + " the discharge; refused " + refused);
    if (served != 1 || !read.toString().startsWith("milestone " + discharge.substring(0, 16))) {
      throw new IllegalStateException("the audit shows more than the shared milestone read by the insurer: " + read);
    }
  }

  /** Patient-1 keeps the discharge's receipt and checks it as {@code medledger verify} does: offline, the genesis alone. */
  private void receipt(MedLedgerClient patient, String discharge) throws Exception {
    JsonNode receipt = patient.transactionReceipt(discharge);
    Path file = stage.dataDir().resolve(RECEIPT_FILE);
    Files.writeString(file, receipt.toPrettyString());
    Verification v = new ReceiptVerifier(GenesisJson.read(Files.readString(stage.genesisFile())))
        .verify(JSON.readTree(Files.readAllBytes(file)));
    out.println("  patient-1 keeps her discharge's receipt: " + file);
    out.println("    checked offline, the genesis alone: " + (v.ok() ? "VERIFIED" : "FAILED " + v));
    if (!v.ok()) {
      throw new IllegalStateException("the discharge's receipt does not verify: " + v);
    }
    out.println("    check it yourself: medledger verify " + file + " --genesis " + stage.genesisFile());
  }

  private void refused(String what, Runnable call) {
    try {
      call.run();
      throw new IllegalStateException(what + ": served, though she did not share it");
    } catch (ApiException e) {
      out.println(what + ": refused, " + e.getMessage());
    }
  }

  /** Stores a FHIR document of hers through records (category care) and answers its record hash. */
  private String store(MedLedgerClient by, String fhir) {
    return by.storeRecord(pid, "care", fhir.getBytes(StandardCharsets.UTF_8), "application/fhir+json").get("record").asText();
  }

  private JsonNode version(MedLedgerClient by, String kind, String record, int number, String previous, String reason) {
    ObjectNode b = JSON.createObjectNode().put("patient", pid).put("kind", kind).put("record", record).put("version", number)
        .put("reason", reason);
    if (previous != null) {
      b.put("previous", previous);
    }
    return by.post("v1/care/plans/versions", b);
  }

  private ObjectNode milestone(String type, String chain) {
    ObjectNode b = JSON.createObjectNode().put("patient", pid).put("type", type);
    return chain == null ? b : b.put("chain", chain);
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
    ClientIdentity id = stage.identities().get(user);
    return new MedLedgerClient(api, stage.trust()).withToken(stage.tokens().get(user)).signingReadsAs(id.certificateId(),
        id.signer());
  }
}
