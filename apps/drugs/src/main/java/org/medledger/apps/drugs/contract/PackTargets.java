package org.medledger.apps.drugs.contract;

import static org.medledger.apps.drugs.contract.DrugArgs.CASE;
import static org.medledger.apps.drugs.contract.DrugArgs.CASES;
import static org.medledger.apps.drugs.contract.DrugArgs.GTIN;
import static org.medledger.apps.drugs.contract.DrugArgs.PACKS;
import static org.medledger.apps.drugs.contract.DrugArgs.SERIALS;
import static org.medledger.apps.drugs.contract.DrugsContract.MAX_SERIALS_PER_TRANSACTION;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.TreeSet;
import org.medledger.apps.drugs.contract.gs1.Gtin;
import org.medledger.apps.drugs.contract.gs1.ItemRef;
import org.medledger.core.runtime.ContractContext;
import org.medledger.core.runtime.ContractException;

/**
 * What an event names: packs (gtin + serials, or a pack list) and cases (SSCCs), cases expanded to
 * every pack inside, in the order they were named.
 */
record PackTargets(List<PackRef> packs, List<String> cases) {
  /** A pack an event reaches: named directly, or inside the case {@code viaCase}. */
  record PackRef(Gtin gtin, String serial, String viaCase) {}

  /** Orders packs by all they hold, so a pack named twice is found without hashing. */
  private static final Comparator<PackRef> BY_VALUE = Comparator.comparing((PackRef r) -> r.gtin().value())
      .thenComparing(PackRef::serial).thenComparing(PackRef::viaCase);

  static PackTargets of(ContractContext ctx, boolean casesAllowed) throws ContractException {
    List<PackRef> packs = new ArrayList<>();
    List<String> cases = new ArrayList<>();
    if (GTIN.given(ctx) || SERIALS.given(ctx)) {
      Gtin g = GTIN.in(ctx);
      for (String s : SERIALS.in(ctx)) {
        packs.add(new PackRef(g, s, ""));
      }
    }
    // Packs of several GTINs in one event (a mixed shipment): 01/{gtin}/21/{serial} items.
    for (ItemRef r : PACKS.ifGiven(ctx).orElse(List.of())) {
      packs.add(new PackRef(r.gtin(), r.serial(), ""));
    }
    TreeSet<PackRef> distinct = new TreeSet<>(BY_VALUE);
    distinct.addAll(packs);
    if (distinct.size() != packs.size()) {
      throw new ContractException("invalid_argument", "a pack is named twice");
    }
    String caseList = CASES.ifGiven(ctx).orElse("");
    if (!caseList.isEmpty()) {
      if (!casesAllowed) {
        throw new ContractException("invalid_argument", "cases: " + ctx.method() + " applies to packs only: unpack the case first");
      }
      for (String c : new LinkedHashSet<>(ItemList.split(caseList))) {
        String sscc = CASE.decode(c);
        CaseState cs = Holdings.requireCase(ctx, sscc);
        if (!cs.parent().isEmpty()) {
          throw new ContractException("packed", "case " + sscc + " is inside " + cs.parent() + ": move that, or unpack it first");
        }
        expand(ctx, sscc, cs, packs, cases);
      }
    }
    if (packs.isEmpty()) {
      throw new ContractException("missing_argument", ctx.method() + " names packs (gtin and serials, or packs) or cases");
    }
    if (packs.size() > MAX_SERIALS_PER_TRANSACTION) {
      throw new ContractException("invalid_argument", ctx.method() + " reaches " + packs.size() + " packs; at most "
          + MAX_SERIALS_PER_TRANSACTION + " in one event");
    }
    return new PackTargets(packs, cases);
  }

  /** Adds {@code sscc} to {@code cases} and every pack inside it, through cases within cases, to {@code packs}. */
  static void expand(ContractContext ctx, String sscc, CaseState cs, List<PackRef> packs, List<String> cases)
      throws ContractException {
    cases.add(sscc);
    for (String child : cs.children()) {
      ItemRef ref = ItemRef.parse(child);
      if (ref.isCase()) {
        expand(ctx, ref.sscc(), Holdings.requireCase(ctx, ref.sscc()), packs, cases);
      } else {
        packs.add(new PackRef(ref.gtin(), ref.serial(), sscc));
      }
      if (packs.size() > MAX_SERIALS_PER_TRANSACTION) {
        throw new ContractException("invalid_argument", "more than " + MAX_SERIALS_PER_TRANSACTION + " packs in one event");
      }
    }
  }
}
