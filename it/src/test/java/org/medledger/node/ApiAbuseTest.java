package org.medledger.node;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 19 item 5, the OWASP API Security Top 10 (2023) against every route the release serves:
 * four validators (two hospitals, an insurer, a regulator) with every application, HTTPS, and
 * the routes read from the live table of validator 0, never from a list written here. For each
 * route: no token, an expired one, a forged one, one with no signature, one another node issued
 * (API2 broken authentication: {@link TokenAbuses}); a member of another organisation in the
 * route's role and a member of the node's own organisation in another role (API5 function-level
 * authorisation) and another patient's identifiers (API1 object-level: {@link AuthorisationAbuses}); fields a role may not set (API3 mass assignment), an oversized, a
 * 10,000-deep and a huge body ({@link BodyAbuses}), page sizes past the cap ({@link PageAbuses}:
 * API4 resource consumption). Then public receipts and the Host header ({@link ExposureChecks}),
 * the audit of refused reads ({@link RefusedReadAudit}), a burst from one client and slow clients
 * holding connections ({@link ApiAbuseLoad}). The objects abused are {@link AbuseWorld}'s. The
 * table is printed and saved to target/api-abuse-table.txt; every cell that breaks its rule fails
 * the test, listed under the table.
 */
class ApiAbuseTest {
  private static final List<String> COLUMNS = List.of("access", "none", "expired", "forged", "unsigned", "otherNode",
      "otherOrg", "sameOrgRole", "bola", "mass", "oversize", "deep", "huge", "page");

  @TempDir
  Path dir;

  @Test
  void everyRouteRefusesEveryAbuseAndTheChainKeepsItsPace() throws Exception {
    BftTestNetwork net = new BftTestNetwork(dir, "intl", List.of(BftTestNetwork.HOSPITAL, BftTestNetwork.HOSPITAL,
        BftTestNetwork.INSURER, BftTestNetwork.REGULATOR)).withApiTls();
    try (RunningValidators r = RunningValidators.start(net)) {
      long t0 = System.nanoTime();
      AbuseWorld world = AbuseWorld.setUp(net, r);
      System.out.println("ApiAbuseTest: set up in " + (System.nanoTime() - t0) / 1_000_000 + " ms");
      AbuseTable table = new AbuseTable(COLUMNS);
      JsonNode openApi = AbuseWorld.JSON.readTree(world.raw.send("127.0.0.1", "GET", "/v1/openapi.json", null, null, null, null)
          .body());
      List<String> routes = r.node(0).apiRoutes();
      assertThat(routes).as("the release's applications are served").contains("GET /v1/records/{hash}", "POST /epcis/capture",
          "POST /v1/notary/anchor");
      RouteAbuses abuses = new RouteAbuses(world, openApi);
      int index = 0;
      for (String route : routes) {
        abuses.abuse(table, route, index++);
      }
      System.out.println("ApiAbuseTest: " + routes.size() + " routes abused in " + (System.nanoTime() - t0) / 1_000_000 + " ms");
      ExposureChecks exposure = new ExposureChecks(world);
      exposure.publicStateReceipts(table);
      exposure.hostHeader(table);
      new RefusedReadAudit(world).check(table);
      new ApiAbuseLoad(net, r, world.trust, world.raw).burstAndSlowClients(table, world.clinician.token());
      String rendered = table.render();
      System.out.println(rendered);
      table.save(Path.of("target", "api-abuse-table.txt"));
      assertThat(table.failures()).as(rendered).isEmpty();
    }
  }

  /** One route's row: every abuse, in the order of the table's columns. */
  private record RouteAbuses(AbuseWorld world, TokenAbuses tokens, AuthorisationAbuses authorisation, BodyAbuses bodies,
      PageAbuses pages) {
    RouteAbuses(AbuseWorld world, JsonNode openApi) {
      this(world, new TokenAbuses(world, openApi), new AuthorisationAbuses(world), new BodyAbuses(world), new PageAbuses(world));
    }

    void abuse(AbuseTable table, String route, int index) throws Exception {
      String method = route.substring(0, route.indexOf(' '));
      String path = world.concrete(route);
      boolean post = method.equals("POST") || method.equals("PUT");
      byte[] empty = post ? "{}".getBytes(StandardCharsets.UTF_8) : null;
      String type = post ? "application/json" : null;
      if (!tokens.check(table, route, method, path, type, empty, index)) {
        authorisation.check(table, route, method, path, type, empty, index);
      }
      bodies.oversize(table, route, method, path, type, index);
      if (post) {
        // The bodies go where the clinician may call: the wallet's routes for its own custodial patient.
        bodies.bodies(table, route, path.replace("/v1/patients/" + world.patient1, "/v1/patients/" + world.custodial), index);
      }
      pages.check(table, route, path, index);
    }
  }
}
