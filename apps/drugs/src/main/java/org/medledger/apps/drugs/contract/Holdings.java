package org.medledger.apps.drugs.contract;

import static org.medledger.apps.drugs.contract.DrugKeys.caseKey;
import static org.medledger.apps.drugs.contract.DrugKeys.packKey;

import java.util.ArrayList;
import java.util.List;
import org.medledger.apps.drugs.contract.PackTargets.PackRef;
import org.medledger.apps.drugs.contract.gs1.Gtin;
import org.medledger.core.runtime.ContractContext;
import org.medledger.core.runtime.ContractException;

/** The packs and cases on the ledger, and who holds them: the checks every step of a pack's life makes first. */
final class Holdings {
  private Holdings() {}

  static CaseState requireCase(ContractContext ctx, String sscc) throws ContractException {
    byte[] v = ctx.get(caseKey(sscc));
    if (v == null) {
      throw new ContractException("unknown_case", "case " + sscc + " holds nothing on this ledger");
    }
    return CaseState.decode(v);
  }

  static PackState requirePack(ContractContext ctx, Gtin g, String s) throws ContractException {
    byte[] v = ctx.get(packKey(g, s));
    if (v == null) {
      throw new ContractException("unknown_serial", "serial " + s + " of GTIN " + g + " was never commissioned");
    }
    return PackState.decode(v);
  }

  static void requireHolder(PackState p, String org, String serial) throws ContractException {
    if (!p.holder().equals(org) || !p.shippedTo().isEmpty()) {
      throw new ContractException("not_holder", "serial " + serial + " is not held by " + org
          + (p.shippedTo().isEmpty() ? "" : " (it is in transit)"));
    }
  }

  /** A case is held by whoever holds the packs in it (they always move together). */
  static void requireCaseHeld(ContractContext ctx, String sscc, CaseState cs, String org) throws ContractException {
    List<PackRef> packs = new ArrayList<>();
    PackTargets.expand(ctx, sscc, cs, packs, new ArrayList<>());
    for (PackRef r : packs) {
      PackState p = requirePack(ctx, r.gtin(), r.serial());
      if (!p.holder().equals(org) || !p.shippedTo().isEmpty() || p.status() != PackState.Status.ACTIVE) {
        throw new ContractException("not_holder", "case " + sscc + " is not held by " + org
            + (p.shippedTo().isEmpty() ? "" : " (it is in transit)"));
      }
    }
  }
}
