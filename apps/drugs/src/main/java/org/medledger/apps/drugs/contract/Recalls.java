package org.medledger.apps.drugs.contract;

import static org.medledger.apps.drugs.contract.DrugArgs.GTIN;
import static org.medledger.apps.drugs.contract.DrugArgs.LOT;
import static org.medledger.apps.drugs.contract.DrugArgs.REASON;
import static org.medledger.apps.drugs.contract.DrugKeys.gtinKey;
import static org.medledger.apps.drugs.contract.DrugKeys.recallKey;

import java.nio.charset.StandardCharsets;
import org.medledger.apps.drugs.contract.gs1.Gs1;
import org.medledger.apps.drugs.contract.gs1.Gtin;
import org.medledger.core.runtime.ContractContext;
import org.medledger.core.runtime.ContractException;
import org.medledger.core.tx.Args;

/** Recalls of a lot ({@link LotRecalls}): made by the maker or a regulator, appended, never overwritten. */
final class Recalls {
  private Recalls() {}

  /**
   * The maker (the organisation that registered the GTIN) or a regulator recalls a lot. Each
   * organisation's recall stands once made; another organisation's recall is appended beside it,
   * so the maker cannot replace the regulator's (issue 22, finding 8).
   */
  static void recall(ContractContext ctx) throws ContractException {
    Gtin g = GTIN.in(ctx);
    String lot = LOT.in(ctx);
    try {
      Gs1.requireCset82(lot, 20, "lot (AI 10)");
    } catch (IllegalArgumentException e) {
      throw new ContractException("invalid_argument", e.getMessage());
    }
    String reason = REASON.in(ctx);
    String org = ctx.caller().organisation();
    byte[] owner = ctx.get(gtinKey(g));
    boolean maker = owner != null && new String(owner, StandardCharsets.UTF_8).equals(org);
    if (!maker && !"regulator".equals(ctx.caller().role())) {
      throw new ContractException("forbidden", "only the maker of GTIN " + g + " or a regulator recalls a lot");
    }
    LotRecalls recalls = LotRecalls.decode(ctx.get(recallKey(g, lot)));
    if (recalls.by(org).isPresent()) {
      throw new ContractException("already_recalled", "lot " + lot + " of GTIN " + g + " is already recalled by " + org
          + "; a recall is never overwritten");
    }
    if (recalls.recalls().size() >= LotRecalls.MAX_RECALLS) {
      throw new ContractException("too_many_recalls", "lot " + lot + " of GTIN " + g + " carries " + LotRecalls.MAX_RECALLS + " recalls");
    }
    ctx.put(recallKey(g, lot), recalls.append(new LotRecalls.Recall(reason, org, ctx.caller().role(), ctx.blockHeight(),
        ctx.blockTimestamp())).encode());
    ctx.emit("Recalled", Args.of("gtin", g.value(), "lot", lot, "reason", reason, "by", org));
  }
}
