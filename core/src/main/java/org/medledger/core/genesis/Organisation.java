package org.medledger.core.genesis;

import java.util.Objects;

/** A consortium member and the PEM of the CA that issues its node and user certificates. */
public record Organisation(String name, String caCertificatePem) {
  public Organisation {
    Objects.requireNonNull(name, "organisation name");
    Objects.requireNonNull(caCertificatePem, "caCertificatePem of " + name);
  }
}
