package org.medledger.apps.drugs.contract;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.medledger.core.runtime.StateKeys;
import org.medledger.core.runtime.StateReader;
import org.medledger.apps.drugs.contract.gs1.DigitalLink;
import org.medledger.apps.drugs.contract.gs1.ExpiryDate;
import org.medledger.apps.drugs.contract.gs1.Gtin;

/**
 * Answers a scan of a pack against the ledger (pure: state, link, date, scanner in; verdict out).
 * In order: never commissioned → unknown serial (likely counterfeit); decommissioned; already
 * dispensed (likely a cloned code); recalled lot; scanned by the public from {@value
 * DrugsContract#CLONE_PLACES} or more places in the last 30 days, by the reports of at least two
 * organisations' nodes and even without any one of them (likely a cloned code, {@link ScanCount}); lot or expiry different from
 * the record; expired; seen at an organisation that neither holds it nor was shipped it → diverted;
 * else genuine, with the trace from the maker through each holder (events later declared in error
 * marked so).
 */
public final class DrugVerifier {
  private DrugVerifier() {}

  /** The answer: outcome code, a sentence, and the pack's trace (empty for an unknown serial). */
  public record Verdict(String outcome, String message, List<String> trace, ScanCount scans, LotRecalls recalls) {
    Verdict(String outcome, String message, List<String> trace) {
      this(outcome, message, trace, ScanCount.NONE, LotRecalls.NONE);
    }
  }

  public static Verdict verify(StateReader state, DigitalLink link, LocalDate today, Optional<String> scannedBy) {
    Gtin g = link.sgtin().gtin();
    String serial = link.sgtin().serial();
    byte[] v = DrugKeys.read(state, DrugKeys.packKey(g, serial));
    if (v == null) {
      return new Verdict("unknown_serial", "serial " + serial + " of GTIN " + g + " was never commissioned: likely counterfeit", List.of());
    }
    PackState p = PackState.decode(v);
    List<String> trace = trace(state, g, serial, p);
    ScanCount scans = ScanCount.decode(DrugKeys.read(state, DrugKeys.scansKey(g, serial)));
    Verdict d = decide(state, link, today, scannedBy, g, p, trace, scans);
    return new Verdict(d.outcome(), d.message(), d.trace(), scans, d.recalls());
  }

  private static Verdict decide(StateReader state, DigitalLink link, LocalDate today, Optional<String> scannedBy, Gtin g,
      PackState p, List<String> trace, ScanCount scans) {
    if (p.status() == PackState.Status.DECOMMISSIONED) {
      return new Verdict("decommissioned", "decommissioned (" + p.reason() + ") by " + p.holder(), trace);
    }
    if (p.status() == PackState.Status.DISPENSED) {
      return new Verdict("already_dispensed", "already dispensed by " + p.holder() + ": a scan now suggests a cloned code", trace);
    }
    LotRecalls recalls = DrugQueries.recalls(state, g, p.lot());
    if (!recalls.isEmpty()) {
      // Every recall, in order: the regulator's and the maker's both stand.
      List<String> each = recalls.recalls().stream().map(r -> r.by() + " (" + r.role() + "): " + r.reason()).toList();
      return new Verdict("recalled", "lot " + p.lot() + " was recalled by " + String.join("; and by ", each), trace, ScanCount.NONE,
          recalls);
    }
    // Scan reports are dated in block time; the window is judged from the start of today, so a
    // verdict changes at most once a day and no node's clock reaches the ledger.
    long now = today.atStartOfDay(java.time.ZoneOffset.UTC).toInstant().toEpochMilli();
    if (scans.likelyClone(now)) {
      return new Verdict("likely_clone", "this code was scanned from " + scans.places(now) + " different places in the last "
          + ScanCount.WINDOW_MILLIS / 86_400_000L + " days, reported by " + scans.organisations(now)
          + " organisations' nodes (at least " + DrugsContract.CLONE_PLACES + " without any one of them): likely copied onto other packs",
          trace);
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
    if (!p.shippedTo().isEmpty()) {
      // A pack shipped and not yet received is not on anyone's shelf: offered for sale, it is a
      // copy of its code, or it left the shipment (issue 22, finding 12).
      return new Verdict("in_transit", "shipped by " + p.holder() + " to " + p.shippedTo() + " and not yet received", trace);
    }
    return new Verdict("genuine", "genuine: made by " + p.maker() + ", held by " + p.holder(), trace);
  }

  private static List<String> trace(StateReader state, Gtin g, String serial, PackState p) {
    List<String> out = new ArrayList<>();
    out.add("commissioned by " + p.maker() + " at height " + p.commissionedHeight() + " (lot " + p.lot() + ", expiry " + p.expiry() + ")");
    String prefix = "trace/" + g + "/" + serial + "\u0000";
    state.scan(StateKeys.of(DrugsContract.NAME, prefix), (k, v) -> {
      out.add(traceLine(state, v));
      return true;
    });
    if (!p.parent().isEmpty()) {
      out.add("now packed in case " + p.parent());
    }
    return out;
  }

  /** One trace entry as a sentence: step, by whom, to whom (or into/out of which case), when, and any error declared on it. */
  static String traceLine(StateReader state, byte[] value) {
    TraceEntry e = TraceEntry.decode(value);
    String other = switch (e.step()) {
      case "aggregate" -> " into case " + e.other();
      case "disaggregate" -> " out of case " + e.other();
      case "declareError" -> " on event " + e.other();
      default -> e.other().isEmpty() ? "" : " to " + e.other();
    };
    String line = e.step() + " by " + e.organisation() + other + " at " + java.time.Instant.ofEpochMilli(e.time());
    byte[] error = DrugKeys.read(state, DrugKeys.errorKey(e.organisation(), e.eventId()));
    if (error != null) {
      ErrorDeclaration d = ErrorDeclaration.decode(error);
      line += " (declared in error by " + d.declaredBy() + ": " + d.reason() + ")";
    }
    return line + " [event " + e.eventId() + "]";
  }
}
