package org.medledger.apps.drugs.node.epcis;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import org.medledger.apps.drugs.contract.DrugQueries;
import org.medledger.apps.drugs.contract.DrugArgs;
import org.medledger.apps.drugs.contract.EventRecord;
import org.medledger.apps.drugs.contract.gs1.EpcUri;
import org.medledger.apps.drugs.contract.gs1.ExpiryDate;
import org.medledger.apps.drugs.contract.gs1.Gtin;
import org.medledger.apps.drugs.contract.ItemList;
import org.medledger.apps.drugs.contract.gs1.ItemRef;
import org.medledger.core.tx.Args;

/**
 * Writes ledger events back as EPCIS 2.0 JSON-LD events, each pack and case named by its GS1
 * Digital Link URI, an error declared on an event as its {@code errorDeclaration}, and what the
 * ledger adds (recording organisation, relaying node, transaction, height) as {@code medledger:}
 * extensions declared in the document's context.
 */
public final class EpcisEventWriter {
  public static final String EPCIS_CONTEXT = "https://ref.gs1.org/standards/epcis/epcis-context.jsonld";
  public static final String MEDLEDGER_NAMESPACE = "urn:medledger:epcis:";
  private static final JsonNodeFactory F = JsonNodeFactory.instance;

  private EpcisEventWriter() {}

  /** The {@code @context} of documents this ledger writes. */
  public static ArrayNode context() {
    ArrayNode c = F.arrayNode().add(EPCIS_CONTEXT);
    c.addObject().put("medledger", MEDLEDGER_NAMESPACE);
    return c;
  }

  /** Whether an event is written as an EPCIS event at all (error declarations show on the event they declare). */
  public static boolean written(EventRecord e) {
    return !e.method().equals("declareError");
  }

  public static ObjectNode write(DrugQueries.StoredEvent stored) {
    EventRecord e = stored.record();
    Args a = e.args();
    boolean aggregation = e.method().equals("aggregate") || e.method().equals("disaggregate");
    ObjectNode n = F.objectNode();
    n.put("type", aggregation ? "AggregationEvent" : "ObjectEvent");
    n.put("eventID", stored.eventId());
    n.put("eventTime", a.get("eventTime").orElse(Instant.ofEpochMilli(e.time()).toString()));
    n.put("recordTime", Instant.ofEpochMilli(e.time()).toString());
    n.put("eventTimeZoneOffset", a.get("eventTimeZoneOffset").orElse("+00:00"));
    String action = action(e);
    String bizStep = bizStep(e);
    switch (e.method()) {
      case "commission" -> objectEvent(n, a, action, bizStep, "active");
      case "ship" -> objectEvent(n, a, action, bizStep, "in_transit");
      case "receive" -> objectEvent(n, a, action, bizStep, "in_progress");
      case "dispense" -> objectEvent(n, a, action, bizStep, "dispensed");
      case "decommission" -> {
        String reason = a.get("reason").orElse("");
        objectEvent(n, a, action, bizStep, reason.equals("destroyed") ? "destroyed" : reason.equals("stolen") ? "stolen" : "inactive");
        n.put("medledger:reason", reason);
      }
      case "aggregate", "disaggregate" -> aggregationEvent(n, a, action, bizStep, "in_progress");
      default -> throw new IllegalArgumentException("not an EPCIS event: " + e.method());
    }
    a.get("bizLocation").ifPresent(l -> n.putObject("bizLocation").put("id", l));
    a.get("readPoint").ifPresent(l -> n.putObject("readPoint").put("id", l));
    n.putArray("sourceList").addObject().put("type", "owning_party").put("source", EpcisDocumentReader.ORG_PREFIX + e.organisation());
    a.get("to").ifPresent(to -> n.putArray("destinationList").addObject().put("type", "owning_party")
        .put("destination", EpcisDocumentReader.ORG_PREFIX + to));
    if (e.method().equals("commission")) {
      ObjectNode ilmd = n.putObject("ilmd");
      ilmd.put("cbvmda:lotNumber", a.get("lot").orElse(""));
      int year = OffsetDateTime.parse(n.get("eventTime").asText()).getYear();
      ilmd.put("cbvmda:itemExpirationDate", ExpiryDate.parse(a.get("expiry").orElse("000101"), year).date().toString());
    }
    stored.error().ifPresent(d -> {
      ObjectNode decl = n.putObject("errorDeclaration");
      decl.put("declarationTime", Instant.ofEpochMilli(d.time()).toString());
      decl.put("reason", d.reason());
      ArrayNode corrective = decl.putArray("correctiveEventIDs");
      d.correctiveEventIds().forEach(corrective::add);
      decl.put("medledger:declaredBy", d.declaredBy());
    });
    n.put("medledger:recordedBy", e.organisation());
    if (!e.relayedBy().isEmpty()) {
      n.put("medledger:relayedBy", e.relayedBy());
    }
    n.put("medledger:transaction", e.transactionId());
    n.put("medledger:height", e.height());
    return n;
  }

