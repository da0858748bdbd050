package org.medledger.apps.drugs.contract;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.medledger.core.codec.CanonicalReader;
import org.medledger.core.codec.CanonicalWriter;
import org.medledger.core.codec.DecodeException;

/**
 * Every recall of one lot, in the order they were committed (issue 22, finding 8: a recall
 * overwrote the one before it, so a maker replaced the regulator's). Each organisation recalls a
 * lot once and its recall stands; others append theirs.
 */
public record LotRecalls(List<LotRecalls.Recall> recalls) {
  /** One organisation's recall: why, by which organisation (and in which role), at which height and time. */
  public record Recall(String reason, String by, String role, long height, long time) {}

  public static final LotRecalls NONE = new LotRecalls(List.of());
  /** A lot carries one recall per organisation at most; bounded for the decoder. */
  static final int MAX_RECALLS = 256;

  public LotRecalls {
    recalls = List.copyOf(recalls);
  }

  public boolean isEmpty() {
    return recalls.isEmpty();
  }

  public Optional<Recall> by(String organisation) {
    return recalls.stream().filter(r -> r.by().equals(organisation)).findFirst();
  }

  LotRecalls append(Recall r) {
    List<Recall> more = new ArrayList<>(recalls);
    more.add(r);
    return new LotRecalls(more);
  }

  public byte[] encode() {
    CanonicalWriter w = new CanonicalWriter(64 + 96 * recalls.size()).u8(1).u32(recalls.size());
    for (Recall r : recalls) {
      w.string(r.reason()).string(r.by()).string(r.role()).u64(r.height()).u64(r.time());
    }
    return w.toByteArray();
  }

  public static LotRecalls decode(byte[] bytes) {
    if (bytes == null) {
      return NONE;
    }
    CanonicalReader r = new CanonicalReader(bytes);
    int version = r.u8("recalls.version");
    if (version != 1) {
      throw new DecodeException("recalls.version: " + version + " is not 1");
    }
    int n = r.count("recalls.count", MAX_RECALLS);
    List<Recall> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      out.add(new Recall(r.string("recall.reason", DrugText.MAX_REASON_BYTES), r.string("recall.by", 256), r.string("recall.role", 32),
          r.u64("recall.height"), r.u64("recall.time")));
    }
    r.expectEnd("recalls");
    return new LotRecalls(out);
  }
}
