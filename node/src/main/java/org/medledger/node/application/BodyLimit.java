package org.medledger.node.application;

/**
 * How large a request body a route takes, as a class its registration names; the operator's
 * sizes ({@code org.medledger.node.api.BodyLimits}) give each class its bytes, and the server
 * refuses a larger body (413) before reading it. A route names the smallest class its bodies fit:
 * only uploads of a health document may make the node buffer ~100 MiB.
 */
public enum BodyLimit {
  /** JSON commands, logins and everything not registered otherwise (64 KiB by default). */
  STANDARD,
  /** One signed transaction, hex in JSON (twice the network's largest transaction, and some). */
  TRANSACTION,
  /** Many signed transactions in one request (32 MiB by default). */
  TRANSACTION_BATCH,
  /** A document of many events (an EPCIS capture document: 8 MiB by default). */
  BULK,
  /** One health document, a record or a FHIR resource (the vault's largest record, ~101 MiB). */
  DOCUMENT;

  /** Whether the route is bounded by its own class, above the standard routes' caps. */
  public boolean isLarge() {
    return this != STANDARD;
  }
}
