package org.medledger.node;

import static org.medledger.node.AbuseWorld.JSON;
import static org.medledger.node.AbuseWorld.source;
import static org.medledger.node.AbuseWorld.status;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.Set;

/**
 * API5 (function-level) and API1 (object-level authorisation) on one route, at validator 0 (a
 * hospital, org-0). Two columns of API5, since a node can go wrong in either: {@code otherOrg}, a
 * member of another organisation with the route's own role (the other hospital's clinician, its
 * admin on an admin's route, the insurer's assessor on an insurer's route); {@code sameOrgRole}, a
 * member of org-0 in another role (org-0's admin on a clinician's route, org-0's clinician on an
 * admin's route). Each is refused every route of health data, consensus evidence and the writes
 * of other roles, unless the route states here why it serves that caller. Then API1: patient 2
 * naming patient 1's objects is refused (or finds nothing).
 */
final class AuthorisationAbuses {
  /** Routes an admin owns: on these {@code sameOrgRole} is org-0's clinician and {@code otherOrg} org-1's admin. */
  private static final Set<String> ADMIN_ROUTES = Set.of("POST /v1/patients/{id}/erasures/{request}/approve");

  /**
   * Restricted routes that serve org-0's admin on purpose, and why; a restricted route serving a
   * member of org-0 in another role that is missing here fails its {@code sameOrgRole} cell, and a
   * listed route that refuses her fails too, so the list stays true. Least privilege
   * (docs/security.md, "Least privilege: a hospital's admin"): an admin registers and manages her
   * hospital's patients and sees the metadata that work needs; she reads no clinical content on
   * her hospital's ground (records' {@code HealthRoles.readsClinicalContent}), so a record's read
   * and content, its FHIR content, the care timeline and a milestone (one the patient shared with
   * her organisation too: care's {@code ShareReaders}) refuse her and are not here.
   */
  private static final String METADATA = "metadata an admin's work needs (docs/security.md, \"Least privilege\"):";
  private static final Map<String, String> SAME_ORG_ROLE_SERVED_BECAUSE = Map.ofEntries(
      Map.entry("GET /fhir/{type}", METADATA + " the DocumentReference index of the patients her hospital cares for (type,"
          + " category, date, author, custodian; no content, whose read refuses her), which erasure approval and record"
          + " requests work from"),
      Map.entry("GET /fhir/{type}/{id}", METADATA + " one such DocumentReference, no content"),
      Map.entry("GET /v1/patients/{id}", METADATA + " the patient her hospital cares for (her care list names org-0): her"
          + " registration, consents and record list, which the admin manages at the patient's instruction"),
      Map.entry("GET /v1/transactions/{id}", METADATA + " the record's transaction, of a patient her hospital cares for"
          + " (PatientMetadataVisibility)"),
      Map.entry("GET /v1/proofs/inclusion/{txId}", METADATA + " the inclusion proof of that transaction, under the same rule"),
      Map.entry("GET /v1/receipts/tx/{txId}", METADATA + " the receipt of that transaction, under the same rule"),
      Map.entry("GET /v1/receipts/state", METADATA + " the state receipt of the record's key, under the same rule"),
      Map.entry("POST /v1/patients", "registration, an admin's own work: the wallet makes a custodial patient for its"
          + " organisation's clinicians and admins (README's route table)"));

  private final AbuseWorld world;

  AuthorisationAbuses(AbuseWorld world) {
    this.world = world;
  }

  void check(AbuseTable table, String route, String method, String path, String type, byte[] empty, int index)
      throws Exception {
    boolean names = world.namesAnotherPatientsObject(path);
    // The FHIR CapabilityStatement is the same for every member: only the types served, no data.
    boolean restricted = route.contains("/v1/records") || route.contains("/v1/patients")
        || route.contains("/fhir/") && !route.equals("GET /fhir/metadata")
        || route.contains("/v1/consensus/evidence") || route.equals("POST /v1/notary/anchor") || route.equals("POST /epcis/capture")
        || route.contains("/v1/drugs/recalls") || names;
    String rule = restricted ? "4xx (or an empty search)" : "no 5xx";
    // API5 across organisations.
    AbuseWorld.Caller outsider = otherOrganisationsMember(route);
    RawHttps.Answer other = world.raw.send(source(6, index), method, path, outsider.token(), type, empty, null,
        world.readRequest(outsider, path));
    table.check(route, "otherOrg", status(other) + (isEmptySearch(route, other) ? " empty" : ""),
        other.status() < 500 && (!restricted || refusedOrEmpty(route, other)), rule + " to " + outsider.name());
    // API5 within the node's own organisation.
    AbuseWorld.Caller colleague = ADMIN_ROUTES.contains(route) ? world.clinician : world.admin;
    RawHttps.Answer same = world.raw.send(source(13, index), method, path, colleague.token(), type, empty, null,
        world.readRequest(colleague, path));
    String because = SAME_ORG_ROLE_SERVED_BECAUSE.get(route);
    if (because != null) {
      table.note("sameOrgRole served: " + route + ": " + because);
    }
    // A stated reason must still be needed: a route that now refuses her has its reason removed, so the list stays true.
    boolean asStated = because != null ? same.status() >= 200 && same.status() < 300 : !restricted || refusedOrEmpty(route, same);
    table.check(route, "sameOrgRole", status(same) + (isEmptySearch(route, same) ? " empty" : ""),
        same.status() < 500 && asStated,
        (because != null ? "2xx, as SAME_ORG_ROLE_SERVED_BECAUSE states (or remove its reason)"
            : restricted ? "4xx (or an empty search), or a stated reason (AuthorisationAbuses.SAME_ORG_ROLE_SERVED_BECAUSE)"
            : "no 5xx") + " to " + colleague.name());
    // API1: patient 2 names patient 1's objects.
    if (names) {
      RawHttps.Answer bola = world.raw.send(source(7, index), method, path, world.patient2.token(), type, empty, null,
          world.readRequest(world.patient2, path));
      boolean refused = bola.status() == 403 || bola.status() == 404 || isEmptySearch(route, bola);
      table.check(route, "bola", status(bola) + (isEmptySearch(route, bola) ? " empty" : ""), refused,
          "403 or 404 (or an empty search), nothing of patient 1");
    }
  }

  /** A member of another organisation than validator 0's with the route's own role (the other hospital's, or the insurer's). */
  private AbuseWorld.Caller otherOrganisationsMember(String route) {
    if (ADMIN_ROUTES.contains(route)) {
      return world.otherAdmin;
    }
    // Billing a claim is a hospital clinician's; every other insurance route is the insurer's, another organisation than org-0.
    if (route.contains("/v1/insurance/") && !route.equals("POST /v1/insurance/claims")) {
      return world.insurer;
    }
    return world.otherClinician;
  }

  private static boolean refusedOrEmpty(String route, RawHttps.Answer a) {
    return a.status() >= 400 && a.status() < 500 || isEmptySearch(route, a);
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
