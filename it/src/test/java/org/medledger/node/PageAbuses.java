package org.medledger.node;

import static org.medledger.node.AbuseWorld.source;
import static org.medledger.node.AbuseWorld.status;

/** API4 on the routes that list: page sizes past the cap. */
final class PageAbuses {
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
      case "GET /epcis/events" -> {
        token = world.clinician.token();
        query = "?perPage=1000000";
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
    table.check(route, "page", status(a), a.status() == 400, "400 naming the cap");
  }
}
