package org.medledger.apps.drugs.contract;

import static org.medledger.apps.drugs.contract.DrugsContract.MAX_SERIALS_PER_TRANSACTION;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.medledger.apps.drugs.contract.gs1.Gtin;
import org.medledger.apps.drugs.contract.gs1.ItemRef;
import org.medledger.apps.drugs.contract.gs1.Sscc;
import org.medledger.core.runtime.Arg;
import org.medledger.core.runtime.ContractException;
import org.medledger.crypto.Hash;

/**
 * The arguments the drugs contract's methods take, each named once with its parser: the method
 * table declares them, the rules read them, and every refusal names the argument that was wrong.
 */
public final class DrugArgs {
  /** The most bytes one value of a capture (an event list, an event's argument) may hold. */
  static final int MAX_CAPTURE_VALUE_BYTES = 1 << 20;
  static final Arg<Gtin> GTIN = Arg.parsed("gtin", "GTIN", Gtin::parse);
  static final Arg<List<String>> SERIALS = Arg.of("serials", "serials", DrugArgs::serials);
  static final Arg<List<ItemRef>> PACKS = Arg.of("packs", "pack list", DrugArgs::packList);
  static final Arg<String> CASES = Arg.text("cases");
  static final Arg<String> CASE = Arg.parsed("cases", "SSCC", v -> new Sscc(v).value());
  static final Arg<String> PARENT = Arg.parsed("parent", "SSCC", v -> new Sscc(v).value());
  static final Arg<String> CHILDREN_TEXT = Arg.text("children");
  static final Arg<List<String>> CHILDREN = Arg.of("children", "item list", DrugArgs::itemList);
  static final Arg<String> EVENT_ID = Arg.text("eventId");
  static final Arg<Hash> MEMBER = Arg.hash("member");
  static final Arg<List<DrugEvent>> EVENTS = Arg.parsed("events", "event list",
      v -> DrugEvent.decodeList(v, MAX_CAPTURE_VALUE_BYTES));
  static final Arg<String> LOT = Arg.text("lot");
  static final Arg<String> EXPIRY = Arg.text("expiry");
  static final Arg<String> TO = Arg.text("to");
  static final Arg<String> REASON_TEXT = Arg.text("reason");
  static final Arg<String> REASON = Arg.of("reason", "reason text", v -> DrugText.reason(v, "reason"));
  static final Arg<String> DECLARED_EVENT_ID = Arg.of("declaredEventId", "event id",
      v -> eventId(v, "declaredEventId"));
  static final Arg<String> CORRECTIVE_EVENT_IDS = Arg.text("correctiveEventIds");
  static final Arg<String> DECLARED_EVENT_ORGANISATION = Arg.text("declaredEventOrganisation");
  static final Arg<String> NODE = Arg.text("node");
  static final Arg<String> SCANS = Arg.text("scans");
  static final Arg<String> SERIAL = Arg.text("serial");
  static final Arg<String> PREFIX = Arg.text("prefix");
  static final Arg<String> ORGANISATION = Arg.text("organisation");

  private DrugArgs() {}

  /** An event id (an EPCIS eventID): 1 to 256 printable ASCII characters without spaces. */
  static String eventId(String id, String field) throws ContractException {
    if (id.isEmpty() || id.length() > 256 || !id.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
      throw new ContractException("invalid_argument", field + ": 1 to 256 printable ASCII characters without spaces");
    }
    return id;
  }

  /** A list ({@link ItemList}: ',' between serials, escapes inside them), or {@code first..last} for a run of decimal serials. */
  public static List<String> serials(String spec) throws ContractException {
    List<String> out = new ArrayList<>();
    int dots = spec.indexOf("..");
    if (dots > 0 && !spec.contains(",")) {
      long from;
      long to;
      try {
        from = Long.parseLong(spec.substring(0, dots));
        to = Long.parseLong(spec.substring(dots + 2));
      } catch (NumberFormatException e) {
        throw new ContractException("invalid_argument", "serials: a run is first..last in decimal, got '" + spec + "'");
      }
      if (to < from || to - from >= MAX_SERIALS_PER_TRANSACTION) {
        throw new ContractException("invalid_argument", "serials: a run holds 1 to " + MAX_SERIALS_PER_TRANSACTION + " serials");
      }
      for (long s = from; s <= to; s++) {
        out.add(Long.toString(s));
      }
      return out;
    }
    out.addAll(ItemList.split(spec));
    if (out.isEmpty() || out.size() > MAX_SERIALS_PER_TRANSACTION) {
      throw new ContractException("invalid_argument", "serials: 1 to " + MAX_SERIALS_PER_TRANSACTION + " in one transaction");
    }
    if (new TreeSet<>(out).size() != out.size()) {
      throw new ContractException("invalid_argument", "serials: a serial is listed twice");
    }
    return out;
  }

  /** The {@code packs} argument: packs by {@code 01/{gtin}/21/{serial}}, of any GTINs. */
  static List<ItemRef> packList(String spec) throws ContractException {
    List<ItemRef> out = new ArrayList<>();
    for (String item : ItemList.split(spec)) {
      ItemRef r;
      try {
        r = ItemRef.parse(item);
      } catch (IllegalArgumentException e) {
        throw new ContractException("invalid_argument", "packs: " + e.getMessage());
      }
      if (r.isCase()) {
        throw new ContractException("invalid_argument", "packs: " + item + " is a case: name it in cases");
      }
      out.add(r);
    }
    if (out.size() > MAX_SERIALS_PER_TRANSACTION) {
      throw new ContractException("invalid_argument", "packs: at most " + MAX_SERIALS_PER_TRANSACTION + " in one transaction");
    }
    return out;
  }

  private static List<String> itemList(String spec) throws ContractException {
    List<String> out = new ArrayList<>();
    for (String s : ItemList.split(spec)) {
      try {
        out.add(ItemRef.parse(s).canonical());
      } catch (IllegalArgumentException e) {
        throw new ContractException("invalid_argument", "children: " + e.getMessage());
      }
    }
    if (out.isEmpty() || out.size() > CaseState.MAX_CHILDREN) {
      throw new ContractException("invalid_argument", "children: 1 to " + CaseState.MAX_CHILDREN + " items");
    }
    if (new TreeSet<>(out).size() != out.size()) {
      throw new ContractException("invalid_argument", "children: an item is listed twice");
    }
    return out;
  }
}
