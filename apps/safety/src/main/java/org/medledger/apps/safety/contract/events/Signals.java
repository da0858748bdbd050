package org.medledger.apps.safety.contract.events;

import static org.medledger.apps.safety.contract.events.EventArgs.GTIN;
import static org.medledger.apps.safety.contract.events.EventArgs.KIND;
import static org.medledger.apps.safety.contract.events.EventArgs.LOT;
import static org.medledger.apps.safety.contract.events.EventArgs.MODEL;
import static org.medledger.apps.safety.contract.events.EventArgs.REPORTS;

import java.nio.charset.StandardCharsets;
import org.medledger.core.runtime.ContractContext;
import org.medledger.core.runtime.ContractException;
import org.medledger.core.tx.Args;

/**
 * Counts, thresholds and signals (issue 17, item 9). Each first report counts once against its
 * lot or its device's model (a follow-up never counts again). A regulator sets a threshold for one
 * subject, or for every subject of a kind that has none of its own ({@code *}); when a report
 * brings a count to the threshold in force, or past one set below it meanwhile, the ledger
 * raises a signal, once per subject and threshold.
 */
final class Signals {
  static final String EVERY = "*";

  private Signals() {}

  static void count(ContractContext ctx, Suspect suspect, String caseId) throws ContractException {
    String countKey = EventKeys.countKey(suspect);
    long count = read(ctx.get(countKey)) + 1;
    ctx.put(countKey, Long.toString(count).getBytes(StandardCharsets.UTF_8));
    byte[] own = ctx.get(EventKeys.thresholdKey(suspect.countKind(), suspect.countSubject()));
    byte[] raw = own != null ? own : ctx.get(EventKeys.thresholdKey(suspect.countKind(), EVERY));
    if (raw == null) {
      return;
    }
    Threshold t = Threshold.decode(raw);
    String signalKey = EventKeys.signalKey(suspect.countKind(), suspect.countSubject(), t.reports());
    if (count < t.reports() || ctx.get(signalKey) != null) {
      return;
    }
    ctx.put(signalKey, new Signal(suspect.countKind(), suspect.countSubject(), count, t.reports(), caseId, ctx.blockHeight(),
        ctx.blockTimestamp()).encode());
    ctx.emit("SignalRaised", Args.of("kind", suspect.countKind(), "subject", suspect.countSubject(), "count", Long.toString(count),
        "threshold", Long.toString(t.reports()), "case", caseId));
  }

  /** A regulator's threshold for one lot (gtin, lot), one model, or every subject of the kind (neither given). */
  static void setThreshold(ContractContext ctx) throws ContractException {
    String kind = KIND.in(ctx);
    String subject;
    if (kind.equals("lot")) {
      if (MODEL.given(ctx)) {
        throw new ContractException("invalid_argument", "a lot's threshold names gtin and lot, not a model");
      }
      if (GTIN.given(ctx) != LOT.given(ctx)) {
        throw new ContractException("invalid_argument", "a lot's threshold names both gtin and lot, or neither (every lot)");
      }
      subject = GTIN.given(ctx) ? GTIN.in(ctx).value() + "/" + EventKeys.segment(LOT.in(ctx)) : EVERY;
    } else {
      if (GTIN.given(ctx) || LOT.given(ctx)) {
        throw new ContractException("invalid_argument", "a model's threshold names a model, not a gtin or lot");
      }
      subject = MODEL.given(ctx) ? EventKeys.segment(MODEL.in(ctx)) : EVERY;
    }
    long reports = REPORTS.in(ctx);
    ctx.put(EventKeys.thresholdKey(kind, subject), new Threshold(reports, ctx.caller().organisation(), ctx.blockHeight()).encode());
    ctx.emit("ThresholdSet", Args.of("kind", kind, "subject", subject, "reports", Long.toString(reports)));
  }

  static long read(byte[] count) {
    return count == null ? 0 : Long.parseLong(new String(count, StandardCharsets.UTF_8));
  }
}
