package org.medledger.node;

import static org.medledger.node.AbuseWorld.source;
import static org.medledger.node.AbuseWorld.status;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.medledger.client.ClientIdentity;
import org.medledger.node.auth.Identity;
import org.medledger.node.auth.TokenService;

/**
 * API2 (broken authentication) on one route: the access the OpenAPI document states is the access
 * served; a route served without a token has a stated reason to be public; every other refuses
 * no token, an expired one, a forged one, one with no signature and one another node issued (401).
 */
final class TokenAbuses {
  /** Why each public route is public; a route served without a token and missing here fails. */
  private static final Map<String, String> PUBLIC_BECAUSE = Map.ofEntries(
      Map.entry("GET /v1/health", "liveness and chain id for load balancers and the SDK; no member data"),
      Map.entry("GET /health/live", "a service manager's liveness probe; no member data"),
      Map.entry("GET /health/ready", "a load balancer's readiness probe (heights only); no member data"),
      Map.entry("GET /v1/openapi.json", "the API's own description"),
      Map.entry("POST /v1/auth/challenge", "the login handshake starts before there is a token"),
      Map.entry("POST /v1/auth/token", "the login handshake: a signed challenge is the credential"),
      Map.entry("GET /01/{gtin}/21/{serial}", "a consumer scans a pack's GS1 Digital Link"),
      Map.entry("GET /01/{gtin}/10/{lot}/21/{serial}", "a consumer scans a pack's GS1 Digital Link (with its lot)"),
      Map.entry("GET /v1/drugs/verify", "a consumer's scan of a pack's element string"),
      Map.entry("GET /v1/download/{token}", "a patient's download link carries its own signature and expiry"),
      Map.entry("GET /v1/credentials/{issuer}/{licence}", "a licence register: a verifier (a pharmacy, a scanned"
          + " credential) checks a clinician's standing; no health data"),
      Map.entry("GET /v1/credentials/{issuer}/{licence}/snapshot", "the status snapshot an offline credential check"
          + " needs: the same public record, proven"),
      Map.entry("POST /v1/credentials/check", "the public credential check a scanned QR code opens: the node checks the"
          + " code it is given against its genesis alone, as an offline verifier does; it reads no member data"),
      Map.entry("GET /v1/trials", "the public clinical-trial registry (docs/trials.md): registrations, not participants"),
      Map.entry("GET /v1/trials/{trialId}", "one registered trial, public as a trial registry is"),
      Map.entry("GET /v1/trials/{trialId}/versions", "a registration's versions and outcome diffs, public so switching shows"),
      Map.entry("GET /v1/trials/{trialId}/versions/{version}", "one version of a public registration"),
      Map.entry("GET /v1/trials/{trialId}/versions/{version}/document", "a public registration's exact bytes, to check against its hash"),
      Map.entry("GET /v1/trials/{trialId}/versions/{version}/protocol", "a full protocol its sponsor chose to publish, to check"
          + " against the hash its registration committed; no participant data"),
      Map.entry("GET /v1/trials/{trialId}/flags", "the COMPare-style flags on submitted results, public by design"),
      Map.entry("POST /v1/safety/readings", "a home monitor holds no member certificate: each reading is admitted by its own"
          + " signature under the key the ledger registers for its unit (docs/safety.md); nothing is read back"));

  private final AbuseWorld world;
  private final JsonNode openApi;
  private String otherNodesToken;

  TokenAbuses(AbuseWorld world, JsonNode openApi) {
    this.world = world;
    this.openApi = openApi;
  }

  /** Fills the route's "access" to "otherNode" columns; whether it was served without a token. */
  boolean check(AbuseTable table, String route, String method, String path, String type, byte[] empty, int index)
      throws Exception {
    boolean documentedPublic = isDocumentedPublic(route);
    String because = PUBLIC_BECAUSE.get(route);
    RawHttps.Answer none = world.raw.send(source(1, index), method, path, null, type, empty, null);
    boolean servedWithoutToken = none.status() != 401;
    table.check(route, "access", documentedPublic ? "public" : "token", documentedPublic == servedWithoutToken,
        "the access the OpenAPI document states (" + (documentedPublic ? "public" : "token") + ")");
    if (servedWithoutToken) {
      table.check(route, "none", status(none), because != null && none.status() < 500,
          "a stated reason to be public (TokenAbuses.PUBLIC_BECAUSE) and no 5xx");
      if (because != null) {
        table.note("public: " + route + ": " + because);
      }
      if (route.equals("GET /v1/download/{token}")) {
        table.check(route, "forged", status(none), none.status() == 403 && !none.body().contains("potassium"),
            "403 for a link with a tampered signature, nothing of the record");
      }
      return true;
    }
    table.check(route, "none", status(none), true, "401");
    String clinician = world.clinician.token();
    String[] bad = {expiredToken(), forged(clinician), unsigned(clinician), otherNodesToken()};
    String[] names = {"expired", "forged", "unsigned", "otherNode"};
    for (int i = 0; i < bad.length; i++) {
      RawHttps.Answer a = world.raw.send(source(2 + i, index), method, path, bad[i], type, empty, null);
      table.check(route, names[i], status(a), a.status() == 401, "401");
    }
    return false;
  }

  private String expiredToken() throws Exception {
    byte[] key = new NodeSecrets(world.net.configs.get(0).dataDir()).apiTokenKey();
    Clock anHourAgo = Clock.fixed(Instant.now().minusSeconds(3_600), ZoneOffset.UTC);
    return new TokenService(key, anHourAgo, 60_000).issue(new Identity(world.net.clinicianId, "org-0", "clinician", "dr-wang"))
        .token();
  }

  /** A genuine token validator 1 issued to the same clinician: no other node's token is valid here. */
  private String otherNodesToken() {
    if (otherNodesToken == null) {
      BftTestNetwork net = world.net;
      otherNodesToken = world.login(1, "dr-wang", net.clinicianId,
          new ClientIdentity(net.suite, net.clinicianCert, net.clinicianKey)).token();
    }
    return otherNodesToken;
  }

  /** The token with its MAC's first character changed. */
  private static String forged(String token) {
    int at = token.indexOf('.') + 1;
    return token.substring(0, at) + (token.charAt(at) == 'A' ? 'B' : 'A') + token.substring(at + 1);
  }

  /** The token's claims with no MAC at all (the "alg: none" of a JWT). */
  private static String unsigned(String token) {
    return token.substring(0, token.indexOf('.') + 1);
  }

  private boolean isDocumentedPublic(String route) {
    String method = route.substring(0, route.indexOf(' ')).toLowerCase(java.util.Locale.ROOT);
    JsonNode op = openApi.path("paths").path(route.substring(route.indexOf(' ') + 1)).path(method);
    JsonNode security = op.path("security");
    return security.isArray() && security.isEmpty();
  }
}
