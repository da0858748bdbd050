package org.medledger.apps.drugs.node;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import org.medledger.apps.drugs.contract.CaseState;
import org.medledger.apps.drugs.contract.DrugQueries;
import org.medledger.apps.drugs.contract.DrugsContract;
import org.medledger.apps.drugs.contract.PackState;
import org.medledger.apps.drugs.contract.gs1.Gtin;
import org.medledger.apps.drugs.contract.gs1.ItemRef;
import org.medledger.core.runtime.StateKeys;
import org.medledger.core.runtime.StateReader;

/**
 * One organisation's packs as the ledger holds them: what is on its way to it (a case counts once,
 * received whole) and what it holds; and why a receive or dispense it asks for would be refused,
 * in the pharmacist's words, checked before anything is signed so a refusal commits nothing. A
 * refusal says what the organisation may not do, never who else holds the pack.
 */
record PharmacyStock(List<PharmacyView.Row> arriving, List<PharmacyView.Row> shelf, long shelfTotal) {
  /** Rows a page lists of each kind: the counts cover them all. */
  static final int ROWS = 100;

  static PharmacyStock of(StateReader state, String organisation) {
    TreeMap<String, PharmacyView.Row> arrivingCases = new TreeMap<>();
    List<PharmacyView.Row> arriving = new ArrayList<>();
    List<PharmacyView.Row> shelf = new ArrayList<>();
    long[] held = new long[1];
    state.scan(StateKeys.of(DrugsContract.NAME, "pack/"), (k, v) -> {
      String local = StateKeys.localKey(DrugsContract.NAME, k);
      // pack/{14-digit GTIN}/{serial}: a serial may hold '/', a GTIN never does.
      String gtin = local.substring(5, 19);
      String serial = local.substring(20);
      PackState p = PackState.decode(v);
      if (p.status() != PackState.Status.ACTIVE) {
        return true;
      }
      if (p.shippedTo().equals(organisation)) {
        if (p.parent().isEmpty()) {
          if (arriving.size() < ROWS) {
            arriving.add(new PharmacyView.Row(packCode(gtin, serial), "Pack " + gtin + " serial " + serial, p.lot(), p.expiry(),
                1, "from " + p.holder(), true));
          }
        } else {
          PharmacyView.Row c = arrivingCases.get(p.parent());
          arrivingCases.put(p.parent(), new PharmacyView.Row(p.parent(), "Case " + p.parent(), c == null ? p.lot() : c.lot(),
              c == null ? p.expiry() : c.expiry(), c == null ? 1 : c.packs() + 1, "from " + p.holder(), true));
        }
      } else if (p.holder().equals(organisation) && p.shippedTo().isEmpty()) {
        held[0]++;
        if (shelf.size() < ROWS) {
          boolean loose = p.parent().isEmpty();
          shelf.add(new PharmacyView.Row(packCode(gtin, serial), "Pack " + gtin + " serial " + serial, p.lot(), p.expiry(), 1,
              loose ? "" : "packed in case " + p.parent() + ": unpack it before dispensing", loose));
        }
      }
      return true;
    });
    List<PharmacyView.Row> all = new ArrayList<>(arrivingCases.values());
    all.addAll(arriving);
    return new PharmacyStock(all.subList(0, Math.min(ROWS, all.size())), shelf, held[0]);
  }

  /** The element string a pharmacist reads under the pack's code; the form reads it back. */
  static String packCode(String gtin, String serial) {
    return "(01)" + gtin + "(21)" + serial;
  }

  /** Why {@code organisation} may not {@code step} (receive or dispense) {@code target} now, or empty if it may. */
  static Optional<String> refusal(StateReader state, String organisation, String step, PackOrCase target) {
    if (target instanceof PackOrCase.Case c) {
      if (step.equals("dispense")) {
        return Optional.of("a case is not dispensed: dispense its packs one by one once it is unpacked.");
      }
      return caseRefusal(state, organisation, c.sscc().value(), 0);
    }
    var sgtin = ((PackOrCase.Pack) target).sgtin();
    Optional<PackState> found = DrugQueries.pack(state, sgtin.gtin(), sgtin.serial());
    if (found.isEmpty()) {
      return Optional.of("No pack with product code " + sgtin.gtin() + " and serial " + sgtin.serial()
          + " was ever made on this ledger: check the code.");
    }
    PackState p = found.get();
    if (p.status() != PackState.Status.ACTIVE) {
      return Optional.of("that pack was already " + p.status().name().toLowerCase(java.util.Locale.ROOT)
          + ": it is out of the supply chain.");
    }
    if (step.equals("receive")) {
      if (!p.shippedTo().equals(organisation)) {
        return Optional.of("that pack was not shipped to " + organisation + ": you receive only what is shipped to your organisation.");
      }
      if (!p.parent().isEmpty()) {
        return Optional.of("that pack travels packed in case " + p.parent() + ": receive the case.");
      }
      return Optional.empty();
    }
    if (!p.holder().equals(organisation) || !p.shippedTo().isEmpty()) {
      return Optional.of("that pack is not held by " + organisation + ": you dispense only packs your pharmacy holds"
          + (p.shippedTo().equals(organisation) ? " (it is on its way to you: receive it first)." : "."));
    }
    if (!p.parent().isEmpty()) {
      return Optional.of("that pack is packed in case " + p.parent() + ": unpack the case before dispensing it.");
    }
    return Optional.empty();
  }

  private static Optional<String> caseRefusal(StateReader state, String organisation, String sscc, int depth) {
    byte[] v = state.get(StateKeys.of(DrugsContract.NAME, "case/" + sscc));
    if (v == null) {
      return Optional.of("No case " + sscc + " holds anything on this ledger: check the code.");
    }
    CaseState c = CaseState.decode(v);
    if (depth == 0 && !c.parent().isEmpty()) {
      return Optional.of("case " + sscc + " travels inside " + c.parent() + ": receive that.");
    }
    for (String child : c.children()) {
      ItemRef ref = ItemRef.parse(child);
      Optional<String> refused = ref.isCase() ? depth > 8 ? Optional.of("case " + sscc + " nests too deep to check here.")
          : caseRefusal(state, organisation, ref.sscc(), depth + 1) : packInCaseRefusal(state, organisation, sscc, ref.gtin(), ref.serial());
      if (refused.isPresent()) {
        return refused;
      }
    }
    return Optional.empty();
  }

  private static Optional<String> packInCaseRefusal(StateReader state, String organisation, String sscc, Gtin gtin, String serial) {
    Optional<PackState> p = DrugQueries.pack(state, gtin, serial);
    if (p.isEmpty() || p.get().status() != PackState.Status.ACTIVE || !p.get().shippedTo().equals(organisation)) {
      return Optional.of("case " + sscc + " was not shipped to " + organisation + ": you receive only what is shipped to your organisation.");
    }
    return Optional.empty();
  }
}
