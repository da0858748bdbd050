package org.medledger.apps.credentials.verify;

import java.util.Optional;
import org.medledger.apps.credentials.vc.ClinicianCredential;

/**
 * What a credential check found: valid, or the one reason it fails; and what the status snapshot
 * was (its block height and age when checked; -1 when there was none to read).
 */
public record CredentialVerdict(Optional<CredentialFailure> failure, String message, Optional<ClinicianCredential> claims,
    long snapshotHeight, long snapshotAgeMillis) {
  public boolean valid() {
    return failure.isEmpty();
  }

  static CredentialVerdict failed(CredentialFailure f, String message, ClinicianCredential claims, long height, long age) {
    return new CredentialVerdict(Optional.of(f), message, Optional.ofNullable(claims), height, age);
  }

  /** One line: {@code VALID …} or {@code INVALID <code>: …}. */
  public String line() {
    String snapshot = snapshotHeight < 0 ? "" : " (status snapshot of block " + snapshotHeight + ", "
        + Durations.words(snapshotAgeMillis) + " old)";
    return failure.map(f -> "INVALID " + f.code() + ": " + message).orElse("VALID " + message) + snapshot;
  }
}
