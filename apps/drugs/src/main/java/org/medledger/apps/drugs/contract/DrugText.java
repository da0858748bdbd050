package org.medledger.apps.drugs.contract;

import java.nio.charset.StandardCharsets;
import org.medledger.core.runtime.ContractException;

/**
 * The free text drug records carry (reasons, corrective ids). Records hold it length-prefixed
 * (docs/format.md), so no text can break one; these bounds are for the people who read it.
 */
final class DrugText {
  /** A reason's bound in UTF-8 bytes, as records decode it. */
  static final int MAX_REASON_BYTES = 4096;
  static final int MAX_REASON_CHARACTERS = 1024;

  private DrugText() {}

  /**
   * A single line: printable, no line breaks or other control characters, at most 256 characters
   * (a shipment destination, corrective event ids).
   */
  static String line(String value, String field) throws ContractException {
    if (value.length() > 256 || value.codePoints().anyMatch(Character::isISOControl)) {
      throw new ContractException("invalid_argument", field + ": at most 256 characters, without line breaks or control characters");
    }
    return value;
  }

  /**
   * A reason: up to 1,024 characters, line breaks and tabs allowed (a recall notice has
   * paragraphs), no other control characters (a terminal or page showing it must show text).
   */
  static String reason(String value, String field) throws ContractException {
    if (value.length() > MAX_REASON_CHARACTERS || value.getBytes(StandardCharsets.UTF_8).length > MAX_REASON_BYTES
        || value.codePoints().anyMatch(c -> Character.isISOControl(c) && c != '\n' && c != '\t')) {
      throw new ContractException("invalid_argument", field + ": at most " + MAX_REASON_CHARACTERS
          + " characters, without control characters other than line breaks and tabs");
    }
    return value;
  }
}
