package org.medledger.apps.records.contract.consent;

import java.util.regex.Pattern;
import org.medledger.core.runtime.Caller;
import org.medledger.crypto.Hash;

/**
 * Whom a consent is for: a whole organisation ({@code org:<name>}) or one clinician's certificate
 * ({@code cert:<certificate id>}).
 */
public record Grantee(boolean organisation, String value) {
  private static final Pattern ORG = Pattern.compile("[A-Za-z0-9][A-Za-z0-9 _.\\-]{0,63}");
  private static final Pattern CERT = Pattern.compile("[0-9a-f]{64}");

  public static Grantee parse(String s) {
    if (s != null && s.startsWith("org:") && ORG.matcher(s.substring(4)).matches()) {
      return new Grantee(true, s.substring(4));
    }
    if (s != null && s.startsWith("cert:") && CERT.matcher(s.substring(5)).matches()) {
      return new Grantee(false, s.substring(5));
    }
    throw new IllegalArgumentException("grantee '" + s + "' must be org:<organisation> or cert:<certificate id, 64 hex>");
  }

  public static Grantee organisation(String name) {
    return parse("org:" + name);
  }

  public static Grantee certificate(Hash id) {
    return new Grantee(false, id.hex());
  }

  /** Whether this caller is the grantee, or a member of the grantee organisation. */
  public boolean covers(Caller c) {
    return organisation ? value.equals(c.organisation()) : value.equals(c.certificateId().hex());
  }

  /**
   * Whether a read of content under this consent serves the caller: the certificate it names, or
   * a member of the organisation it names who reads on its behalf. A patient who names one person
   * chose her; one who names a hospital lets its people who treat her read, not its admins (who
   * register and manage patients), not its other patients, not its nodes ({@link
   * org.medledger.apps.records.contract.access.HealthRoles#readsForItsOrganisation}).
   */
  public boolean servesContentTo(Caller c) {
    return covers(c) && (!organisation || org.medledger.apps.records.contract.access.HealthRoles.readsForItsOrganisation(c));
  }

  @Override
  public String toString() {
    return (organisation ? "org:" : "cert:") + value;
  }
}
