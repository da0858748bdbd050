package org.medledger.apps.drugs.contract;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Predicate;
import org.medledger.core.runtime.StateKeys;
import org.medledger.core.runtime.StateReader;
import org.medledger.apps.drugs.contract.gs1.Gtin;
import org.medledger.apps.drugs.contract.gs1.Sscc;

/** Reads of the drugs ledger beyond one scan: who holds a recalled lot, what a case holds, the events. */
public final class DrugQueries {
  private DrugQueries() {}

  /** Packs of a lot still in the supply chain, counted by the organisation holding them (or receiving them: "in transit to"). */
  public record Holding(String organisation, boolean inTransit, long packs) {}

  public static List<Holding> holdersOfLot(StateReader state, Gtin gtin, String lot) {
    SortedMap<String, long[]> count = new TreeMap<>();
    state.scan(StateKeys.of(DrugsContract.NAME, "pack/" + gtin + "/"), (k, v) -> {
      PackState p = PackState.decode(v);
      if (p.lot().equals(lot) && p.status() == PackState.Status.ACTIVE) {
        String who = p.shippedTo().isEmpty() ? p.holder() + "\n0" : p.shippedTo() + "\n1";
        count.computeIfAbsent(who, x -> new long[1])[0]++;
      }
      return true;
    });
    List<Holding> out = new ArrayList<>();
    count.forEach((k, n) -> out.add(new Holding(k.substring(0, k.indexOf('\n')), k.endsWith("1"), n[0])));
    return out;
  }

  /** The organisation that registered a GTIN, if any. */
  /** A commissioned pack's record (lot, expiry, maker, holder, status), empty for a serial never commissioned. */
  public static Optional<PackState> pack(StateReader state, Gtin gtin, String serial) {
    return Optional.ofNullable(DrugKeys.read(state, DrugKeys.packKey(gtin, serial))).map(PackState::decode);
  }

  public static Optional<String> maker(StateReader state, Gtin gtin) {
    return Optional.ofNullable(DrugKeys.read(state, DrugKeys.gtinKey(gtin))).map(b -> new String(b, StandardCharsets.UTF_8));
  }

  /** Every recall of a lot, in the order committed (none: empty). */
  public static LotRecalls recalls(StateReader state, Gtin gtin, String lot) {
    return LotRecalls.decode(DrugKeys.read(state, DrugKeys.recallKey(gtin, lot)));
  }

  /** The act that made the current owner of the GS1 company prefix {@code gtin} carries, if one is recorded. */
  public static Optional<PrefixChange> prefixOwner(StateReader state, Gtin gtin) {
    return CompanyPrefixes.owner(state, gtin);
  }

  /** Every regulator act on a company prefix (recorded, then each transfer), oldest first. */
  public static List<PrefixChange> prefixHistory(StateReader state, String prefix) {
    return CompanyPrefixes.history(state, prefix);
  }

  /** A case's contents and trace, if it holds anything. */
  public record CaseView(String sscc, CaseState state, List<String> trace) {}

  public static Optional<CaseView> caseView(StateReader state, Sscc sscc) {
    byte[] v = DrugKeys.read(state, DrugKeys.caseKey(sscc.value()));
    List<String> trace = new ArrayList<>();
    state.scan(StateKeys.of(DrugsContract.NAME, "trace/00/" + sscc + "\u0000"), (k, t) -> {
      trace.add(DrugVerifier.traceLine(state, t));
      return true;
    });
    if (v == null && trace.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new CaseView(sscc.value(), v == null ? new CaseState("", "", List.of()) : CaseState.decode(v), trace));
  }

  /** A recorded event with its id (unique within {@code record().organisation()}) and any error declared on it. */
  public record StoredEvent(String eventId, EventRecord record, Optional<ErrorDeclaration> error) {}

  /** Events in ledger order (height, then transaction, then place in a capture), those passing {@code filter}. */
  public static List<StoredEvent> events(StateReader state, Predicate<EventRecord> filter, int limit) {
    List<StoredEvent> out = new ArrayList<>();
    state.scan(StateKeys.of(DrugsContract.NAME, "event/"), (k, v) -> {
      EventRecord e = EventRecord.decode(v);
      if (filter.test(e)) {
        String id = StateKeys.localKey(DrugsContract.NAME, k).substring("event/".length() + e.organisation().length() + 1);
        byte[] err = DrugKeys.read(state, DrugKeys.errorKey(e.organisation(), id));
        out.add(new StoredEvent(id, e, Optional.ofNullable(err).map(ErrorDeclaration::decode)));
      }
      return true;
    });
    out.sort(java.util.Comparator.comparingLong((StoredEvent e) -> e.record().height())
        .thenComparing(e -> e.record().transactionId()).thenComparing(StoredEvent::eventId)
        .thenComparing(e -> e.record().organisation()));
    return out.size() > limit ? out.subList(0, limit) : out;
  }
}
