package org.medledger.node.layeringfixture;

import org.medledger.apps.otherfixture.node.OtherService;

/** Deliberately bad, for ApplicationLayeringTest only: the platform naming an application. */
public final class NamesAnApplication {
  public static String wire() {
    return OtherService.answer();
  }
}
