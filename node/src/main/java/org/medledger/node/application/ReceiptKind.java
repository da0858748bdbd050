package org.medledger.node.application;

import com.fasterxml.jackson.databind.JsonNode;
import org.medledger.client.Verification;
import org.medledger.core.genesis.Genesis;

/**
 * A receipt an application renders beyond the platform's own {@code transaction} and {@code state}
 * kinds (docs/receipts.md), e.g. insurance's explanation of benefit: a platform receipt inside
 * plus figures read from the value it proves. {@code medledger verify} hands a document whose
 * {@code kind} is {@link #kind()} to {@link #verify}, offline, with the genesis alone; the CLI
 * names no application.
 */
public interface ReceiptKind {
  /** The document's {@code kind}, unique in a release; never {@code transaction} or {@code state}. */
  String kind();

  /**
   * Checks the document against the genesis alone; a verified summary may span lines (the
   * figures a person reads), a failure names the check and the field that is wrong.
   */
  Verification verify(JsonNode receipt, Genesis genesis);
}
