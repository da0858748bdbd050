package org.medledger.core.drugs;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.medledger.core.runtime.StateKeys;
import org.medledger.core.runtime.StateReader;

/**
 * Answers a scan of a pack against the ledger (pure: state, link, date, scanner in; verdict out).
 * In order: never commissioned → unknown serial (likely counterfeit); decommissioned; already
 * dispensed (likely a cloned code); recalled lot; lot or expiry different from the record;
 * expired; seen at an organisation that neither holds it nor was shipped it → diverted; else
 * genuine, with the trace from the maker through each holder.
 */
public final class DrugVerifier {
  private DrugVerifier() {}

  /** The answer: outcome code, a sentence, and the pack's trace (empty for an unknown serial). */
  public record Verdict(String outcome, String message, List<String> trace) {}

  public static Verdict verify(StateReader state, DigitalLink link, LocalDate today, Optional<String> scannedBy) {
    Gtin g = link.sgtin().gtin();
    String serial = link.sgtin().serial();
    byte[] v = DrugsContract.read(state, DrugsContract.packKey(g, serial));
    if (v == null) {
      return new Verdict("unknown_serial", "serial " + serial + " of GTIN " + g + " was never commissioned: likely counterfeit", List.of());
    }
    PackState p = PackState.decode(v);
    List<String> trace = trace(state, g, serial, p);
    if (p.status() == PackState.Status.DECOMMISSIONED) {
      return new Verdict("decommissioned", "decommissioned (" + p.reason() + ") by " + p.holder(), trace);
    }
    if (p.status() == PackState.Status.DISPENSED) {
      return new Verdict("already_dispensed", "already dispensed by " + p.holder() + ": a scan now suggests a cloned code", trace);
    }
    byte[] recall = DrugsContract.read(state, DrugsContract.recallKey(g, p.lot()));
    if (recall != null) {
      String[] r = new String(recall, StandardCharsets.UTF_8).split("\n", -1);
      return new Verdict("recalled", "lot " + p.lot() + " was recalled by " + r[1] + ": " + r[0], trace);
    }
    if (link.lot().isPresent() && !link.lot().get().equals(p.lot())) {
      return new Verdict("lot_mismatch", "the code says lot " + link.lot().get() + ", the ledger lot " + p.lot(), trace);
    }
    if (link.expiry().isPresent() && !link.expiry().get().equals(p.expiry())) {
      return new Verdict("expiry_mismatch", "the code says expiry " + link.expiry().get() + ", the ledger " + p.expiry(), trace);
    }
    if (ExpiryDate.parse(p.expiry(), today.getYear()).date().isBefore(today)) {
      return new Verdict("expired", "expired on " + ExpiryDate.parse(p.expiry(), today.getYear()).date(), trace);
    }
    if (scannedBy.isPresent() && !scannedBy.get().equals(p.holder()) && !scannedBy.get().equals(p.shippedTo())) {
      return new Verdict("diverted", "seen at " + scannedBy.get() + ", which it was never shipped to (holder: " + p.holder() + ")", trace);
    }
    return new Verdict("genuine", "genuine: made by " + p.maker() + ", held by " + p.holder(), trace);
  }

  private static List<String> trace(StateReader state, Gtin g, String serial, PackState p) {
    List<String> out = new ArrayList<>();
    out.add("commissioned by " + p.maker() + " at height " + p.commissionedHeight() + " (lot " + p.lot() + ", expiry " + p.expiry() + ")");
    String prefix = "trace/" + g + "/" + serial + "\u0000";
    state.scan(StateKeys.of(DrugsContract.NAME, prefix), (k, v) -> {
      String[] e = new String(v, StandardCharsets.UTF_8).split("\n", -1);
      out.add(e[0] + " by " + e[1] + (e[2].isEmpty() ? "" : " to " + e[2]) + " at " + java.time.Instant.ofEpochMilli(Long.parseLong(e[3])));
      return true;
    });
    return out;
  }
}
