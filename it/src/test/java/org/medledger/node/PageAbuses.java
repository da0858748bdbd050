package org.medledger.node;

import static org.medledger.node.AbuseWorld.source;
import static org.medledger.node.AbuseWorld.status;

/** API4 on the routes that list: page sizes past the cap. */
final class PageAbuses {
  /** The FHIR façade's most matches a page (FhirPaging.MAX_COUNT, docs/fhir.md). */
  private static final int FHIR_PAGE_CAP = 1000;
  private final AbuseWorld world;

  PageAbuses(AbuseWorld world) {
    this.world = world;
  }

  void check(AbuseTable table, String route, String path, int index) throws Exception {
    String token;
    String query;
    switch (route) {
      case "GET /v1/consensus/evidence" -> {
        token = world.regulator.token();
        query = "?limit=1000000";
      }
      case "GET /v1/audit/refusals" -> {
        token = world.regulator.token();
        query = "?limit=1000000";
      }
      case "GET /epcis/events" -> {
        token = world.clinician.token();
        query = "?perPage=1000000";
      }
      case "GET /v1/trials" -> {
        token = null; // the public registry: the cap holds without a token too
        query = "?limit=1000000";
      }
      case "GET /fhir/{type}" -> {
        token = world.regulator.token();
        path = "/fhir/AuditEvent";
        query = "?_count=1000000";
      }
      default -> {
        return;
      }
    }
    RawHttps.Answer a = world.raw.send(source(12, index), "GET", path + query, token, null, null, null);
    if (route.equals("GET /fhir/{type}")) {
      // The cap itself, not any 400: a page of exactly the cap is served, one past it refused naming it.
      RawHttps.Answer atCap = world.raw.send(source(12, index), "GET", path + "?_count=" + FHIR_PAGE_CAP, token, null, null,
          null);
      RawHttps.Answer pastCap = world.raw.send(source(12, index), "GET", path + "?_count=" + (FHIR_PAGE_CAP + 1), token, null,
          null, null);
      boolean named = a.body().contains("cap of " + FHIR_PAGE_CAP) && pastCap.body().contains("cap of " + FHIR_PAGE_CAP);
      table.check(route, "page", status(a) + "/" + status(pastCap) + "/" + status(atCap),
          a.status() == 400 && pastCap.status() == 400 && named && atCap.status() == 200,
          "400 naming the cap of " + FHIR_PAGE_CAP + " for _count=1000000 and " + (FHIR_PAGE_CAP + 1) + ", 200 at the cap");
      return;
    }
    table.check(route, "page", status(a), a.status() == 400, "400 naming the cap");
  }
}
