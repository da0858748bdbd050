package org.medledger.cli;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.medledger.core.genesis.Organisation;
import org.medledger.crypto.x509.Role;

/**
 * The roles `network init` writes into the genesis for each organisation: what its kind of member
 * does in a healthcare consortium, read from its name unless {@code --roles} says otherwise. Every
 * organisation holds admin (its own certificates) and node (its validator, if any).
 */
final class OrganisationRoles {
  private OrganisationRoles() {}

  /** By name: hospital/clinic → clinician, patient; regulator/commission → regulator; insurer; pharmacy; maker (pharma); distributor; sponsor. */
  static Set<Role> byName(String organisation) {
    String n = organisation.toLowerCase(Locale.ROOT);
    Set<Role> r = EnumSet.of(Role.ADMIN, Role.NODE);
    if (n.contains("hospital") || n.contains("clinic")) {
      r.add(Role.CLINICIAN);
      r.add(Role.PATIENT);
    }
    if (n.contains("regulator") || n.contains("commission")) {
      r.add(Role.REGULATOR);
    }
    if (n.contains("insurer") || n.contains("insurance")) {
      r.add(Role.INSURER);
    }
    if (n.startsWith("pharmacy")) {
      r.add(Role.PHARMACY);
    } else if (n.contains("pharma") || n.contains("maker")) {
      r.add(Role.MAKER);
    }
    if (n.contains("dist")) {
      r.add(Role.DISTRIBUTOR);
    }
    if (n.contains("sponsor")) {
      r.add(Role.SPONSOR);
    }
    return r;
  }

  /**
   * Parses {@code --roles} entries {@code org=role+role} into the grant of each organisation
   * named; the others keep {@link #byName}. Admin and node are always added.
   */
  static Map<String, List<Role>> of(List<String> organisations, List<String> overrides) {
    Map<String, List<Role>> out = new LinkedHashMap<>();
    for (String o : organisations) {
      out.put(o, new ArrayList<>(byName(o)));
    }
    for (String entry : overrides) {
      int eq = entry.indexOf('=');
      if (eq <= 0) {
        throw new IllegalArgumentException("--roles entry '" + entry + "' must read org=role+role, e.g. insurer=insurer");
      }
      String org = entry.substring(0, eq);
      if (!out.containsKey(org)) {
        throw new IllegalArgumentException("--roles names organisation '" + org + "', which is not in --orgs");
      }
      Set<Role> r = EnumSet.of(Role.ADMIN, Role.NODE);
      r.addAll(Organisation.parseRoles(org, entry.substring(eq + 1).replace('+', ',')));
      out.put(org, new ArrayList<>(r));
    }
    return out;
  }
}