  /** The EPCIS action an event is written with. */
  public static String action(EventRecord e) {
    return switch (e.method()) {
      case "commission", "aggregate" -> "ADD";
      case "disaggregate" -> "DELETE";
      default -> "OBSERVE";
    };
  }

  /** The CBV business step an event is written with: as captured, else the ledger method's own. */
  public static String bizStep(EventRecord e) {
    return e.args().get("bizStep").orElseGet(() -> switch (e.method()) {
      case "commission" -> "commissioning";
      case "ship" -> "shipping";
      case "receive" -> "receiving";
      case "dispense" -> "dispensing";
      case "aggregate" -> "packing";
      case "disaggregate" -> "unpacking";
      default -> switch (e.args().get("reason").orElse("")) {
        case "destroyed" -> "destroying";
        case "sample" -> "sampling";
        default -> "decommissioning";
      };
    });
  }

  /**
   * Whether the event names {@code ref} in its epcList or childEPCs (EPCIS MATCH_epc), or with
   * {@code orParent} also as its parentID (MATCH_anyEPC); decided without writing the event.
   */
  public static boolean names(EventRecord e, ItemRef ref, boolean orParent) {
    Args a = e.args();
    if (e.method().equals("aggregate") || e.method().equals("disaggregate")) {
      if (orParent && ref.isCase() && ref.sscc().equals(a.get("parent").orElse(""))) {
        return true;
      }
      return ItemList.split(a.get("children").orElse("")).contains(ref.canonical());
    }
    if (ref.isCase()) {
      return ItemList.split(a.get("cases").orElse("")).contains(ref.sscc());
    }
    return items(a).contains(ref);
  }

  private static void objectEvent(ObjectNode n, Args a, String action, String bizStep, String disposition) {
    ArrayNode epcs = n.putArray("epcList");
    items(a).forEach(r -> epcs.add(EpcUri.digitalLink(r, EpcUri.GS1_RESOLVER)));
    n.put("action", action);
    n.put("bizStep", bizStep);
    n.put("disposition", a.get("disposition").orElse(disposition));
  }

  private static void aggregationEvent(ObjectNode n, Args a, String action, String bizStep, String disposition) {
    n.put("parentID", EpcUri.digitalLink(ItemRef.parse("00/" + a.get("parent").orElseThrow()), EpcUri.GS1_RESOLVER));
    ArrayNode kids = n.putArray("childEPCs");
    for (String c : ItemList.split(a.get("children").orElse(""))) {
      kids.add(EpcUri.digitalLink(ItemRef.parse(c), EpcUri.GS1_RESOLVER));
    }
    n.put("action", action);
    n.put("bizStep", bizStep);
    n.put("disposition", a.get("disposition").orElse(disposition));
  }

  /** Every pack and case an event names, as recorded (cases are not expanded: EPCIS names the case). */
  public static List<ItemRef> items(Args a) {
    List<ItemRef> out = new ArrayList<>();
    if (a.get("gtin").isPresent() && a.get("serials").isPresent()) {
      Gtin g = Gtin.parse(a.get("gtin").get());
      try {
        for (String s : DrugArgs.serials(a.get("serials").get())) {
          out.add(ItemRef.pack(g, s));
        }
      } catch (org.medledger.core.runtime.ContractException e) {
        throw new IllegalStateException("a recorded event's serials no longer read: " + e.getMessage(), e);
      }
    }
    for (String p : ItemList.split(a.get("packs").orElse(""))) {
      out.add(ItemRef.parse(p));
    }
    for (String c : ItemList.split(a.get("cases").orElse(""))) {
      out.add(ItemRef.parse("00/" + c));
    }
    return out;
  }
}
