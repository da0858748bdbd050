package org.medledger.apps.drugs.node.epcis;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.medledger.apps.drugs.contract.DrugEvent;
import org.medledger.apps.drugs.contract.gs1.EpcUri;
import org.medledger.apps.drugs.contract.gs1.Gtin;
import org.medledger.apps.drugs.contract.ItemList;
import org.medledger.apps.drugs.contract.gs1.ItemRef;
import org.medledger.core.tx.Args;

/**
 * Reads an EPCIS 2.0 JSON-LD capture document ({@code EPCISDocument}) into the events the
 * {@code drugs} contract runs, checking every field it relies on and naming the first one wrong
 * (as a JSON path, e.g. {@code epcisBody.eventList[2].epcList[0]}). What maps to what:
 * <ul>
 *   <li>ObjectEvent ADD, bizStep commissioning, with ILMD lotNumber and itemExpirationDate → commission;
 *   <li>ObjectEvent bizStep shipping with an owning_party destination → ship to that organisation;
 *       receiving → receive; dispensing → dispense; decommissioning / destroying / sampling → decommission
 *       (reason from the disposition: destroyed, stolen; or {@code medledger:reason});
 *   <li>AggregationEvent ADD (packing) → aggregate childEPCs into parentID; DELETE (unpacking) → disaggregate;
 *   <li>any event with an errorDeclaration → declare the event with that eventID in error.
 * </ul>
 * Organisations are named {@code urn:medledger:org:{name}} (or just by name). One event names
 * packs of one GTIN (and any number of cases). The event's own time, location and read point
 * are kept with it for the EPCIS query; the ledger's time is the block's.
 */
public final class EpcisDocumentReader {
  public static final String ORG_PREFIX = "urn:medledger:org:";
  private static final Set<String> DECOMMISSIONING = Set.of("decommissioning", "destroying", "sampling");

  private EpcisDocumentReader() {}

  public static List<DrugEvent> read(JsonNode doc) {
    if (doc == null || !doc.isObject()) {
      throw new EpcisException("$", "an EPCIS document is a JSON object");
    }
    if (!doc.has("@context")) {
      throw new EpcisException("@context", "missing: an EPCIS 2.0 JSON-LD document names its context");
    }
    if (!"EPCISDocument".equals(text(doc, "type", "type"))) {
      throw new EpcisException("type", "must be EPCISDocument, got '" + doc.path("type").asText() + "'");
    }
    if (!text(doc, "schemaVersion", "schemaVersion").startsWith("2.0")) {
      throw new EpcisException("schemaVersion", "this ledger reads EPCIS 2.0, got '" + doc.path("schemaVersion").asText() + "'");
    }
    time(doc, "creationDate", "creationDate");
    JsonNode list = doc.path("epcisBody").path("eventList");
    if (!list.isArray() || list.isEmpty()) {
      throw new EpcisException("epcisBody.eventList", "a non-empty list of events is needed");
    }
    if (list.size() > DrugEvent.MAX_EVENTS) {
      throw new EpcisException("epcisBody.eventList", "at most " + DrugEvent.MAX_EVENTS + " events in one capture, got " + list.size());
    }
    List<DrugEvent> out = new ArrayList<>();
    for (int i = 0; i < list.size(); i++) {
      out.add(event(list.get(i), "epcisBody.eventList[" + i + "]"));
    }
    return out;
  }

