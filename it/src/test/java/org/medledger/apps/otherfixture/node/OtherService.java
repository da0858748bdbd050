package org.medledger.apps.otherfixture.node;

/** Deliberately bad neighbour, for ApplicationLayeringTest only: another application's node-facing part. */
public final class OtherService {
  public static String answer() {
    return "other";
  }
}
