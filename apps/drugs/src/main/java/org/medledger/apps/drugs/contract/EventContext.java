package org.medledger.apps.drugs.contract;

import java.util.function.BiPredicate;
import org.medledger.core.runtime.Caller;
import org.medledger.core.runtime.ContractContext;
import org.medledger.core.runtime.ContractException;
import org.medledger.core.tx.Args;
import org.medledger.crypto.Hash;

/**
 * The context one event of a capture runs in: the transaction's state, block and id, but the
 * event's own method and arguments, and the member it is captured for (the sender, or the member
 * a relaying node names).
 */
final class EventContext implements ContractContext {
  private final ContractContext tx;
  private final Caller caller;
  private final DrugEvent event;
  private final String eventId;
  private final String relayedBy;
  private final String traceSuffix;

  EventContext(ContractContext tx, Caller caller, String relayedBy, DrugEvent event, String eventId, String traceSuffix) {
    this.tx = tx;
    this.caller = caller;
    this.relayedBy = relayedBy;
    this.event = event;
    this.eventId = eventId;
    this.traceSuffix = traceSuffix;
  }

  /** The node that relayed this event for its member, or "" when the member signed it. */
  String relayedBy() {
    return relayedBy;
  }

  /** Orders this event's trace entries after earlier events of the same transaction. */
  String traceSuffix() {
    return traceSuffix;
  }

  /** The event's id: the one it was captured with, else the transaction's id and its index. */
  String eventId() {
    return eventId;
  }

  @Override
  public Caller caller() {
    return caller;
  }

  @Override
  public Hash transactionId() {
    return tx.transactionId();
  }

  @Override
  public long blockHeight() {
    return tx.blockHeight();
  }

  @Override
  public long blockTimestamp() {
    return tx.blockTimestamp();
  }

  @Override
  public String method() {
    return event.method();
  }

  @Override
  public Args args() {
    return event.args();
  }

  @Override
  public String requireArg(String name) throws ContractException {
    String v = event.args().get(name).orElse("");
    if (v.isEmpty()) {
      throw new ContractException("missing_argument", "argument '" + name + "' is required for drugs." + event.method() + " (event " + eventId + ")");
    }
    return v;
  }

  @Override
  public byte[] get(String key) {
    return tx.get(key);
  }

  @Override
  public void put(String key, byte[] value) {
    tx.put(key, value);
  }

  @Override
  public void delete(String key) {
    tx.delete(key);
  }

  @Override
  public byte[] read(String namespace, String key) {
    return tx.read(namespace, key);
  }

  @Override
  public void scanOther(String namespace, String prefix, BiPredicate<String, byte[]> visitor) {
    tx.scanOther(namespace, prefix, visitor);
  }

  @Override
  public void scan(String prefix, BiPredicate<String, byte[]> visitor) {
    tx.scan(prefix, visitor);
  }

  @Override
  public void emit(String type, Args attributes) {
    tx.emit(type, attributes);
  }
}
