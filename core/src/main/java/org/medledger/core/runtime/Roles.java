package org.medledger.core.runtime;

import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * Who may call a declared method, by certificate role ({@link MethodRoles} refuses anyone else
 * before the contract runs). {@link #ANY} is for a contract that still judges its callers itself
 * (membership: a certificate's holder registers it, whatever its role).
 */
public record Roles(SortedSet<String> names, boolean any) {
  public static final Roles ANY = new Roles(new TreeSet<>(), true);

  public Roles {
    names = java.util.Collections.unmodifiableSortedSet(new TreeSet<>(names));
  }

  public static Roles of(String... roles) {
    if (roles.length == 0) {
      throw new IllegalArgumentException("a method callable by no role is no method: name its roles, or Roles.ANY");
    }
    return new Roles(new TreeSet<>(Set.of(roles)), false);
  }

  public static Roles of(Set<String> roles) {
    return of(roles.toArray(String[]::new));
  }

  @Override
  public String toString() {
    return any ? "any" : String.join(",", names);
  }
}
