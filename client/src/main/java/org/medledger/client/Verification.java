package org.medledger.client;

/** The verdict of an offline check; a failure names the check that failed and why. */
public sealed interface Verification {
  record Verified(String summary) implements Verification {}

  record Failed(String check, String reason) implements Verification {}

  default boolean ok() {
    return this instanceof Verified;
  }
}