  private static DrugEvent event(JsonNode e, String at) {
    if (!e.isObject()) {
      throw new EpcisException(at, "an event is a JSON object");
    }
    String type = text(e, "type", at + ".type");
    if (!type.equals("ObjectEvent") && !type.equals("AggregationEvent")) {
      throw new EpcisException(at + ".type", "'" + type + "' is not recorded by this ledger (ObjectEvent or AggregationEvent)");
    }
    time(e, "eventTime", at + ".eventTime");
    String offset = text(e, "eventTimeZoneOffset", at + ".eventTimeZoneOffset");
    if (!offset.matches("[+-]\\d\\d:\\d\\d")) {
      throw new EpcisException(at + ".eventTimeZoneOffset", "is ±hh:mm, got '" + offset + "'");
    }
    String action = text(e, "action", at + ".action");
    if (!Set.of("ADD", "OBSERVE", "DELETE").contains(action)) {
      throw new EpcisException(at + ".action", "is ADD, OBSERVE or DELETE, got '" + action + "'");
    }
    Map<String, String> args = new LinkedHashMap<>();
    String eventId = optionalText(e, "eventID", at + ".eventID");
    args.put("eventTime", e.get("eventTime").asText());
    args.put("eventTimeZoneOffset", offset);
    String bizStep = Cbv.bare(optionalText(e, "bizStep", at + ".bizStep"), "BizStep");
    String disposition = Cbv.bare(optionalText(e, "disposition", at + ".disposition"), "Disp");
    putIf(args, "bizStep", bizStep);
    putIf(args, "disposition", disposition);
    putIf(args, "bizLocation", id(e, "bizLocation", at));
    putIf(args, "readPoint", id(e, "readPoint", at));

    if (e.has("errorDeclaration")) {
      JsonNode d = e.get("errorDeclaration");
      if (eventId == null) {
        throw new EpcisException(at + ".eventID", "an error declaration names the event it corrects by its eventID");
      }
      time(d, "declarationTime", at + ".errorDeclaration.declarationTime");
      args.put("declaredEventId", eventId);
      args.put("reason", Cbv.bare(d.path("reason").isTextual() ? d.get("reason").asText() : "unspecified", "ER"));
      List<String> corrective = new ArrayList<>();
      d.path("correctiveEventIDs").forEach(c -> corrective.add(c.asText()));
      putIf(args, "correctiveEventIds", corrective.isEmpty() ? null : String.join(" ", corrective));
      args.put("eventId", eventId + "#errorDeclaration");
      return new DrugEvent("declareError", Args.of(args));
    }
    putIf(args, "eventId", eventId);

    if (type.equals("AggregationEvent")) {
      String parent = text(e, "parentID", at + ".parentID");
      ItemRef p = epc(parent, at + ".parentID");
      if (!p.isCase()) {
        throw new EpcisException(at + ".parentID", "a parent on this ledger is a case or pallet (SSCC), got '" + parent + "'");
      }
      args.put("parent", p.sscc());
      List<String> children = new ArrayList<>();
      JsonNode kids = e.path("childEPCs");
      // An object has a size too, but no elements by index: it gave a NullPointerException, a 500
      // (found by EpcisDocumentFuzzTest).
      if (!kids.isMissingNode() && !kids.isNull() && !kids.isArray()) {
        throw new EpcisException(at + ".childEPCs", "is a list of EPCs");
      }
      for (int j = 0; j < kids.size(); j++) {
        children.add(epc(kids.get(j).asText(), at + ".childEPCs[" + j + "]").canonical());
      }
      switch (action) {
        case "ADD" -> {
          if (children.isEmpty()) {
            throw new EpcisException(at + ".childEPCs", "packing names what goes in");
          }
          args.put("children", ItemList.join(children));
          return new DrugEvent("aggregate", Args.of(args));
        }
        case "DELETE" -> {
          if (!children.isEmpty()) {
            args.put("children", ItemList.join(children));
          }
          return new DrugEvent("disaggregate", Args.of(args));
        }
        default -> throw new EpcisException(at + ".action", "an AggregationEvent here is ADD (packing) or DELETE (unpacking)");
      }
    }

    if (bizStep == null) {
      throw new EpcisException(at + ".bizStep", "missing: the ledger records an ObjectEvent by its business step");
    }
    JsonNode epcs = e.path("epcList");
    if (!epcs.isArray() || epcs.isEmpty()) {
      throw new EpcisException(at + ".epcList", "a non-empty list of EPCs is needed");
    }
    Set<Gtin> gtins = new LinkedHashSet<>();
    List<ItemRef> packs = new ArrayList<>();
    Set<String> cases = new LinkedHashSet<>();
    for (int j = 0; j < epcs.size(); j++) {
      String field = at + ".epcList[" + j + "]";
      ItemRef r = epc(epcs.get(j).asText(), field);
      if (r.isCase()) {
        cases.add(r.sscc());
        continue;
      }
      gtins.add(r.gtin());
      packs.add(r);
    }
    if (gtins.size() == 1) {
      args.put("gtin", gtins.iterator().next().value());
      args.put("serials", ItemList.join(packs.stream().map(ItemRef::serial).toList()));
    } else if (gtins.size() > 1) {
      if (bizStep.equals("commissioning")) {
        throw new EpcisException(at + ".epcList", "commissioning names packs of one GTIN (its ILMD gives them one lot and expiry): "
            + gtins.size() + " GTINs here");
      }
      // a mixed shipment: each pack with its own GTIN
      args.put("packs", ItemList.join(packs.stream().map(ItemRef::canonical).toList()));
    }
    if (!cases.isEmpty()) {
      args.put("cases", ItemList.join(new ArrayList<>(cases)));
    }
    switch (bizStep) {
      case "commissioning" -> {
        if (!action.equals("ADD")) {
          throw new EpcisException(at + ".action", "commissioning is an ADD");
        }
        if (gtins.isEmpty() || !cases.isEmpty()) {
          throw new EpcisException(at + ".epcList", "commissioning names packs (SGTINs) only");
        }
        JsonNode ilmd = e.path("ilmd");
        String lot = firstText(ilmd, "cbvmda:lotNumber", "lotNumber");
        if (lot == null) {
          throw new EpcisException(at + ".ilmd.lotNumber", "missing: commissioning records the lot");
        }
        String expiry = firstText(ilmd, "cbvmda:itemExpirationDate", "itemExpirationDate");
        if (expiry == null) {
          throw new EpcisException(at + ".ilmd.itemExpirationDate", "missing: commissioning records the expiry");
        }
        try {
          LocalDate d = LocalDate.parse(expiry);
          args.put("expiry", String.format("%02d%02d%02d", d.getYear() % 100, d.getMonthValue(), d.getDayOfMonth()));
        } catch (DateTimeParseException x) {
          throw new EpcisException(at + ".ilmd.itemExpirationDate", "is a date (YYYY-MM-DD), got '" + expiry + "'");
        }
        args.put("lot", lot);
        return new DrugEvent("commission", Args.of(args));
      }
      case "shipping" -> {
        args.put("to", party(e, "destinationList", "destination", at));
        return new DrugEvent("ship", Args.of(args));
      }
      case "receiving" -> {
        return new DrugEvent("receive", Args.of(args));
      }
      case "dispensing" -> {
        return new DrugEvent("dispense", Args.of(args));
      }
      default -> {
        if (!DECOMMISSIONING.contains(bizStep)) {
          throw new EpcisException(at + ".bizStep", "'" + bizStep + "' is not recorded by this ledger (commissioning, shipping, "
              + "receiving, dispensing, decommissioning, destroying, sampling; packing and unpacking as AggregationEvents)");
        }
        String reason = optionalText(e, "medledger:reason", at + ".medledger:reason");
        if (reason == null) {
          reason = bizStep.equals("destroying") || "destroyed".equals(disposition) ? "destroyed"
              : "stolen".equals(disposition) ? "stolen" : bizStep.equals("sampling") ? "sample" : null;
        }
        if (reason == null) {
          throw new EpcisException(at + ".disposition", "decommissioning says why: disposition destroyed or stolen, or "
              + "medledger:reason (destroyed, stolen, sample, exported)");
        }
        args.put("reason", reason);
        return new DrugEvent("decommission", Args.of(args));
      }
    }
  }

