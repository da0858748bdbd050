package org.medledger.node;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Predicate;
import org.medledger.apps.records.contract.audit.AccessEvent;
import org.medledger.apps.records.contract.audit.AuditContract;
import org.medledger.crypto.Hash;

/**
 * Every read refused to patient 2 (another patient's record), to the insurer at its own node and
 * to org-0's admin (her hospital holds the record, but she reads no clinical content:
 * docs/security.md, "Least privilege") is in patient 1's committed audit, as refused: the design
 * audits every read it decides (docs/security.md, "Access events"). A read refused before a
 * decision (no token, a forged one, another organisation at this node, no signed request) names
 * no requester the ledger could check: it is in validator 0's own refusal log instead ("Refused
 * requests"), which its admin and a regulator read, patient 1 reads the entries naming her from,
 * and every other member asking for is refused (and filed).
 */
final class RefusedReadAudit {
  private static final String LOG = "/v1/audit/refusals";
  private final AbuseWorld world;

  RefusedReadAudit(AbuseWorld world) {
    this.world = world;
  }

  void check(AbuseTable table) throws Exception {
    AbuseWorld.Caller insurer = world.insurer;
    AbuseWorld.Caller insurerAtHome = world.login(2, "assessor", insurer.id(), insurer.identity());
    RawHttps home = new RawHttps(world.trust.sslContext(), world.running.node(2).apiPort());
    String path = "/v1/records/" + world.record.record().hex() + "?purpose=TREAT";
    RawHttps.Answer a = home.send("127.0.9.1", "GET", path, insurerAtHome.token(), null, null, null,
        world.readRequest(insurerAtHome, path));
    table.note("audit: the insurer reading patient 1's record at its own node: " + a);
    Set<Hash> refusedReaders = new java.util.HashSet<>();
    RunningValidators.await("refused reads audited", 20_000, () -> {
      refusedReaders.clear();
      for (AccessEvent e : AuditContract.ofPatient(world.running.node(0).ledger().state(), world.patient1)) {
        if (!e.served()) {
          refusedReaders.add(e.requester());
        }
      }
      return refusedReaders.contains(world.patient2.id()) && refusedReaders.contains(insurer.id())
          && refusedReaders.contains(world.admin.id());
    });
    table.note("audit: refused reads of patient 1's record in her committed audit, by patient 2: "
        + refusedReaders.contains(world.patient2.id()) + ", by the insurer (its node): " + refusedReaders.contains(insurer.id())
        + ", by org-0's admin (the custodian's): " + refusedReaders.contains(world.admin.id()));
    refusalLog(table);
  }

  /**
   * The routes that must say they serve health data (the brief of issue 19 item 5): a new route
   * under one of these prefixes registered without {@code servingHealthData()} fails here.
   */
  private static boolean mustServeHealthData(String route) {
    String path = route.substring(route.indexOf(' ') + 1);
    return path.startsWith("/v1/records") || path.startsWith("/v1/patients") || path.startsWith("/v1/care/")
        || path.startsWith("/fhir/") && !path.equals("/fhir/metadata") || path.startsWith("/v1/research-subjects/")
        || path.startsWith("/v1/adverse-events") || path.startsWith("/v1/insurance/claims") || path.startsWith("/v1/download/")
        || path.startsWith("/v1/audit/refusals") || path.startsWith("/v1/insurance/payments") || path.startsWith("/v1/devices/units")
        || path.startsWith("/v1/safety/readings/receipt");
  }

