package org.medledger.apps.layeringfixture.node;

import org.medledger.apps.otherfixture.node.OtherService;

/** Deliberately bad, for ApplicationLayeringTest only: one application calling another's node part. */
public final class ReachesIntoAnother {
  public static String ask() {
    return OtherService.answer();
  }
}
