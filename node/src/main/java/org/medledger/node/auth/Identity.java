package org.medledger.node.auth;

import org.medledger.crypto.Hash;

/** Who is calling, as proven by a token: their certificate, organisation and role. */
public record Identity(Hash certificateId, String organisation, String role, String name) {
  public boolean hasRole(String... roles) {
    for (String r : roles) {
      if (r.equals(role)) {
        return true;
      }
    }
    return false;
  }
}
