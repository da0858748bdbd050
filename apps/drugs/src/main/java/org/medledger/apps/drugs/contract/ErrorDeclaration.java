package org.medledger.apps.drugs.contract;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.medledger.core.codec.CanonicalReader;
import org.medledger.core.codec.CanonicalWriter;
import org.medledger.core.codec.DecodeException;

/**
 * An event declared in error (EPCIS 2.0 errorDeclaration): why, by which organisation, when, and
 * the ids of the events that correct it. Length-prefixed, so a reason is any text.
 */
public record ErrorDeclaration(String reason, String declaredBy, long time, List<String> correctiveEventIds) {
  static final int MAX_CORRECTIVE = 64;

  public ErrorDeclaration {
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(declaredBy, "declaredBy");
    correctiveEventIds = List.copyOf(correctiveEventIds);
  }

  public byte[] encode() {
    CanonicalWriter w = new CanonicalWriter(128).u8(1).string(reason).string(declaredBy).u64(time).u32(correctiveEventIds.size());
    correctiveEventIds.forEach(w::string);
    return w.toByteArray();
  }

  public static ErrorDeclaration decode(byte[] bytes) {
    CanonicalReader r = new CanonicalReader(bytes);
    int version = r.u8("error.version");
    if (version != 1) {
      throw new DecodeException("error.version: " + version + " is not 1");
    }
    String reason = r.string("error.reason", DrugText.MAX_REASON_BYTES);
    String by = r.string("error.declaredBy", 256);
    long time = r.u64("error.time");
    int n = r.count("error.corrective", MAX_CORRECTIVE);
    List<String> ids = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      ids.add(r.string("error.correctiveEventId", 256));
    }
    r.expectEnd("error");
    return new ErrorDeclaration(reason, by, time, ids);
  }
}
