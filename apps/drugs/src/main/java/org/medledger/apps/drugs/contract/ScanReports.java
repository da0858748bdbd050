package org.medledger.apps.drugs.contract;

import static org.medledger.apps.drugs.contract.DrugArgs.GTIN;
import static org.medledger.apps.drugs.contract.DrugArgs.REASON;
import static org.medledger.apps.drugs.contract.DrugArgs.SCANS;
import static org.medledger.apps.drugs.contract.DrugArgs.SERIAL;
import static org.medledger.apps.drugs.contract.DrugKeys.packKey;
import static org.medledger.apps.drugs.contract.DrugKeys.scansKey;
import static org.medledger.apps.drugs.contract.DrugRoles.requireRole;
import static org.medledger.apps.drugs.contract.DrugsContract.MAX_SERIALS_PER_TRANSACTION;

import org.medledger.apps.drugs.contract.gs1.Gtin;
import org.medledger.core.runtime.ContractContext;
import org.medledger.core.runtime.ContractException;
import org.medledger.core.tx.Args;

/** The public scans nodes answered, counted per pack so a cloned code shows ({@link ScanCount}). */
final class ScanReports {
  private ScanReports() {}


  /**
   * A node's batch of the public scans it answered: lines of {@code gtin TAB serial TAB place}, a
   * place being a network-wide digest of where the scan came from (the same network gives the same
   * digest through every node). Each report is the calling organisation's, at this block's time;
   * {@link ScanCount} bounds what one organisation counts and decides the verdict without trusting
   * any one of them.
   */
  static void recordScans(ContractContext ctx) throws ContractException {
    requireRole(ctx, "record scans", "node");
    String[] lines = SCANS.in(ctx).split("\n");
    if (lines.length > MAX_SERIALS_PER_TRANSACTION) {
      throw new ContractException("invalid_argument", "scans: at most " + MAX_SERIALS_PER_TRANSACTION + " in one batch");
    }
    String org = ctx.caller().organisation();
    for (String line : lines) {
      String[] f = line.split("\t", -1);
      if (f.length != 3 || !f[2].matches("[0-9a-f]{16}")) {
        throw new ContractException("invalid_argument", "scans: each line is gtin, serial and a 16-hex-digit place, tab-separated");
      }
      Gtin g = GTIN.decode(f[0]);
      if (ctx.get(packKey(g, f[1])) == null) {
        continue; // an unknown code's scans are not the ledger's to keep: anyone can make them up
      }
      ScanCount before = ScanCount.decode(ctx.get(scansKey(g, f[1])));
      ctx.put(scansKey(g, f[1]), before.record(f[2], org, ctx.blockTimestamp()).encode());
    }
    ctx.emit("ScansRecorded", Args.of("scans", Integer.toString(lines.length), "by", org));
  }

  /**
   * A regulator clears a pack's scan reports (a genuine pack wrongly branded, or a clone seized):
   * the scan total stays, and who reset it, when and why is kept with it and emitted.
   */
  static void resetScans(ContractContext ctx) throws ContractException {
    requireRole(ctx, "reset a pack's scan count", "regulator");
    Gtin g = GTIN.in(ctx);
    String serial = SERIAL.in(ctx);
    String reason = REASON.in(ctx);
    if (reason.isBlank()) {
      throw new ContractException("invalid_argument", "reason: say why the scan count is reset");
    }
    if (ctx.get(packKey(g, serial)) == null) {
      throw new ContractException("unknown_pack", "serial " + serial + " of GTIN " + g + " was never commissioned");
    }
    ScanCount before = ScanCount.decode(ctx.get(scansKey(g, serial)));
    ctx.put(scansKey(g, serial), before.reset(ctx.caller().organisation(), ctx.blockTimestamp(), reason).encode());
    ctx.emit("ScansReset", Args.of("gtin", g.value(), "serial", serial, "by", ctx.caller().organisation(), "reason", reason));
  }
}
