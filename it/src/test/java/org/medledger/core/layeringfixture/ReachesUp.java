package org.medledger.core.layeringfixture;

/** Deliberately bad, for ApplicationLayeringTest only: the core reaching up to an application. */
public final class ReachesUp {
  public static String up() {
    return org.medledger.apps.otherfixture.node.OtherService.answer();
  }
}
