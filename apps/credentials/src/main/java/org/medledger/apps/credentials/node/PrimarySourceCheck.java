package org.medledger.apps.credentials.node;

import java.time.LocalDate;
import java.util.Locale;
import java.util.Objects;
import org.medledger.apps.credentials.contract.PrimarySourceKind;

/**
 * One primary source a licensing authority checked: what kind, who answered (the university, the
 * examining body, the other authority), the outcome and the day it answered.
 *
 * @param outcome {@code successful}, {@code failed} or {@code unknown} (FHIR's validation-status codes)
 */
record PrimarySourceCheck(PrimarySourceKind kind, String source, String outcome, LocalDate checkedOn) {
  PrimarySourceCheck {
    Objects.requireNonNull(kind, "kind");
    if (source == null || source.isBlank() || source.length() > 200) {
      throw new IllegalArgumentException("a primary source is named by 1-200 characters, got '" + source + "'");
    }
    if (!java.util.Set.of("successful", "failed", "unknown").contains(outcome)) {
      throw new IllegalArgumentException("a primary source's outcome is successful, failed or unknown, not '" + outcome + "'");
    }
    Objects.requireNonNull(checkedOn, "checkedOn");
  }

  /** {@code KIND=SOURCE[=OUTCOME]}, as the command line takes it: {@code degree=Peking University}. */
  static PrimarySourceCheck parse(String text, LocalDate checkedOn) {
    String[] parts = text.split("=", -1);
    if (parts.length < 2 || parts.length > 3) {
      throw new IllegalArgumentException("--source '" + text + "' must be KIND=SOURCE or KIND=SOURCE=OUTCOME, e.g."
          + " degree=Peking University");
    }
    String outcome = parts.length == 3 ? parts[2].strip().toLowerCase(Locale.ROOT) : "successful";
    return new PrimarySourceCheck(PrimarySourceKind.parse(parts[0]), parts[1].strip(), outcome, checkedOn);
  }
}
