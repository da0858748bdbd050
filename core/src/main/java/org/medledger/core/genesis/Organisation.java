package org.medledger.core.genesis;

import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import org.medledger.crypto.x509.Role;

/**
 * A consortium member, the PEM of the CA that issues its node and user certificates, and the
 * roles the consortium grants it. A certificate's role is what its own organisation's CA wrote in
 * the OU, so the CA alone cannot be trusted with it: an insurer's CA can sign {@code
 * OU=regulator}. The genesis, which every member agreed to, says which roles each organisation
 * may hold (a hospital: clinician, admin, patient, node; a regulator: regulator, admin, node; …),
 * and a certificate outside them is refused everywhere.
 *
 * @param roles the roles its certificates may carry, without duplicates, in {@link Role} order
 */
public record Organisation(String name, String caCertificatePem, List<Role> roles) {
  public Organisation {
    Objects.requireNonNull(name, "organisation name");
    Objects.requireNonNull(caCertificatePem, "caCertificatePem of " + name);
    Objects.requireNonNull(roles, "roles of " + name);
    if (roles.isEmpty()) {
      throw new IllegalArgumentException("organisation " + name + " holds no role; the genesis must name its roles");
    }
    Set<Role> distinct = new TreeSet<>(roles);
    if (distinct.size() != roles.size()) {
      throw new IllegalArgumentException("organisation " + name + " names a role twice: " + roles);
    }
    roles = List.copyOf(distinct);
  }

  public boolean mayHold(Role role) {
    return roles.contains(role);
  }

  /** The roles' wire names, comma-separated, in canonical order. */
  public String rolesText() {
    return String.join(",", roles.stream().map(Role::wireName).toList());
  }

  /** Parses {@code "clinician,admin,node"}; IllegalArgumentException names an unknown role. */
  public static List<Role> parseRoles(String organisation, String text) {
    List<Role> out = new java.util.ArrayList<>();
    for (String r : text.split(",")) {
      if (!r.isBlank()) {
        try {
          out.add(Role.parse(r.strip()));
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException("roles of organisation " + organisation + ": " + e.getMessage());
        }
      }
    }
    return out;
  }
}
