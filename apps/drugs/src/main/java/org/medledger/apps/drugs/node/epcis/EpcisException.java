package org.medledger.apps.drugs.node.epcis;

/** An EPCIS document or query this ledger cannot take, naming the field at fault (a JSON path). */
public final class EpcisException extends IllegalArgumentException {
  private final String field;

  public EpcisException(String field, String message) {
    super(field + ": " + message);
    this.field = field;
  }

  public String field() {
    return field;
  }
}
