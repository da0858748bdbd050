package org.medledger.apps.drugs.node;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HandlerType;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import org.medledger.apps.drugs.contract.DrugEvent;
import org.medledger.apps.drugs.contract.DrugQueries;
import org.medledger.apps.drugs.contract.DrugKeys;
import org.medledger.apps.drugs.contract.DrugsContract;
import org.medledger.apps.drugs.contract.EventRecord;
import org.medledger.apps.drugs.contract.gs1.EpcUri;
import org.medledger.apps.drugs.contract.gs1.ItemRef;
import org.medledger.core.runtime.StateKeys;
import org.medledger.core.runtime.StateReader;
import org.medledger.core.tx.Transaction;
import org.medledger.crypto.Hash;
import org.medledger.node.api.ApiError;
import org.medledger.node.api.Requests;
import org.medledger.node.application.ApiRoutes;
import org.medledger.node.application.BodyLimit;
import org.medledger.node.auth.Identity;
import org.medledger.apps.drugs.node.epcis.Cbv;
import org.medledger.apps.drugs.node.epcis.EpcisDocumentReader;
import org.medledger.apps.drugs.node.epcis.EpcisEventWriter;
import org.medledger.apps.drugs.node.epcis.EpcisException;
import org.medledger.node.ledger.CommittedTransaction;
import org.medledger.node.ledger.Ledger;
import org.medledger.node.ordering.CommitWaiters;
import org.medledger.node.ordering.NodeTransactions;

/**
 * EPCIS 2.0 in the style of its REST binding. {@code POST /epcis/capture} takes an EPCISDocument
 * (JSON-LD) from a member, checks it field by field (a 400 problem naming the field), and commits
 * it as one {@code drugs.capture} transaction for that member, relayed and signed by this node: all
 * events or none. The member must have authorised this node's organisation to relay for it
 * ({@code drugs.authorizeRelay}, signed by the member once), else 403. It answers 202 with the capture job at {@code /epcis/capture/{captureID}} (the
 * transaction id), already finished unless the commit took longer than the wait. {@code GET
 * /epcis/events} answers an EPCISQueryDocument with the events the caller may see (regulators all;
 * others those they recorded, were shipped, or that name a GTIN they make), filtered by the simple
 * query's common parameters and paged with {@code perPage} / {@code nextPageToken}.
 */
final class EpcisRoutes {
  static final int DEFAULT_PER_PAGE = 30;
  static final int MAX_PER_PAGE = 200;
  /** An EPCIS document is read whole before it is checked: 8 MiB, far below a record upload's limit. */
  private static final Set<String> QUERY_PARAMETERS = Set.of("eventType", "GE_eventTime", "LT_eventTime", "GE_recordTime",
      "LT_recordTime", "EQ_bizStep", "EQ_action", "MATCH_epc", "MATCH_anyEPC", "MATCH_parentID", "perPage", "nextPageToken");
  private static final JsonNodeFactory F = JsonNodeFactory.instance;
  private final Ledger ledger;
  private final NodeTransactions transactions;
  private final ObjectMapper mapper;
  private final String nodeOrganisation;

  EpcisRoutes(Ledger ledger, NodeTransactions transactions, ObjectMapper mapper, String nodeOrganisation) {
    this.nodeOrganisation = nodeOrganisation;
    this.ledger = ledger;
    this.transactions = transactions;
    this.mapper = mapper;
  }

  /** The versions the EPCIS 2.0 REST binding requires on every response (§12.2), the server's refusals too. */
  static final Map<String, String> VERSION_HEADERS = Map.of("GS1-EPCIS-Version", "2.0.0", "GS1-CBV-Version", "2.0.0");

  void register(ApiRoutes routes) {
    // On every answer under /epcis/, also a 401, 413, 429 or 5xx the server gives before a handler runs.
    routes.responseHeaders("/epcis/", VERSION_HEADERS);
    routes.post("/epcis/capture", BodyLimit.BULK, epcis(this::capture));
    routes.get("/epcis/capture/{captureID}", epcis(this::captureJob));
    routes.get("/epcis/events", epcis(this::events));
  }

