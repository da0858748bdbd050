package org.medledger.core.genesis;

import java.util.Objects;

/** A validator: its organisation, a name, and its node certificate (whose key seals blocks). */
public record ValidatorEntry(String organisation, String name, String nodeCertificatePem) {
  public ValidatorEntry {
    Objects.requireNonNull(organisation, "validator organisation");
    Objects.requireNonNull(name, "validator name");
    Objects.requireNonNull(nodeCertificatePem, "nodeCertificatePem of " + name);
  }
}
