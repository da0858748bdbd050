package org.medledger.apps.care.node;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.medledger.core.runtime.Caller;
import org.medledger.crypto.Hash;

/**
 * Who reads a milestone shared with her organisation: the members who read on its behalf. The
 * cheats are hospital-b's own admin, one of hospital-b's patients (she holds a certificate of it,
 * and a share with her hospital is not a share with its other patients) and hospital-b's node.
 */
class ShareReadersTest {
  private static Caller member(String role) {
    return new Caller(Hash.ZERO, "hospital-b", role, role + "-b");
  }

  @Test
  void theOrganisationsReadersAreServedItsAdminPatientsAndNodesNever() {
    for (String reads : new String[] {"clinician", "insurer", "sponsor", "regulator"}) {
      assertThat(ShareReaders.readsForHerOrganisation(member(reads))).as(reads).isTrue();
    }
    for (String never : new String[] {"admin", "patient", "node"}) {
      assertThat(ShareReaders.readsForHerOrganisation(member(never))).as(never).isFalse();
    }
  }
}
