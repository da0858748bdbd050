package org.medledger.apps.insurance.contract;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;
import org.medledger.core.codec.CanonicalReader;
import org.medledger.core.codec.CanonicalWriter;

/**
 * What every insurer together has paid for one line hash, and which insurers paid it: a line is
 * paid once per insurer and, across insurers, never beyond its billed amount (coordination of
 * benefits: the primary pays, the secondary at most the rest). {@code u64 paid ‖ u32 n ‖ n ×
 * string insurer} (ascending).
 */
public record PaidLine(long paid, SortedSet<String> insurers) {
  public static final PaidLine NONE = new PaidLine(0, new TreeSet<>());

  public PaidLine {
    insurers = Collections.unmodifiableSortedSet(new TreeSet<>(insurers));
  }

  PaidLine plus(String insurer, long amount) {
    TreeSet<String> by = new TreeSet<>(insurers);
    by.add(insurer);
    return new PaidLine(Math.addExact(paid, amount), by);
  }

  public byte[] encode() {
    CanonicalWriter w = new CanonicalWriter(64).u64(paid).u32(insurers.size());
    insurers.forEach(w::string);
    return w.toByteArray();
  }

  public static PaidLine decode(byte[] b) {
    CanonicalReader r = new CanonicalReader(b);
    long paid = r.u64("paidLine.paid");
    int n = r.count("paidLine.insurers", 1_000);
    List<String> by = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      by.add(r.string("paidLine.insurer", 256));
    }
    r.expectEnd("paidLine");
    return new PaidLine(paid, new TreeSet<>(by));
  }
}
