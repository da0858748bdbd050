package org.medledger.apps.credentials.node.ui;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.medledger.apps.credentials.contract.view.Scope;
import org.medledger.apps.credentials.vc.ClinicianCredential;
import org.medledger.apps.credentials.verify.CredentialFailure;
import org.medledger.apps.credentials.verify.CredentialQr;
import org.medledger.apps.credentials.verify.CredentialVerdict;
import org.medledger.apps.credentials.verify.CredentialVerifier;
import org.medledger.apps.credentials.verify.Durations;
import org.medledger.node.api.ApiError;
import org.medledger.node.api.Requests;
import org.medledger.node.application.ApiRoutes;
import org.medledger.node.application.BodyLimit;
import org.medledger.node.application.PortalPage;
import org.medledger.node.application.PortalPages;
import org.medledger.node.auth.Identity;

/**
 * The public credential check ({@code /ui/credentials/check}), the page a credential's QR code
 * opens: the code travels in the address's fragment ({@code #MLCRED2:…}), which browsers never
 * send, so the page's script ({@code check.js}) reads it and posts it to {@code POST
 * /v1/credentials/check}; a pasted code goes the same way. The node checks it with {@link
 * CredentialVerifier} against its genesis alone, as an offline verifier would (the code carries
 * its own status snapshot), and the page shows VALID or INVALID with the reason code, and the
 * snapshot's block and age. Without JavaScript, the paste form asks the page itself ({@code ?code=}).
 * The code's format is {@link CredentialQr}'s to read, never this page's.
 */
public final class CredentialCheckPage {
  static final String PATH = CredentialsPortal.ROOT + "/check";
  static final String API = "/v1/credentials/check";
  /**
   * A code longer than this is no QR code's text (a version 40 code holds 4,296 alphanumeric
   * characters); it also keeps the page's {@code ?code=} address under a server's 8 KiB header.
   */
  static final int MAX_CODE = 8_192;

  /** What the page shows after a check; the same fields the REST answer carries. */
  public record Result(boolean valid, String tone, String verdict, String reason, String message, String snapshot,
      String licence, String issuer, String holder, String profession, String scopes, String validUntil) {}

  /**
   * The page's content: the code as typed (empty from a fragment, which only the script reads),
   * the oldest snapshot the visitor accepts ({@link #MAX_AGES}), and the result, if any.
   */
  public record View(String code, String maxAge, Result result, String error) {
    /** The ages the page offers (a verifier's choice, issue 16 item 2): value, words, and whether it is chosen. */
    public List<String[]> maxAges() {
      return MAX_AGES.stream().map(a -> new String[] {a, Durations.words(Durations.parse(a)), a.equals(maxAge) ? "selected"
          : ""}).toList();
    }
  }

  /** The snapshot ages a visitor may choose to accept; 24h is a verifier's default ({@link CredentialVerifier}). */
  static final List<String> MAX_AGES = List.of("15m", "1h", "24h", "7d");
  static final String DEFAULT_MAX_AGE = "24h";

  private final CredentialsPortal portal;
  private final CredentialVerifier verifier;

  CredentialCheckPage(CredentialsPortal portal) {
    this.portal = portal;
    this.verifier = new CredentialVerifier(portal.genesis);
  }

  void register(PortalPages ui, ApiRoutes routes) {
    ui.page(PATH, PortalPages.Access.PUBLIC, this::render);
    routes.add(HandlerType.POST, API, ApiRoutes.Access.PUBLIC, BodyLimit.STANDARD, this::api);
  }

  private PortalPage render(Context ctx, Optional<Identity> member) {
    String code = Optional.ofNullable(ctx.queryParam("code")).map(String::strip).orElse("");
    String maxAge = Optional.ofNullable(ctx.queryParam("maxAge")).map(String::strip).filter(MAX_AGES::contains)
        .orElse(DEFAULT_MAX_AGE);
    if (code.isEmpty()) {
      return page(new View("", maxAge, null, null));
    }
    if (code.length() > MAX_CODE) {
      ctx.status(400);
      return page(new View("", maxAge, null, "That text is " + code.length() + " characters, too long to be a credential's"
          + " code (at most " + MAX_CODE + ")."));
    }
    return page(new View(code, maxAge, result(check(code, Durations.parse(maxAge))), null));
  }