  private static ItemRef epc(String value, String field) {
    try {
      return EpcUri.parse(value);
    } catch (IllegalArgumentException x) {
      throw new EpcisException(field, x.getMessage());
    }
  }

  /** The organisation of the first {@code owning_party} (else first) entry of a source or destination list. */
  private static String party(JsonNode e, String list, String key, String at) {
    JsonNode l = e.path(list);
    if (!l.isArray() || l.isEmpty()) {
      throw new EpcisException(at + "." + list, "shipping names the owning party it goes to");
    }
    int pick = 0;
    for (int j = 0; j < l.size(); j++) {
      if ("owning_party".equals(Cbv.bare(l.get(j).path("type").asText(), "SDT"))) {
        pick = j;
        break;
      }
    }
    String party = l.get(pick).path(key).asText("");
    String org = party.startsWith(ORG_PREFIX) ? party.substring(ORG_PREFIX.length()) : party;
    if (org.isEmpty() || org.contains(":") || org.contains("/")) {
      throw new EpcisException(at + "." + list + "[" + pick + "]." + key, "names an organisation as " + ORG_PREFIX + "{name}, got '" + party + "'");
    }
    return org;
  }

  private static String id(JsonNode e, String name, String at) {
    JsonNode n = e.get(name);
    if (n == null || n.isNull()) {
      return null;
    }
    if (!n.path("id").isTextual()) {
      throw new EpcisException(at + "." + name + ".id", "missing: a location is {\"id\": \"…\"}");
    }
    return n.get("id").asText();
  }

  private static String text(JsonNode n, String name, String field) {
    JsonNode v = n.get(name);
    if (v == null || !v.isTextual() || v.asText().isEmpty()) {
      throw new EpcisException(field, "missing or not a string");
    }
    return v.asText();
  }

  private static String optionalText(JsonNode n, String name, String field) {
    JsonNode v = n.get(name);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isTextual() || v.asText().isEmpty()) {
      throw new EpcisException(field, "not a string");
    }
    return v.asText();
  }

  private static String firstText(JsonNode n, String... names) {
    for (String name : names) {
      if (n.path(name).isTextual()) {
        return n.get(name).asText();
      }
    }
    return null;
  }

  private static OffsetDateTime time(JsonNode n, String name, String field) {
    String s = text(n, name, field);
    try {
      return OffsetDateTime.parse(s);
    } catch (DateTimeParseException x) {
      throw new EpcisException(field, "is a date and time with offset (e.g. 2026-11-26T08:00:00.000+01:00), got '" + s + "'");
    }
  }

  private static void putIf(Map<String, String> args, String key, String value) {
    if (value != null) {
      args.put(key, value);
    }
  }
}
