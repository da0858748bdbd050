package org.medledger.it.golden;

import java.util.Objects;

/**
 * One recorded transaction's consensus-visible result: its outcome as the log leaf commits to it
 * ({@code TxOutcome.encodeStatus}: success, code, message) and its weight ({@code
 * Contract.weight}), which proposers and validators bound blocks by. The label says what the
 * transaction is (contract.method, and for a crafted one the fault it carries); it is for people
 * reading a difference and takes no part in the comparison.
 */
public record GoldenTx(String label, long weight, boolean success, String code, String message) {
  public GoldenTx {
    Objects.requireNonNull(label, "label");
    Objects.requireNonNull(code, "code");
    Objects.requireNonNull(message, "message");
  }

  /** The line form's readable part, also what a difference prints. */
  public String describe() {
    return label + ": weight=" + weight + " " + (success ? "ok" : "failed") + " code=" + code + " message=\"" + message + "\"";
  }
}