  /**
   * {@code POST /v1/credentials/check} {@code {"code": "MLCRED2:…", "maxAge": "24h"}}: the verdict as
   * JSON, for the page's script and any client; {@code maxAge} (optional, 90s/15m/24h/7d) the oldest
   * status snapshot accepted, a day when absent.
   */
  private void api(Context ctx) {
    JsonNode body = Requests.body(ctx);
    JsonNode code = body.get("code");
    if (code == null || !code.isTextual() || code.asText().isBlank()) {
      throw ApiError.badRequest("field 'code' (the credential code's text, " + CredentialQr.COMPACT_PREFIX
          + "…, or a link carrying it) is required");
    }
    if (code.asText().length() > MAX_CODE) {
      throw ApiError.badRequest("field 'code' is " + code.asText().length() + " characters, more than a code's "
          + MAX_CODE);
    }
    long maxAge;
    try {
      maxAge = body.hasNonNull("maxAge") ? Durations.parse(body.get("maxAge").asText())
          : CredentialVerifier.DEFAULT_MAX_AGE_MILLIS;
    } catch (IllegalArgumentException e) {
      throw ApiError.badRequest("field 'maxAge': " + e.getMessage());
    }
    CredentialVerdict v = check(code.asText().strip(), maxAge);
    Result r = result(v);
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("valid", v.valid());
    out.put("verdict", r.verdict());
    out.put("reason", v.failure().map(CredentialFailure::code).orElse(null));
    out.put("message", v.message());
    out.put("line", v.line());
    out.put("snapshotHeight", v.snapshotHeight());
    out.put("snapshotAgeMillis", v.snapshotAgeMillis());
    out.put("tone", r.tone());
    out.put("snapshot", r.snapshot());
    v.claims().ifPresent(c -> out.put("credential", Map.of("issuer", c.issuer(), "licence", c.licence(),
        "holder", c.holder().hex(), "holderOrganisation", c.holderOrganisation(), "profession", c.profession(),
        "scopes", c.scopes().stream().map(Scope::wireName).toList(), "validUntil", CredentialsPortal.day(c.validUntil()))));
    ctx.json(out);
  }

  private CredentialVerdict check(String code, long maxAgeMillis) {
    return CredentialQr.verify(verifier, code, portal.clock.millis(), maxAgeMillis);
  }

  static Result result(CredentialVerdict v) {
    Optional<ClinicianCredential> c = v.claims();
    String tone = v.valid() ? "good" : v.failure().filter(f -> f == CredentialFailure.STALE_STATUS
        || f == CredentialFailure.NO_STATUS || f == CredentialFailure.NOT_YET_VALID).isPresent() ? "warn" : "danger";
    String snapshot = v.snapshotHeight() < 0 ? "No status snapshot was read."
        : "Status snapshot of block " + v.snapshotHeight() + ", " + Durations.words(v.snapshotAgeMillis()) + " old.";
    return new Result(v.valid(), tone, v.valid() ? "VALID" : "INVALID", v.failure().map(CredentialFailure::code).orElse(""),
        v.message(), snapshot, c.map(ClinicianCredential::licence).orElse(""), c.map(ClinicianCredential::issuer).orElse(""),
        c.map(x -> x.holderOrganisation() + ", certificate " + x.holder().hex()).orElse(""),
        c.map(ClinicianCredential::profession).orElse(""),
        c.map(x -> String.join(", ", x.scopes().stream().map(Scope::wireName).toList())).orElse(""),
        c.map(x -> CredentialsPortal.day(x.validUntil())).orElse(""));
  }

  private PortalPage page(View view) {
    return new PortalPage("Check a credential", portal.templates.content("credentials/check.jte", view));
  }
}
