package org.medledger.apps.drugs.contract;

import static org.medledger.apps.drugs.contract.DrugArgs.EXPIRY;
import static org.medledger.apps.drugs.contract.DrugArgs.GTIN;
import static org.medledger.apps.drugs.contract.DrugArgs.LOT;
import static org.medledger.apps.drugs.contract.DrugArgs.SERIALS;
import static org.medledger.apps.drugs.contract.DrugKeys.gtinKey;
import static org.medledger.apps.drugs.contract.DrugKeys.packKey;
import static org.medledger.apps.drugs.contract.DrugRoles.requireRole;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.medledger.apps.drugs.contract.gs1.ExpiryDate;
import org.medledger.apps.drugs.contract.gs1.Gs1;
import org.medledger.apps.drugs.contract.gs1.Gtin;
import org.medledger.apps.drugs.contract.gs1.Sgtin;
import org.medledger.core.runtime.ContractContext;
import org.medledger.core.runtime.ContractException;
import org.medledger.core.tx.Args;

/**
 * A maker's products: the GTINs it registers under a company prefix it owns ({@link
 * CompanyPrefixes}), and the serials it commissions for them, each a pack the maker holds.
 */
final class Products {
  private Products() {}

  /**
   * The owner's maker registers a GTIN under its company prefix; after a transfer of the prefix
   * the new owner registers it afresh and the old one no longer may (issue 22, finding 3).
   */
  static void registerGtin(ContractContext ctx) throws ContractException {
    requireRole(ctx, "register a GTIN", "maker", "admin");
    Gtin g = GTIN.in(ctx);
    String org = ctx.caller().organisation();
    requirePrefixOwner(ctx, g, org, "registers");
    byte[] registrant = ctx.get(gtinKey(g));
    if (registrant != null && new String(registrant, StandardCharsets.UTF_8).equals(org)) {
      throw new ContractException("already_registered", "GTIN " + g + " is already registered to " + org);
    }
    ctx.put(gtinKey(g), org.getBytes(StandardCharsets.UTF_8));
    ctx.emit("GtinRegistered", Args.of("gtin", g.value(), "maker", org));
  }

  /** Refuses {@code org} unless it owns, now, the company prefix {@code g} carries. */
  private static void requirePrefixOwner(ContractContext ctx, Gtin g, String org, String action) throws ContractException {
    PrefixChange owner = CompanyPrefixes.owner(ctx::get, g).orElseThrow(() -> new ContractException("unknown_prefix",
        "GTIN " + g + " carries no GS1 company prefix recorded on this ledger: a regulator records its owner first (drugs.recordPrefix)"));
    if (!owner.owner().equals(org)) {
      throw new ContractException("forbidden", "GTIN " + g + " is under company prefix " + owner.prefix() + ", which belongs to "
          + owner.owner() + ": only " + owner.owner() + " " + action + " it");
    }
  }

  static void commission(EventContext ctx) throws ContractException {
    requireRole(ctx, "commission serials", "maker", "admin");
    Gtin g = GTIN.in(ctx);
    requirePrefixOwner(ctx, g, ctx.caller().organisation(), "commissions serials under");
    byte[] owner = ctx.get(gtinKey(g));
    if (owner == null || !new String(owner, StandardCharsets.UTF_8).equals(ctx.caller().organisation())) {
      throw new ContractException("forbidden", "only the maker that registered GTIN " + g + " commissions serials for it (drugs.registerGtin first)");
    }
    String lot = LOT.in(ctx);
    String expiry = EXPIRY.in(ctx);
    List<String> serials = SERIALS.in(ctx);
    try {
      Gs1.requireCset82(lot, 20, "lot (AI 10)");
      ExpiryDate.parse(expiry, java.time.Instant.ofEpochMilli(ctx.blockTimestamp()).atZone(java.time.ZoneOffset.UTC).getYear());
      for (String s : serials) {
        new Sgtin(g, s);
      }
    } catch (IllegalArgumentException e) {
      throw new ContractException("invalid_argument", e.getMessage());
    }
    String org = ctx.caller().organisation();
    for (String s : serials) {
      if (ctx.get(packKey(g, s)) != null) {
        throw new ContractException("already_commissioned", "serial " + s + " of GTIN " + g + " was already commissioned");
      }
      ctx.put(packKey(g, s), new PackState(lot, expiry, org, org, "", PackState.Status.ACTIVE, "", ctx.blockHeight(),
          ctx.blockTimestamp(), "").encode());
    }
    ctx.emit("Commissioned", Args.of("gtin", g.value(), "lot", lot, "count", Integer.toString(serials.size())));
  }
}
