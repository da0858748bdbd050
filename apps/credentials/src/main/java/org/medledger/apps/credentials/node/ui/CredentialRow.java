package org.medledger.apps.credentials.node.ui;

import java.util.List;
import org.medledger.apps.credentials.contract.view.Credential;
import org.medledger.apps.credentials.contract.view.Scope;

/**
 * One credential as the portal's tables show it: who holds it, what it lets her do, for how long,
 * and where it stands now in words and a tone (never colour alone), with the block of its last
 * change and the issuer's reason; {@code actions} are the changes its status still allows.
 */
public record CredentialRow(String issuer, String licence, String holder, String holderOrganisation, String profession,
    String specialties, List<String> scopes, String validFrom, String validUntil, String standing, String tone,
    long since, String reason, int renewals, List<String> actions) {

  static CredentialRow of(Credential c, long now) {
    String standing = c.problemAt(now, null).map(p -> switch (p) {
      case EXPIRED -> "expired";
      case NOT_YET_VALID -> "not yet valid";
      default -> c.status().wireName();
    }).orElse("active");
    String tone = switch (standing) {
      case "active" -> "good";
      case "suspended", "not yet valid" -> "warn";
      default -> "danger";
    };
    List<String> actions = switch (c.status()) {
      case ACTIVE -> List.of("suspend", "revoke");
      case SUSPENDED -> List.of("reinstate", "revoke");
      case REVOKED -> List.of();
    };
    return new CredentialRow(c.issuer(), c.licence(), c.holder().hex(), c.holderOrganisation(), c.profession(),
        String.join(", ", c.specialties()), c.scopes().stream().map(Scope::wireName).toList(),
        CredentialsPortal.day(c.validFrom()), CredentialsPortal.day(c.validUntil()), standing, tone, c.statusHeight(),
        c.statusReason(), c.renewals(), actions);
  }

  /** The style of its standing's word: the portal's {@code ok} or {@code bad}. */
  public String standingClass() {
    return tone.equals("good") ? "ok" : "bad";
  }

  /** A key for element ids: the licence with anything but letters, digits and dashes made a dash. */
  public String slug() {
    return licence.replaceAll("[^A-Za-z0-9-]", "-");
  }
}
