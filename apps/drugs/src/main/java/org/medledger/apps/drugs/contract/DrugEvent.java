package org.medledger.apps.drugs.contract;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import org.medledger.core.codec.CanonicalReader;
import org.medledger.core.codec.CanonicalWriter;
import org.medledger.core.tx.Args;

/**
 * One supply-chain event as the {@code drugs} contract runs it: a method ({@code commission},
 * {@code aggregate}, {@code ship}, …) and its arguments. A {@code capture} transaction carries a
 * list of them (an EPCIS document, translated) and commits all or none.
 */
public record DrugEvent(String method, Args args) {
  public static final int MAX_EVENTS = 1_000;

  public DrugEvent {
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(args, "args");
  }

  /** The list as one transaction argument: base64 of its canonical encoding. */
  public static String encodeList(List<DrugEvent> events) {
    if (events.isEmpty() || events.size() > MAX_EVENTS) {
      throw new IllegalArgumentException("a capture holds 1 to " + MAX_EVENTS + " events, got " + events.size());
    }
    CanonicalWriter w = new CanonicalWriter(256 * events.size()).u8(1).u32(events.size());
    for (DrugEvent e : events) {
      w.string(e.method());
      e.args().writeTo(w);
    }
    return Base64.getEncoder().encodeToString(w.toByteArray());
  }

  public static List<DrugEvent> decodeList(String encoded, int maxValueBytes) {
    byte[] bytes = Base64.getDecoder().decode(encoded);
    CanonicalReader r = new CanonicalReader(bytes);
    int version = r.u8("events.version");
    int n = r.u32("events.count");
    if (n < 1 || n > MAX_EVENTS) {
      throw new IllegalArgumentException("events.count: 1 to " + MAX_EVENTS + ", got " + n);
    }
    List<DrugEvent> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      out.add(new DrugEvent(r.string("event.method", 32), Args.readFrom(r, maxValueBytes)));
    }
    r.expectEnd("events");
    // Checked last, so that every list refused before is refused with the same words (a contract's
    // refusal is consensus bytes). The version byte was read and ignored, and Java's decoder takes
    // base64 without padding or with stray low bits: each gave one capture several encodings
    // (found by DrugEventListFuzzTest).
    if (version != 1) {
      throw new IllegalArgumentException("events.version: 1, got " + version);
    }
    if (!Base64.getEncoder().encodeToString(bytes).equals(encoded)) {
      throw new IllegalArgumentException("events: not canonical base64 (padded, no stray bits)");
    }
    return out;
  }
}
