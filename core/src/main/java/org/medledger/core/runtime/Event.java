package org.medledger.core.runtime;

import java.util.Objects;
import org.medledger.core.tx.Args;

/** Something a contract announces (e.g. notary.Anchored); applications and SSE streams read these. */
public record Event(String contract, String type, Args attributes) {
  public Event {
    Objects.requireNonNull(contract, "contract");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(attributes, "attributes");
  }
}
