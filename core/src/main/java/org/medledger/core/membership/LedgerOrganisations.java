package org.medledger.core.membership;

import java.util.ArrayList;
import java.util.List;
import org.medledger.core.codec.CanonicalReader;
import org.medledger.core.codec.CanonicalWriter;
import org.medledger.core.codec.DecodeException;
import org.medledger.core.genesis.Organisation;
import org.medledger.core.runtime.StateKeys;
import org.medledger.core.runtime.StateReader;

/**
 * The member organisations as the ledger holds them once governance changed them (an
 * organisation voted in or out, a CA rotated): the whole list, under one key of the governance
 * contract's namespace. Absent, the genesis's organisations are the members. Membership reads it
 * for every certificate check, so a change binds logins, senders and peers at once.
 */
public final class LedgerOrganisations {
  /** The governance contract's namespace, which alone writes this key. */
  public static final String NAMESPACE = "governance";
  public static final String KEY = "consortium/organisations";
  private static final String MAGIC = "medledger/organisations/v1";
  private static final int MAX_ORGANISATIONS = 1000;

  private LedgerOrganisations() {}

  public static byte[] fullKey() {
    return StateKeys.of(NAMESPACE, KEY);
  }

  /** The ledger's list, or empty when governance never changed the genesis's. */
  public static java.util.Optional<List<Organisation>> read(StateReader state) {
    byte[] v = state.get(fullKey());
    return v == null ? java.util.Optional.empty() : java.util.Optional.of(decode(v));
  }

  public static byte[] encode(List<Organisation> organisations) {
    CanonicalWriter w = new CanonicalWriter(4096);
    w.string(MAGIC).u32(organisations.size());
    for (Organisation o : organisations) {
      w.string(o.name()).string(o.caCertificatePem()).string(o.rolesText());
    }
    return w.toByteArray();
  }

  public static List<Organisation> decode(byte[] bytes) {
    CanonicalReader r = new CanonicalReader(bytes);
    if (!MAGIC.equals(r.string("organisations.magic", 64))) {
      throw new DecodeException("organisations: not a " + MAGIC + " list");
    }
    int n = r.count("organisations.count", MAX_ORGANISATIONS);
    List<Organisation> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      String name = r.string("organisation.name", 256);
      String ca = r.string("organisation.ca", 64 * 1024);
      String roles = r.string("organisation.roles", 1024);
      out.add(new Organisation(name, ca, Organisation.parseRoles(name, roles)));
    }
    r.expectEnd("organisations");
    return List.copyOf(out);
  }
}
