package org.medledger.apps.drugs.contract;

import java.util.Objects;
import org.medledger.core.codec.CanonicalReader;
import org.medledger.core.codec.CanonicalWriter;
import org.medledger.core.codec.DecodeException;

/**
 * One step in a pack's or case's trace: what happened, by which organisation, to whom (a shipment's
 * destination) or into or out of which case (or which event an error declaration names), when,
 * and the id of the event that did it. Length-prefixed (issue 22, finding 8: the newline-joined
 * text it replaces broke on a destination holding a line break).
 *
 * @param organisation the organisation the event is recorded under (its event id is unique within it)
 */
public record TraceEntry(String step, String organisation, String other, long time, String eventId) {
  public TraceEntry {
    Objects.requireNonNull(step, "step");
    Objects.requireNonNull(organisation, "organisation");
    Objects.requireNonNull(other, "other");
    Objects.requireNonNull(eventId, "eventId");
  }

  /** The entry {@code step} of the event running in {@code ctx} leaves, encoded. */
  static byte[] ofEvent(String step, String organisation, String other, EventContext ctx) {
    return new TraceEntry(step, organisation, other, ctx.blockTimestamp(), ctx.eventId()).encode();
  }

  public byte[] encode() {
    return new CanonicalWriter(64 + eventId.length()).u8(1).string(step).string(organisation).string(other).u64(time).string(eventId)
        .toByteArray();
  }

  public static TraceEntry decode(byte[] bytes) {
    CanonicalReader r = new CanonicalReader(bytes);
    int version = r.u8("trace.version");
    if (version != 1) {
      throw new DecodeException("trace.version: " + version + " is not 1");
    }
    TraceEntry e = new TraceEntry(r.string("trace.step", 32), r.string("trace.organisation", 256), r.string("trace.other", 256),
        r.u64("trace.time"), r.string("trace.eventId", 512));
    r.expectEnd("trace");
    return e;
  }
}
