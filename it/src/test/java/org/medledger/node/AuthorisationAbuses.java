package org.medledger.node;

import static org.medledger.node.AbuseWorld.JSON;
import static org.medledger.node.AbuseWorld.source;
import static org.medledger.node.AbuseWorld.status;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * API5 (function-level) and API1 (object-level authorisation) on one route: an insurer's member at
 * a hospital's node is refused every route of health data, consensus evidence and the writes of
 * other roles; patient 2 naming patient 1's objects is refused (or finds nothing).
 */
final class AuthorisationAbuses {
  private final AbuseWorld world;

  AuthorisationAbuses(AbuseWorld world) {
    this.world = world;
  }

  void check(AbuseTable table, String route, String method, String path, String type, byte[] empty, int index)
      throws Exception {
    boolean names = world.namesAnotherPatientsObject(path);
    // API5: an insurer's member, at a hospital's node, on every route.
    RawHttps.Answer role = world.raw.send(source(6, index), method, path, world.insurer.token(), type, empty, null,
        world.readRequest(world.insurer, path));
    // The FHIR CapabilityStatement is the same for every member: only the types served, no data.
    boolean restricted = route.contains("/v1/records") || route.contains("/v1/patients")
        || route.contains("/fhir/") && !route.equals("GET /fhir/metadata")
        || route.contains("/v1/consensus/evidence") || route.equals("POST /v1/notary/anchor") || route.equals("POST /epcis/capture")
        || route.contains("/v1/drugs/recalls") || names;
    boolean refusedOrEmpty = role.status() >= 400 && role.status() < 500 || isEmptySearch(route, role);
    table.check(route, "otherRole", status(role) + (isEmptySearch(route, role) ? " empty" : ""),
        role.status() < 500 && (!restricted || refusedOrEmpty), restricted ? "4xx (or an empty search)" : "no 5xx");
    // API1: patient 2 names patient 1's objects.
    if (names) {
      RawHttps.Answer bola = world.raw.send(source(7, index), method, path, world.patient2.token(), type, empty, null,
          world.readRequest(world.patient2, path));
      boolean refused = bola.status() == 403 || bola.status() == 404 || isEmptySearch(route, bola);
      table.check(route, "bola", status(bola) + (isEmptySearch(route, bola) ? " empty" : ""), refused,
          "403 or 404 (or an empty search), nothing of patient 1");
    }
  }

  private static boolean isEmptySearch(String route, RawHttps.Answer a) {
    if (!route.equals("GET /fhir/{type}") || a.status() != 200) {
      return false;
    }
    try {
      JsonNode b = JSON.readTree(a.body());
      return "Bundle".equals(b.path("resourceType").asText()) && b.path("entry").isEmpty();
    } catch (java.io.IOException e) {
      return false;
    }
  }
}