  /** The refusals made before any decision, in validator 0's refusal log, and who may read it. */
  private void refusalLog(AbuseTable table) throws Exception {
    List<String> healthData = world.running.node(0).healthDataRoutes();
    table.note("refusal log: routes registered as serving health data (" + healthData.size() + "): " + healthData);
    for (String route : world.running.node(0).apiRoutes()) {
      if (mustServeHealthData(route) && !healthData.contains(route)) {
        table.fail("refusal log: " + route + " serves health data but is not registered so (routes.servingHealthData())");
      }
    }
    String record = world.record.record().hex();
    String recordPath = "/v1/records/" + record;
    // The kind the table does not send: the custodian's clinician reading without her signed read request.
    RawHttps.Answer unsigned = world.raw.send("127.0.9.2", "GET", recordPath + "?purpose=TREAT", world.clinician.token(), null,
        null, null);
    expect(table, "a read of patient 1's record with no signed read request", unsigned, 400);
    // Cheating members asking for the log: another hospital's admin, the node's own clinician, a patient.
    expect(table, "org-1's admin asks validator 0 for its refusal log", get("127.0.9.3", LOG, world.otherAdmin), 403);
    expect(table, "org-0's clinician asks for the refusal log", get("127.0.9.4", LOG, world.clinician), 403);
    expect(table, "patient 1 asks for the whole refusal log", get("127.0.9.5", LOG, world.patient1Self), 403);
    String hersPath = "/v1/patients/" + world.patient1 + "/refusals";
    expect(table, "patient 2 asks for patient 1's refusals", get("127.0.9.6", hersPath, world.patient2), 403);
    expect(table, "org-1's admin asks for patient 1's refusals", get("127.0.9.7", hersPath, world.otherAdmin), 403);
    expect(table, "org-0's admin asks for patient 1's refusals", get("127.0.9.8", hersPath, world.admin), 403);

    List<JsonNode> entries = new ArrayList<>();
    RawHttps.Answer last = null;
    long after = 0;
    do {
      last = get("127.0.9.9", LOG + "?limit=1000&verify=true&after=" + after, world.regulator);
      if (last.status() != 200) {
        break;
      }
      JsonNode page = AbuseWorld.JSON.readTree(last.body());
      page.get("entries").forEach(entries::add);
      if (!page.path("chain").path("intact").asBoolean()) {
        table.fail("refusal log: the chain of validator 0's refusal log is broken: " + page.path("chain"));
      }
      after = page.path("next").isNumber() ? page.get("next").asLong() : -1;
    } while (after > 0);
    expect(table, "a regulator reads validator 0's refusal log, chain verified", last, 200);
    expect(table, "org-0's admin reads validator 0's refusal log", get("127.0.9.10", LOG + "?limit=1", world.admin), 200);
    table.note("refusal log: validator 0 filed " + entries.size() + " refused requests to routes serving health data");

    // The table's own abuses of GET /v1/records/{hash}: no token, a forged token, another organisation's clinician.
    found(table, entries, "no token on " + recordPath, e -> e.path("path").asText().equals(recordPath)
        && e.path("status").asInt() == 401 && e.path("reason").asText().equals("no_token")
        && e.path("requester").path("basis").asText().equals("none"));
    found(table, entries, "a forged token on " + recordPath + " (claiming the clinician)", e -> e.path("path").asText()
        .equals(recordPath) && e.path("status").asInt() == 401 && e.path("reason").asText().equals("token_not_issued_here")
        && e.path("requester").path("basis").asText().equals("claimed")
        && e.path("requester").path("certificate").asText().equals(world.net.clinicianId.hex()));
    found(table, entries, "org-1's clinician on " + recordPath + " at validator 0", e -> e.path("path").asText()
        .equals(recordPath) && e.path("status").asInt() == 403 && e.path("reason").asText().equals("other_organisation")
        && e.path("requester").path("basis").asText().equals("verified")
        && e.path("requester").path("certificate").asText().equals(world.otherClinician.id().hex()));
    found(table, entries, "the read with no signed read request", e -> e.path("path").asText().equals(recordPath
        + "?purpose=TREAT") && e.path("status").asInt() == 400 && e.path("reason").asText().equals("missing_read_request")
        && e.path("requester").path("certificate").asText().equals(world.net.clinicianId.hex()));
    found(table, entries, "org-1's admin refused the log, itself filed", e -> e.path("path").asText().equals(LOG)
        && e.path("reason").asText().equals("not_a_refusal_log_reader")
        && e.path("requester").path("certificate").asText().equals(world.otherAdmin.id().hex()));
    found(table, entries, "patient 2 refused patient 1's refusals, itself filed", e -> e.path("path").asText().equals(hersPath)
        && e.path("reason").asText().equals("not_this_patient")
        && e.path("requester").path("certificate").asText().equals(world.patient2.id().hex()));
    // A download link is a credential: its refusal is filed by the route's own name for it, never the link.
    found(table, entries, "the tampered download link (filed as /v1/download/{token})", e -> e.path("path").asText()
        .equals("/v1/download/{token}") && e.path("status").asInt() == 403 && e.path("requester").path("basis").asText()
        .equals("none"));
    String signature = world.clinician.token().substring(world.clinician.token().indexOf('.') + 1);
    for (JsonNode e : entries) {
      if (e.toString().contains(signature) || e.toString().contains(world.downloadToken)) {
        table.fail("refusal log: entry " + e.path("sequence") + " holds a token's signature or a download link");
      }
    }

    // Patient 1 reads the entries naming her, and only those.
    RawHttps.Answer hers = get("127.0.9.11", hersPath + "?limit=1000", world.patient1Self);
    expect(table, "patient 1 reads her own refusals", hers, 200);
    if (hers.status() == 200) {
      JsonNode mine = AbuseWorld.JSON.readTree(hers.body()).get("entries");
      String id = world.patient1.toString();
      boolean onlyHers = true;
      for (JsonNode e : mine) {
        onlyHers &= e.path("path").asText().toLowerCase(Locale.ROOT).contains(id);
      }
      boolean namesHerRegistration = false;
      for (JsonNode e : mine) {
        namesHerRegistration |= e.path("path").asText().equals("/v1/patients/" + id) && e.path("reason").asText().equals("no_token");
      }
      table.note("refusal log: patient 1 sees " + mine.size() + " entries, each naming her id: " + onlyHers
          + "; the no-token read of her registration among them: " + namesHerRegistration);
      if (!onlyHers || !namesHerRegistration || mine.isEmpty()) {
        table.fail("refusal log: patient 1's view holds an entry not naming her, or misses the no-token read of /v1/patients/" + id);
      }
    }
  }

  private RawHttps.Answer get(String source, String path, AbuseWorld.Caller who) throws Exception {
    return world.raw.send(source, "GET", path, who.token(), null, null, null);
  }

  private static void expect(AbuseTable table, String what, RawHttps.Answer a, int status) {
    table.note("refusal log: " + what + ": " + a.status());
    if (a.status() != status) {
      table.fail("refusal log: " + what + ": got " + a + ", expected " + status);
    }
  }

  private static void found(AbuseTable table, List<JsonNode> entries, String what, Predicate<JsonNode> matches) {
    JsonNode hit = entries.stream().filter(matches).findFirst().orElse(null);
    table.note("refusal log: " + what + ": " + (hit == null ? "NOT FILED" : "entry " + hit.path("sequence") + " "
        + hit.path("reason").asText() + " from " + hit.path("source").asText()));
    if (hit == null) {
      table.fail("refusal log: " + what + " is not in validator 0's refusal log");
    }
  }
}
