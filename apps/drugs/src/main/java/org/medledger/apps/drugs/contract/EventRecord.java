package org.medledger.apps.drugs.contract;

import org.medledger.core.codec.CanonicalReader;
import org.medledger.core.codec.CanonicalWriter;
import org.medledger.core.tx.Args;

/**
 * An event as kept on the ledger: what ran, for whom, relayed by which node, when, with which
 * arguments; {@code transactionId} carries ".index" for an event of a capture.
 */
public record EventRecord(String method, String organisation, String relayedBy, long height, String transactionId, long time, Args args) {
  byte[] encode() {
    CanonicalWriter w = new CanonicalWriter(256).u8(1).string(method).string(organisation).string(relayedBy).u64(height)
        .string(transactionId).u64(time);
    args.writeTo(w);
    return w.toByteArray();
  }

  public static EventRecord decode(byte[] bytes) {
    CanonicalReader r = new CanonicalReader(bytes);
    r.u8("event.version");
    EventRecord e = new EventRecord(r.string("event.method", 32), r.string("event.organisation", 256), r.string("event.relayedBy", 256),
        r.u64("event.height"), r.string("event.tx", 128), r.u64("event.time"), Args.readFrom(r, DrugArgs.MAX_CAPTURE_VALUE_BYTES));
    r.expectEnd("event");
    return e;
  }
}
