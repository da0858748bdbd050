package org.medledger.apps.drugs.node;

import java.util.List;

/**
 * The public check page: the code typed (or scanned), and when it was read, the verdict in words
 * and the pack's record and trace; {@code error} (else null) says why a typed code was not read.
 */
public record DrugCheckView(String code, String error, Result result) {
  /** What the ledger says of one pack. */
  public record Result(String tone, String heading, String advice, String detail, String gtin, String serial,
      String maker, String lot, String expiry, long height, List<Step> timeline, String receipt) {}

  /** One step of the pack's trace: what happened, and the event it was recorded as. */
  public record Step(String what, String event) {}
}
