package org.medledger.core.genesis;

import java.util.List;
import java.util.Objects;

/**
 * An application a chain runs, as its genesis names it: the application's name and the version of
 * its consensus rules. A node that lacks one of them, or has another version, refuses to start.
 */
public record GenesisApplication(String name, int version) {
  /**
   * What a genesis without an {@code applications} field runs: the applications every chain ran
   * before the field existed, so such a genesis keeps its bytes and its hash.
   */
  public static final List<GenesisApplication> BEFORE_THE_FIELD = List.of(
      new GenesisApplication("notary", 1), new GenesisApplication("records", 1), new GenesisApplication("drugs", 1));

  public GenesisApplication {
    Objects.requireNonNull(name, "name");
    if (!name.matches("[a-z][a-z0-9\\-]{0,31}")) {
      throw new IllegalArgumentException("application name '" + name
          + "' must be 1-32 characters of a-z 0-9 - starting with a letter");
    }
    if (version < 1) {
      throw new IllegalArgumentException("application " + name + ": version must be 1 or more, got " + version);
    }
  }

  @Override
  public String toString() {
    return name + " " + version;
  }
}