  /**
   * A document or query the binding refuses answered as its problem JSON naming the field, not as
   * the API's error JSON (the version headers are the route table's, {@link #VERSION_HEADERS}).
   */
  private static Handler epcis(Handler handler) {
    return ctx -> {
      try {
        handler.handle(ctx);
      } catch (EpcisException e) {
        problem(ctx, 400, "ValidationException", e.getMessage(), e.field());
      }
    };
  }

  private static void problem(Context ctx, int status, String type, String detail, String field) {
    ObjectNode p = F.objectNode();
    p.put("type", "epcisException:" + type);
    p.put("title", type.replaceAll("([a-z])([A-Z])", "$1 $2"));
    p.put("status", status);
    p.put("detail", detail);
    if (field != null) {
      p.put("field", field);
    }
    // Bytes, not a String: Jetty encodes a String result of a type without a charset as ISO-8859-1,
    // so a detail quoting a non-ASCII character was not UTF-8 and not JSON (found by RestBodyFuzzTest).
    ctx.status(status).contentType("application/problem+json").result(p.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  private void capture(Context ctx) {
    Identity who = Requests.identity(ctx);
    String behaviour = ctx.header("GS1-Capture-Error-Behaviour");
    if (behaviour != null && !behaviour.equalsIgnoreCase("rollback")) {
      throw new EpcisException("GS1-Capture-Error-Behaviour", "this ledger captures a document whole or not at all: only 'rollback', got '"
          + behaviour + "'");
    }
    JsonNode doc;
    try {
      doc = mapper.readTree(ctx.bodyAsBytes());
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new EpcisException("$", "not JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new EpcisException("$", "unreadable body: " + e.getMessage());
    }
    List<DrugEvent> events = EpcisDocumentReader.read(doc);
    if (ledger.state().get(StateKeys.of(DrugsContract.NAME, DrugKeys.relayKey(who.certificateId().hex(), nodeOrganisation))) == null) {
      problem(ctx, 403, "SecurityException", "you have not authorised " + nodeOrganisation + "'s node to capture for you: sign "
          + "drugs.authorizeRelay with node=" + nodeOrganisation + " once (or submit drugs.capture signed by yourself)", null);
      return;
    }
    Transaction tx = transactions.sign(DrugsContract.NAME, "capture", "events", DrugEvent.encodeList(events), "member",
        who.certificateId().hex());
    int limit = ledger.genesis().parameters().maxTransactionBytes();
    if (tx.encoded().length > limit) {
      problem(ctx, 413, "CaptureLimitExceededException", "the document makes a transaction of " + tx.encoded().length
          + " bytes; this network takes " + limit + ": split it", null);
      return;
    }
    Hash id = tx.id(ledger.hashFunction());
    CommitWaiters.Committed committed;
    try {
      committed = NodeTransactions.await(transactions.submit(tx));
    } catch (NodeTransactions.NotCommitted e) {
      if (ledger.transaction(id).isEmpty() && e.getMessage().startsWith("the ledger refused")) {
        problem(ctx, 400, "ValidationException", e.getMessage(), null);
        return;
      }
      ctx.status(202).header("Location", "/epcis/capture/" + id.hex()).json(Map.of("captureID", id.hex(), "running", true));
      return;
    }
    ctx.status(202).header("Location", "/epcis/capture/" + id.hex())
        .json(job(id, committed.outcome().success(), committed.outcome().code(), committed.outcome().message(), events.size(), committed.height()));
  }

  private static ObjectNode job(Hash id, boolean success, String code, String message, int events, long height) {
    ObjectNode j = F.objectNode();
    j.put("captureID", id.hex());
    j.put("running", false);
    j.put("success", success);
    j.put("captureErrorBehaviour", "rollback");
    ArrayNode errors = j.putArray("errors");
    if (!success) {
      errors.addObject().put("type", "epcisException:" + code).put("detail", message);
    } else {
      j.put("events", events);
    }
    j.put("height", height);
    j.put("receipt", "/v1/receipts/tx/" + id.hex());
    return j;
  }

  private void captureJob(Context ctx) {
    Identity who = Requests.identity(ctx);
    Hash id;
    try {
      id = Hash.fromHex(ctx.pathParam("captureID"));
    } catch (IllegalArgumentException e) {
      throw new ApiError(404, "not_found", "no capture " + ctx.pathParam("captureID"));
    }
    Optional<CommittedTransaction> t = ledger.transaction(id);
    if (t.isEmpty() || !t.get().transaction().contract().equals(DrugsContract.NAME) || !t.get().transaction().method().equals("capture")
        || !(who.certificateId().hex().equals(t.get().transaction().args().get("member").orElse(""))
            || who.certificateId().equals(t.get().transaction().sender()) || "regulator".equals(who.role()))) {
      throw new ApiError(404, "not_found", "no capture " + id.hex() + " of yours on this ledger");
    }
    CommittedTransaction c = t.get();
    int events = DrugEvent.decodeList(c.transaction().args().get("events").orElseThrow(), 1 << 20).size();
    ctx.json(job(id, c.outcome().success(), c.outcome().code(), c.outcome().message(), events, c.height()));
  }

  private void events(Context ctx) {
    Identity who = Requests.identity(ctx);
    for (String p : ctx.queryParamMap().keySet()) {
      if (!QUERY_PARAMETERS.contains(p)) {
        throw new EpcisException(p, "not a query parameter this ledger answers (" + String.join(", ", new java.util.TreeSet<>(QUERY_PARAMETERS)) + ")");
      }
    }
    int perPage = intParam(ctx, "perPage", DEFAULT_PER_PAGE);
    if (perPage < 1 || perPage > MAX_PER_PAGE) {
      throw new EpcisException("perPage", "1 to " + MAX_PER_PAGE);
    }
    int offset = intParam(ctx, "nextPageToken", 0);
    StateReader state = ledger.state();
    Predicate<EventRecord> filter = EpcisEventWriter::written;
    filter = filter.and(visibleTo(who, state));
    String eventType = ctx.queryParam("eventType");
    if (eventType != null) {
      if (!Set.of("ObjectEvent", "AggregationEvent").contains(eventType)) {
        throw new EpcisException("eventType", "ObjectEvent or AggregationEvent, got '" + eventType + "'");
      }
      boolean agg = eventType.equals("AggregationEvent");
      filter = filter.and(e -> (e.method().equals("aggregate") || e.method().equals("disaggregate")) == agg);
    }
    filter = filter.and(timeFilter(ctx, "GE_eventTime", true, true)).and(timeFilter(ctx, "LT_eventTime", false, true))
        .and(timeFilter(ctx, "GE_recordTime", true, false)).and(timeFilter(ctx, "LT_recordTime", false, false));
    String action = ctx.queryParam("EQ_action");
    String bizStep = ctx.queryParam("EQ_bizStep");
    String epc = Optional.ofNullable(ctx.queryParam("MATCH_epc")).orElse(ctx.queryParam("MATCH_anyEPC"));
    String parent = ctx.queryParam("MATCH_parentID");
    ItemRef epcRef = epc == null ? null : parseEpc(epc, ctx.queryParam("MATCH_epc") != null ? "MATCH_epc" : "MATCH_anyEPC");
    ItemRef parentRef = parent == null ? null : parseEpc(parent, "MATCH_parentID");
    List<DrugQueries.StoredEvent> all = DrugQueries.events(state, filter, Integer.MAX_VALUE);
    ArrayNode list = F.arrayNode();
    int matched = 0;
    boolean more = false;
    boolean orParent = epc != null && epc.equals(ctx.queryParam("MATCH_anyEPC")) && ctx.queryParam("MATCH_epc") == null;
    String wantedStep = bizStep == null ? null : Cbv.bare(bizStep, "BizStep");
    for (DrugQueries.StoredEvent s : all) {
      EventRecord r = s.record();
      // Decide on the record; only the events of the page are written out.
      if ((action != null && !action.equals(EpcisEventWriter.action(r)))
          || (wantedStep != null && !wantedStep.equals(EpcisEventWriter.bizStep(r)))
          || (epcRef != null && !EpcisEventWriter.names(r, epcRef, orParent))
          || (parentRef != null && !(parentRef.isCase() && parentRef.sscc().equals(r.args().get("parent").orElse(""))))) {
        continue;
      }
      if (matched++ < offset) {
        continue;
      }
      if (list.size() == perPage) {
        more = true;
        break;
      }
      list.add(EpcisEventWriter.write(s));
    }
    ObjectNode doc = F.objectNode();
    doc.set("@context", EpcisEventWriter.context());
    doc.put("type", "EPCISQueryDocument");
    doc.put("schemaVersion", "2.0");
    doc.put("creationDate", Instant.now().toString());
    ObjectNode results = doc.putObject("epcisBody").putObject("queryResults");
    results.put("queryName", "SimpleEventQuery");
    results.putObject("resultsBody").set("eventList", list);
    if (more) {
      String next = Integer.toString(offset + perPage);
      ctx.header("Link", "</epcis/events?" + withNextPage(ctx, next) + ">; rel=\"next\"");
      doc.put("medledger:nextPageToken", next);
    }
    doc.put("medledger:height", ledger.height());
    ctx.contentType("application/ld+json").result(doc.toString().getBytes(StandardCharsets.UTF_8));
  }

  private static String withNextPage(Context ctx, String next) {
    StringBuilder b = new StringBuilder();
    ctx.queryParamMap().forEach((k, vs) -> {
      if (!k.equals("nextPageToken")) {
        vs.forEach(v -> b.append(b.length() == 0 ? "" : "&").append(k).append('=').append(java.net.URLEncoder.encode(v, StandardCharsets.UTF_8)));
      }
    });
    return b.append(b.length() == 0 ? "" : "&").append("nextPageToken=").append(next).toString();
  }

  private static ItemRef parseEpc(String v, String field) {
    try {
      return EpcUri.parse(v);
    } catch (IllegalArgumentException e) {
      throw new EpcisException(field, e.getMessage());
    }
  }

  private static Predicate<EventRecord> visibleTo(Identity who, StateReader state) {
    if ("regulator".equals(who.role())) {
      return e -> true;
    }
    String me = who.organisation();
    return e -> me.equals(e.organisation()) || me.equals(e.args().get("to").orElse(""))
        || e.args().get("gtin").flatMap(g -> DrugQueries.maker(state, org.medledger.apps.drugs.contract.gs1.Gtin.parse(g))).map(me::equals).orElse(false);
  }

  private static Predicate<EventRecord> timeFilter(Context ctx, String name, boolean atLeast, boolean eventTime) {
    String v = ctx.queryParam(name);
    if (v == null) {
      return e -> true;
    }
    long bound;
    try {
      bound = OffsetDateTime.parse(v).toInstant().toEpochMilli();
    } catch (DateTimeParseException e) {
      throw new EpcisException(name, "a date and time with offset, e.g. 2026-11-26T08:00:00Z, got '" + v + "'");
    }
    return e -> {
      long t = eventTime ? e.args().get("eventTime").map(s -> OffsetDateTime.parse(s).toInstant().toEpochMilli()).orElse(e.time()) : e.time();
      return atLeast ? t >= bound : t < bound;
    };
  }

  private static int intParam(Context ctx, String name, int otherwise) {
    String v = ctx.queryParam(name);
    if (v == null) {
      return otherwise;
    }
    try {
      return Integer.parseInt(v);
    } catch (NumberFormatException e) {
      throw new EpcisException(name, "a whole number, got '" + v + "'");
    }
  }
}
