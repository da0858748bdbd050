package org.medledger.apps.drugs.contract;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.medledger.core.codec.CanonicalReader;
import org.medledger.core.codec.CanonicalWriter;
import org.medledger.core.runtime.Caller;
import org.medledger.core.runtime.Arg;
import org.medledger.core.runtime.DeclaredContract;
import org.medledger.core.runtime.MethodTable;
import org.medledger.core.runtime.Roles;
import org.medledger.core.runtime.Weight;
import org.medledger.crypto.Hash;
import org.medledger.core.runtime.ContractContext;
import org.medledger.core.runtime.ContractException;
import org.medledger.core.runtime.StateKeys;
import org.medledger.core.runtime.StateReader;
import org.medledger.core.tx.Args;
import org.medledger.apps.drugs.contract.gs1.ExpiryDate;
import org.medledger.apps.drugs.contract.gs1.Gs1;
import org.medledger.apps.drugs.contract.gs1.Gtin;
import org.medledger.apps.drugs.contract.gs1.ItemRef;
import org.medledger.apps.drugs.contract.gs1.Sgtin;
import org.medledger.apps.drugs.contract.gs1.Sscc;

/**
 * Drug traceability: a regulator records which organisation owns each GS1 company prefix and
 * alone transfers it ({@link CompanyPrefixes}); the owner's maker registers the GTINs under it and
 * alone commissions serials for them (up to 10,000 a transaction); a holder packs packs into
 * cases and cases into pallets (SSCC) and unpacks them, and an event on a case applies to everything inside it; a holder ships what it holds to a
 * named organisation, which alone may receive it; a pharmacy dispenses (final); a holder
 * decommissions (destroyed, stolen, sample, exported); the maker and a regulator each recall a lot
 * (recalls append, never overwrite).
 * Ownership moves only along ship → receive. Mistakes are corrected by appending an error
 * declaration (EPCIS {@code errorDeclaration}), never by editing: declaring a shipment wrong calls
 * it back while still in transit, declaring a commissioning wrong voids codes not yet shipped.
 * Every event keeps its id, unique within the organisation that records it (another member that
 * copies an id seen in the mempool claims nothing), and its arguments (the EPCIS query reads them
 * back), and leaves a trace entry
 * on each pack and case it touches. A {@code capture} runs a list of events (an EPCIS document)
 * all or none, signed by the member, or relayed by a node that authenticated it and that the
 * member authorised ({@code authorizeRelay}, signed by the member). Nodes batch the
 * public scans they answered into {@code recordScans}, so a code scanned in many places shows.
 */
public final class DrugsContract extends DeclaredContract {
  public static final String NAME = "drugs";
  public static final int MAX_SERIALS_PER_TRANSACTION = 10_000;
  /**
   * A pack whose code was scanned from this many different places, counted without any one
   * organisation's reports ({@link ScanCount}), reads as a likely clone.
   */
  public static final int CLONE_PLACES = 5;
  static final Set<String> DECOMMISSION_REASONS = Set.of("destroyed", "stolen", "sample", "exported");
  static final Set<String> EVENT_METHODS =
      Set.of("commission", "aggregate", "disaggregate", "ship", "receive", "dispense", "decommission", "declareError");
  private static final int MAX_CAPTURE_VALUE_BYTES = 1 << 20;
  private static final Set<String> SUPPLY_CHAIN = Set.of("maker", "distributor", "pharmacy", "admin");
  private static final Set<String> SUPPLY_CHAIN_OR_REGULATOR = Set.of("maker", "distributor", "pharmacy", "admin", "regulator");
  private static final Roles MAKER = Roles.of("maker", "admin");
  private static final Roles HOLDER = Roles.of(SUPPLY_CHAIN);
  private static final Roles REGULATOR = Roles.of("regulator");
  private static final Arg<Gtin> GTIN = Arg.parsed("gtin", "GTIN", Gtin::parse);
  private static final Arg<List<String>> SERIALS = Arg.of("serials", "serials", DrugsContract::serials);
  private static final Arg<List<ItemRef>> PACKS = Arg.of("packs", "pack list", DrugsContract::packList);
  private static final Arg<String> CASES = Arg.text("cases");
  private static final Arg<String> CASE = Arg.parsed("cases", "SSCC", v -> new Sscc(v).value());
  private static final Arg<String> PARENT = Arg.parsed("parent", "SSCC", v -> new Sscc(v).value());
  private static final Arg<String> CHILDREN_TEXT = Arg.text("children");
  private static final Arg<List<String>> CHILDREN = Arg.of("children", "item list", DrugsContract::itemList);
  private static final Arg<String> EVENT_ID = Arg.text("eventId");
  private static final Arg<Hash> MEMBER = Arg.hash("member");
  private static final Arg<List<DrugEvent>> EVENTS = Arg.parsed("events", "event list",
      v -> DrugEvent.decodeList(v, MAX_CAPTURE_VALUE_BYTES));
  private static final Arg<String> LOT = Arg.text("lot");
  private static final Arg<String> EXPIRY = Arg.text("expiry");
  private static final Arg<String> TO = Arg.text("to");
  private static final Arg<String> REASON_TEXT = Arg.text("reason");
  private static final Arg<String> REASON = Arg.of("reason", "reason text", v -> DrugText.reason(v, "reason"));
  private static final Arg<String> DECLARED_EVENT_ID = Arg.of("declaredEventId", "event id",
      v -> eventId(v, "declaredEventId"));
  private static final Arg<String> CORRECTIVE_EVENT_IDS = Arg.text("correctiveEventIds");
  private static final Arg<String> DECLARED_EVENT_ORGANISATION = Arg.text("declaredEventOrganisation");
  private static final Arg<String> NODE = Arg.text("node");
  private static final Arg<String> SCANS = Arg.text("scans");
  private static final Arg<String> SERIAL = Arg.text("serial");
  private static final Arg<String> PREFIX = Arg.text("prefix");
  private static final Arg<String> ORGANISATION = Arg.text("organisation");
  private static final Weight PER_ITEM = Weight.of("per serial, pack, child and case named",
      tx -> eventWeight(tx.method(), tx.args()));

  /**
   * Who may call each method (issue 22, finding 9: a patient certificate of a hospital moved its
   * stock), in the order the unknown-method text lists them.
   */
  private final MethodTable methods = MethodTable.of(NAME)
      .tx("recordPrefix", REGULATOR, PER_ITEM, this::recordPrefix, PREFIX, ORGANISATION,
          REASON.optional())
      .tx("transferPrefix", REGULATOR, PER_ITEM, this::transferPrefix, PREFIX, TO, REASON)
      .tx("registerGtin", MAKER, PER_ITEM, this::registerGtin, GTIN)
      .tx("aggregate", HOLDER, PER_ITEM, this::event, EVENT_ID.optional(), PARENT, CHILDREN)
      .tx("commission", MAKER, PER_ITEM, this::event, EVENT_ID.optional(), GTIN, LOT, EXPIRY, SERIALS)
      .tx("declareError", Roles.of(SUPPLY_CHAIN_OR_REGULATOR), PER_ITEM, this::event, EVENT_ID.optional(),
          DECLARED_EVENT_ID, REASON, CORRECTIVE_EVENT_IDS.optional(), DECLARED_EVENT_ORGANISATION.optional())
      .tx("decommission", HOLDER, PER_ITEM, this::event, EVENT_ID.optional(), GTIN.optional(), SERIALS.optional(),
          PACKS.optional(), CASES.optional(), REASON_TEXT)
      .tx("disaggregate", HOLDER, PER_ITEM, this::event, EVENT_ID.optional(), PARENT, CHILDREN.optional())
      .tx("dispense", Roles.of("pharmacy", "admin"), PER_ITEM, this::event, EVENT_ID.optional(), GTIN.optional(),
          SERIALS.optional(), PACKS.optional())
      .tx("receive", HOLDER, PER_ITEM, this::event, EVENT_ID.optional(), GTIN.optional(), SERIALS.optional(),
          PACKS.optional(), CASES.optional())
      .tx("ship", HOLDER, PER_ITEM, this::event, EVENT_ID.optional(), GTIN.optional(), SERIALS.optional(),
          PACKS.optional(), CASES.optional(), TO)
      .tx("recall", Roles.of("maker", "admin", "regulator"), PER_ITEM, this::recall, GTIN, LOT, REASON)
      .tx("recordScans", Roles.of("node"), Weight.of("one per scan line, and one", DrugsContract::scansWeight),
          this::recordScans, SCANS)
      .tx("resetScans", REGULATOR, PER_ITEM, this::resetScans, GTIN, SERIAL, REASON)
      .tx("capture", Roles.of("maker", "distributor", "pharmacy", "admin", "node"),
          Weight.of("one, and each event's", DrugsContract::captureWeight), this::capture, MEMBER.optional(), EVENTS)
      .tx("authorizeRelay", HOLDER, PER_ITEM, ctx -> relay(ctx, true), NODE)
      .tx("revokeRelay", HOLDER, PER_ITEM, ctx -> relay(ctx, false), NODE)
      .weighUnknown(PER_ITEM)
      .unknownQuery("drugs is read through DrugVerifier and DrugQueries")
      .build();

  /** One kind of event's rules, run in the event's own context. */
  @FunctionalInterface
  private interface EventRule {
    void run(EventContext ctx) throws ContractException;
  }

  /** What each event does, once its id is checked: the events of a transaction and of a capture alike. */
  private final java.util.TreeMap<String, EventRule> eventRules = declareEventRules();

  private java.util.TreeMap<String, EventRule> declareEventRules() {
    java.util.TreeMap<String, EventRule> rules = new java.util.TreeMap<>();
    rules.put("commission", this::commission);
    rules.put("aggregate", this::aggregate);
    rules.put("disaggregate", this::disaggregate);
    rules.put("declareError", this::declareError);
    for (String step : List.of("ship", "receive", "dispense", "decommission")) {
      rules.put(step, ctx -> move(ctx, step));
    }
    return rules;
  }

  private final RelayedMembers relayed;
  private final Set<String> organisations;

  /**
   * @param organisations the member organisations of the genesis: the only ones a pack is shipped to
   */
  public DrugsContract(Set<String> organisations) {
    this(RelayedMembers.NONE, organisations);
  }

  public DrugsContract(RelayedMembers relayed, Set<String> organisations) {
    this.relayed = relayed;
    this.organisations = Set.copyOf(organisations);
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  protected MethodTable methods() {
    return methods;
  }

  private void recordPrefix(ContractContext ctx) throws ContractException {
    CompanyPrefixes.record(ctx, organisations);
  }

  private void transferPrefix(ContractContext ctx) throws ContractException {
    CompanyPrefixes.transfer(ctx, organisations);
  }

  /** An event sent as its own transaction: its id is the one given, else the transaction's. */
  private void event(ContractContext ctx) throws ContractException {
    String id = EVENT_ID.ifGiven(ctx).orElse(ctx.transactionId().hex());
    runEvent(new EventContext(ctx, ctx.caller(), "", new DrugEvent(ctx.method(), ctx.args()), id, ctx.transactionId().hex()));
  }

  private void capture(ContractContext ctx) throws ContractException {
    Caller member = ctx.caller();
    String relayedBy = "";
    if (MEMBER.given(ctx)) {
      if (!"node".equals(ctx.caller().role())) {
        throw new ContractException("forbidden", "only a node relays a capture for a member");
      }
      member = relayed.resolve(ctx, MEMBER.in(ctx));
      if (ctx.get(relayKey(member.certificateId().hex(), ctx.caller().organisation())) == null) {
        throw new ContractException("forbidden", "member " + member.name() + " of " + member.organisation() + " has not authorised "
            + ctx.caller().organisation() + "'s node to capture for it (drugs.authorizeRelay, signed by the member)");
      }
      relayedBy = ctx.caller().name();
    }
    List<DrugEvent> events = EVENTS.in(ctx);
    for (int i = 0; i < events.size(); i++) {
      DrugEvent e = events.get(i);
      String suffix = ctx.transactionId().hex() + "." + String.format("%04x", i);
      String id = e.args().get("eventId").orElse(suffix);
      if (!EVENT_METHODS.contains(e.method())) {
        throw new ContractException("invalid_argument", "event " + i + ": '" + e.method() + "' is not an event ("
            + String.join(", ", new TreeSet<>(EVENT_METHODS)) + ")");
      }
      Set<String> roles = methods.method(e.method()).orElseThrow().roles().names();
      if (!roles.contains(member.role())) {
        throw new ContractException("forbidden", "event " + i + ": only a " + String.join(" or ", roles)
            + " may " + e.method() + " (the member's role is " + member.role() + ")");
      }
      try {
        runEvent(new EventContext(ctx, member, relayedBy, e, id, suffix));
      } catch (ContractException x) {
        throw new ContractException(x.code(), "event " + i + " (" + id + "): " + x.getMessage());
      }
    }
    ctx.emit("Captured", Args.of("events", Integer.toString(events.size()), "member", member.organisation(), "relayedBy", relayedBy));
  }

  private void runEvent(EventContext ctx) throws ContractException {
    String id = eventId(ctx.eventId(), "eventId");
    String org = ctx.caller().organisation();
    if (ctx.get(eventKey(org, id)) != null) {
      throw new ContractException("duplicate_event", "an event with id " + id + " is already on the ledger for " + org);
    }
    eventRules.get(ctx.method()).run(ctx);
    ctx.put(eventKey(org, id), new EventRecord(ctx.method(), ctx.caller().organisation(), ctx.relayedBy(), ctx.blockHeight(),
        ctx.traceSuffix(), ctx.blockTimestamp(), ctx.args()).encode());
  }

  /** An event id (an EPCIS eventID): 1 to 256 printable ASCII characters without spaces. */
  static String eventId(String id, String field) throws ContractException {
    if (id.isEmpty() || id.length() > 256 || !id.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
      throw new ContractException("invalid_argument", field + ": 1 to 256 printable ASCII characters without spaces");
    }
    return id;
  }

  /**
   * The owner's maker registers a GTIN under its company prefix; after a transfer of the prefix
   * the new owner registers it afresh and the old one no longer may (issue 22, finding 3).
   */
  private void registerGtin(ContractContext ctx) throws ContractException {
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

  private void commission(ContractContext ctx) throws ContractException {
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

  /** A pack an event reaches: named directly, or inside the case {@code viaCase}. */
  private record PackRef(Gtin gtin, String serial, String viaCase) {}

  /** What an event names: packs (gtin + serials) and cases (SSCCs), cases expanded to every pack inside. */
  private record Targets(List<PackRef> packs, List<String> cases) {}

  private static Targets targets(ContractContext ctx, boolean casesAllowed) throws ContractException {
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
    if (new java.util.HashSet<>(packs).size() != packs.size()) {
      throw new ContractException("invalid_argument", "a pack is named twice");
    }
    String caseList = CASES.ifGiven(ctx).orElse("");
    if (!caseList.isEmpty()) {
      if (!casesAllowed) {
        throw new ContractException("invalid_argument", "cases: " + ctx.method() + " applies to packs only: unpack the case first");
      }
      for (String c : new LinkedHashSet<>(ItemList.split(caseList))) {
        String sscc = CASE.decode(c);
        CaseState cs = requireCase(ctx, sscc);
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
    return new Targets(packs, cases);
  }

  private static void expand(ContractContext ctx, String sscc, CaseState cs, List<PackRef> packs, List<String> cases)
      throws ContractException {
    cases.add(sscc);
    for (String child : cs.children()) {
      ItemRef ref = ItemRef.parse(child);
      if (ref.isCase()) {
        expand(ctx, ref.sscc(), requireCase(ctx, ref.sscc()), packs, cases);
      } else {
        packs.add(new PackRef(ref.gtin(), ref.serial(), sscc));
      }
      if (packs.size() > MAX_SERIALS_PER_TRANSACTION) {
        throw new ContractException("invalid_argument", "more than " + MAX_SERIALS_PER_TRANSACTION + " packs in one event");
      }
    }
  }

  private static CaseState requireCase(ContractContext ctx, String sscc) throws ContractException {
    byte[] v = ctx.get(caseKey(sscc));
    if (v == null) {
      throw new ContractException("unknown_case", "case " + sscc + " holds nothing on this ledger");
    }
    return CaseState.decode(v);
  }

  private static PackState requirePack(ContractContext ctx, Gtin g, String s) throws ContractException {
    byte[] v = ctx.get(packKey(g, s));
    if (v == null) {
      throw new ContractException("unknown_serial", "serial " + s + " of GTIN " + g + " was never commissioned");
    }
    return PackState.decode(v);
  }

  private void move(EventContext ctx, String step) throws ContractException {
    Targets t = targets(ctx, !step.equals("dispense"));
    String org = ctx.caller().organisation();
    String to = step.equals("ship") ? TO.in(ctx) : "";
    if (step.equals("ship") && !organisations.contains(to)) {
      throw new ContractException("invalid_argument", "to: '" + DrugText.line(to, "to") + "' is not a member organisation of this network");
    }
    String reason = step.equals("decommission") ? REASON_TEXT.in(ctx) : "";
    if (step.equals("decommission") && !DECOMMISSION_REASONS.contains(reason)) {
      throw new ContractException("invalid_argument", "reason must be one of " + new TreeSet<>(DECOMMISSION_REASONS));
    }
    if (step.equals("dispense")) {
      requireRole(ctx, "dispense", "pharmacy", "admin");
    }
    if (step.equals("ship") && to.equals(org)) {
      throw new ContractException("invalid_argument", "a holder does not ship to itself");
    }
    byte[] trace = traceValue(step, org, to, ctx);
    for (PackRef ref : t.packs()) {
      String s = ref.serial();
      PackState p = requirePack(ctx, ref.gtin(), s);
      if (p.status() != PackState.Status.ACTIVE) {
        throw new ContractException("not_active", "serial " + s + " is " + p.status().name().toLowerCase());
      }
      if (!p.parent().isEmpty() && ref.viaCase().isEmpty()) {
        throw new ContractException("packed", "serial " + s + " is packed in case " + p.parent() + ": move the case, or unpack it first");
      }
      PackState next;
      switch (step) {
        case "ship" -> {
          requireHolder(p, org, s);
          next = p.with(org, to, PackState.Status.ACTIVE, "");
        }
        case "receive" -> {
          if (!p.shippedTo().equals(org)) {
            throw new ContractException("not_shipped_to_you", "serial " + s + " was not shipped to " + org);
          }
          next = p.with(org, "", PackState.Status.ACTIVE, "");
        }
        case "dispense" -> {
          requireHolder(p, org, s);
          next = p.with(org, "", PackState.Status.DISPENSED, "");
        }
        default -> {
          requireHolder(p, org, s);
          next = p.with(org, "", PackState.Status.DECOMMISSIONED, reason);
        }
      }
      ctx.put(packKey(ref.gtin(), s), next.encode());
      ctx.put(traceKey(ref.gtin(), s, ctx.blockHeight(), ctx.traceSuffix()), trace);
    }
    for (String c : t.cases()) {
      ctx.put(caseTraceKey(c, ctx.blockHeight(), ctx.traceSuffix()), trace);
    }
    ctx.emit(Character.toUpperCase(step.charAt(0)) + step.substring(1) + "d", Args.of("count", Integer.toString(t.packs().size()),
        "cases", Integer.toString(t.cases().size()), "by", org, "eventId", ctx.eventId()));
  }

  private static byte[] traceValue(String step, String org, String to, EventContext ctx) {
    return new TraceEntry(step, org, to, ctx.blockTimestamp(), ctx.eventId()).encode();
  }

  private static void requireHolder(PackState p, String org, String serial) throws ContractException {
    if (!p.holder().equals(org) || !p.shippedTo().isEmpty()) {
      throw new ContractException("not_holder", "serial " + serial + " is not held by " + org
          + (p.shippedTo().isEmpty() ? "" : " (it is in transit)"));
    }
  }

  /** Packs children (packs or cases the caller holds, in no other case) into {@code parent}, creating it or adding to it. */
  private void aggregate(EventContext ctx) throws ContractException {
    String org = ctx.caller().organisation();
    String parent = PARENT.in(ctx);
    List<String> children = CHILDREN.in(ctx);
    byte[] existing = ctx.get(caseKey(parent));
    List<String> contents = new ArrayList<>();
    CaseState parentState = new CaseState(org, "", List.of());
    if (existing != null) {
      parentState = CaseState.decode(existing);
      if (!parentState.parent().isEmpty()) {
        throw new ContractException("packed", "case " + parent + " is inside " + parentState.parent() + ": unpack that first");
      }
      requireCaseHeld(ctx, parent, parentState, org);
      contents.addAll(parentState.children());
    }
    byte[] trace = traceValue("aggregate", org, parent, ctx);
    for (String child : children) {
      ItemRef ref = ItemRef.parse(child);
      if (contents.contains(ref.canonical())) {
        throw new ContractException("invalid_argument", ref.canonical() + " is already in case " + parent);
      }
      if (ref.isCase()) {
        if (ref.sscc().equals(parent)) {
          throw new ContractException("invalid_argument", "case " + parent + " cannot hold itself");
        }
        CaseState cs = requireCase(ctx, ref.sscc());
        if (!cs.parent().isEmpty()) {
          throw new ContractException("packed", "case " + ref.sscc() + " is already inside " + cs.parent());
        }
        requireCaseHeld(ctx, ref.sscc(), cs, org);
        ctx.put(caseKey(ref.sscc()), cs.inCase(parent).encode());
        ctx.put(caseTraceKey(ref.sscc(), ctx.blockHeight(), ctx.traceSuffix()), trace);
      } else {
        PackState p = requirePack(ctx, ref.gtin(), ref.serial());
        if (p.status() != PackState.Status.ACTIVE) {
          throw new ContractException("not_active", "serial " + ref.serial() + " is " + p.status().name().toLowerCase());
        }
        requireHolder(p, org, ref.serial());
        if (!p.parent().isEmpty()) {
          throw new ContractException("packed", "serial " + ref.serial() + " is already in case " + p.parent());
        }
        ctx.put(packKey(ref.gtin(), ref.serial()), p.inCase(parent).encode());
        ctx.put(traceKey(ref.gtin(), ref.serial(), ctx.blockHeight(), ctx.traceSuffix()), trace);
      }
      contents.add(ref.canonical());
    }
    if (contents.size() > CaseState.MAX_CHILDREN) {
      throw new ContractException("invalid_argument", "a case holds at most " + CaseState.MAX_CHILDREN + " children");
    }
    ctx.put(caseKey(parent), parentState.withChildren(contents).encode());
    ctx.put(caseTraceKey(parent, ctx.blockHeight(), ctx.traceSuffix()), trace);
    ctx.emit("Aggregated", Args.of("parent", parent, "added", Integer.toString(children.size()), "by", org, "eventId", ctx.eventId()));
  }

  /** Takes the listed children (or all) out of {@code parent}; a case left empty is gone. */
  private void disaggregate(EventContext ctx) throws ContractException {
    String org = ctx.caller().organisation();
    String parent = PARENT.in(ctx);
    CaseState cs = requireCase(ctx, parent);
    if (!cs.parent().isEmpty()) {
      throw new ContractException("packed", "case " + parent + " is inside " + cs.parent() + ": unpack that first");
    }
    requireCaseHeld(ctx, parent, cs, org);
    String listed = CHILDREN_TEXT.ifGiven(ctx).orElse("");
    List<String> out = listed.isEmpty() ? cs.children() : CHILDREN.decode(listed).stream().map(c -> ItemRef.parse(c).canonical()).toList();
    List<String> remaining = new ArrayList<>(cs.children());
    byte[] trace = traceValue("disaggregate", org, parent, ctx);
    for (String child : out) {
      if (!remaining.remove(child)) {
        throw new ContractException("invalid_argument", child + " is not in case " + parent);
      }
      ItemRef ref = ItemRef.parse(child);
      if (ref.isCase()) {
        ctx.put(caseKey(ref.sscc()), requireCase(ctx, ref.sscc()).inCase("").encode());
        ctx.put(caseTraceKey(ref.sscc(), ctx.blockHeight(), ctx.traceSuffix()), trace);
      } else {
        ctx.put(packKey(ref.gtin(), ref.serial()), requirePack(ctx, ref.gtin(), ref.serial()).inCase("").encode());
        ctx.put(traceKey(ref.gtin(), ref.serial(), ctx.blockHeight(), ctx.traceSuffix()), trace);
      }
    }
    if (remaining.isEmpty()) {
      ctx.delete(caseKey(parent));
    } else {
      ctx.put(caseKey(parent), cs.withChildren(remaining).encode());
    }
    ctx.put(caseTraceKey(parent, ctx.blockHeight(), ctx.traceSuffix()), trace);
    ctx.emit("Disaggregated", Args.of("parent", parent, "removed", Integer.toString(out.size()), "by", org, "eventId", ctx.eventId()));
  }

  /** A case is held by whoever holds the packs in it (they always move together). */
  private static void requireCaseHeld(ContractContext ctx, String sscc, CaseState cs, String org) throws ContractException {
    List<PackRef> packs = new ArrayList<>();
    expand(ctx, sscc, cs, packs, new ArrayList<>());
    for (PackRef r : packs) {
      PackState p = requirePack(ctx, r.gtin(), r.serial());
      if (!p.holder().equals(org) || !p.shippedTo().isEmpty() || p.status() != PackState.Status.ACTIVE) {
        throw new ContractException("not_holder", "case " + sscc + " is not held by " + org
            + (p.shippedTo().isEmpty() ? "" : " (it is in transit)"));
      }
    }
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

  /**
   * EPCIS errorDeclaration: the event stays, marked as declared in error. A shipment declared in
   * error returns to its shipper if nothing of it was received; a commissioning declared in error
   * voids codes the maker still holds. Any other correction is the corrective events that follow.
   */
  private void declareError(EventContext ctx) throws ContractException {
    String target = DECLARED_EVENT_ID.in(ctx);
    String reason = REASON.in(ctx);
    String corrective = CORRECTIVE_EVENT_IDS.ifGiven(ctx).orElse("").strip();
    List<String> correctiveIds = corrective.isEmpty() ? List.of() : List.of(corrective.split(" +"));
    if (correctiveIds.size() > ErrorDeclaration.MAX_CORRECTIVE) {
      throw new ContractException("invalid_argument", "correctiveEventIds: at most " + ErrorDeclaration.MAX_CORRECTIVE);
    }
    for (String c : correctiveIds) {
      eventId(c, "correctiveEventIds");
    }
    // Event ids are unique per organisation: the declarer's own unless a regulator names another.
    String recorder = DECLARED_EVENT_ORGANISATION.ifGiven(ctx).orElse(ctx.caller().organisation());
    if (!recorder.equals(ctx.caller().organisation()) && !organisations.contains(recorder)) {
      throw new ContractException("invalid_argument", "declaredEventOrganisation: '" + DrugText.line(recorder, "declaredEventOrganisation")
          + "' is not a member organisation of this network");
    }
    byte[] v = ctx.get(eventKey(recorder, target));
    if (v == null) {
      throw new ContractException("unknown_event", "no event with id " + target + " of " + recorder + " is on the ledger");
    }
    EventRecord e = EventRecord.decode(v);
    String org = ctx.caller().organisation();
    if (!e.organisation().equals(org) && !"regulator".equals(ctx.caller().role())) {
      throw new ContractException("forbidden", "only " + e.organisation() + ", which recorded event " + target + ", or a regulator declares it in error");
    }
    if (ctx.get(errorKey(recorder, target)) != null) {
      throw new ContractException("already_declared", "event " + target + " was already declared in error");
    }
    byte[] trace = traceValue("declareError", org, target, ctx);
    EventContext original = new EventContext(ctx, ctx.caller(), "", new DrugEvent(e.method(), e.args()), target, ctx.traceSuffix());
    if (e.method().equals("ship")) {
      String to = e.args().get("to").orElse("");
      for (PackRef ref : targets(original, true).packs()) {
        PackState p = requirePack(ctx, ref.gtin(), ref.serial());
        if (!p.holder().equals(e.organisation()) || !p.shippedTo().equals(to) || p.status() != PackState.Status.ACTIVE) {
          throw new ContractException("already_received", "serial " + ref.serial() + " of the shipment has moved on (holder "
              + p.holder() + "): the receiver ships it back instead");
        }
        ctx.put(packKey(ref.gtin(), ref.serial()), p.with(p.holder(), "", PackState.Status.ACTIVE, "").encode());
        ctx.put(traceKey(ref.gtin(), ref.serial(), ctx.blockHeight(), ctx.traceSuffix()), trace);
      }
    } else if (e.method().equals("commission")) {
      for (PackRef ref : targets(original, false).packs()) {
        PackState p = requirePack(ctx, ref.gtin(), ref.serial());
        if (!p.holder().equals(p.maker()) || !p.shippedTo().isEmpty() || !p.parent().isEmpty() || p.status() != PackState.Status.ACTIVE) {
          throw new ContractException("already_moved", "serial " + ref.serial() + " has left the maker's hands: decommission it instead");
        }
        ctx.put(packKey(ref.gtin(), ref.serial()), p.with(p.holder(), "", PackState.Status.DECOMMISSIONED, "commissioning_error").encode());
        ctx.put(traceKey(ref.gtin(), ref.serial(), ctx.blockHeight(), ctx.traceSuffix()), trace);
      }
    }
    ctx.put(errorKey(recorder, target), new ErrorDeclaration(reason, org, ctx.blockTimestamp(), correctiveIds).encode());
    ctx.emit("ErrorDeclared", Args.of("declaredEventId", target, "reason", reason, "by", org));
  }

  /**
   * A member names (or stops naming) the organisation whose node may relay its captures: signed by
   * the member itself, so no node can capture for a member that did not choose it.
   */
  private void relay(ContractContext ctx, boolean authorize) throws ContractException {
    String org = NODE.in(ctx);
    String key = relayKey(ctx.caller().certificateId().hex(), org);
    if (authorize) {
      ctx.put(key, Long.toString(ctx.blockTimestamp()).getBytes(StandardCharsets.UTF_8));
    } else if (ctx.get(key) == null) {
      throw new ContractException("not_authorised", org + "'s node does not relay for this member");
    } else {
      ctx.delete(key);
    }
    ctx.emit(authorize ? "RelayAuthorised" : "RelayRevoked", Args.of("member", ctx.caller().certificateId().hex(), "node", org));
  }

  /**
   * The maker (the organisation that registered the GTIN) or a regulator recalls a lot. Each
   * organisation's recall stands once made; another organisation's recall is appended beside it,
   * so the maker cannot replace the regulator's (issue 22, finding 8).
   */
  private void recall(ContractContext ctx) throws ContractException {
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

  /**
   * A node's batch of the public scans it answered: lines of {@code gtin TAB serial TAB place}, a
   * place being a network-wide digest of where the scan came from (the same network gives the same
   * digest through every node). Each report is the calling organisation's, at this block's time;
   * {@link ScanCount} bounds what one organisation counts and decides the verdict without trusting
   * any one of them.
   */
  private void recordScans(ContractContext ctx) throws ContractException {
    requireRole(ctx, "record scans", "node");
    String[] lines = SCANS.in(ctx).split("\n");
    if (lines.length > MAX_SERIALS_PER_TRANSACTION) {
      throw new ContractException("invalid_argument", "scans: at most " + MAX_SERIALS_PER_TRANSACTION + " in one batch");
    }
    String org = ctx.caller().organisation();
    for (String line : lines) {
      String[] f = line.split("\t", -1);
      if (f.length != 3 || !f[2].matches("[0-9a-f]{16}")) {
        throw new ContractException("invalid_argument", "scans: each line is gtin, serial and a 16-hex-digit place, tab-separated");
      }
      Gtin g = GTIN.decode(f[0]);
      if (ctx.get(packKey(g, f[1])) == null) {
        continue; // an unknown code's scans are not the ledger's to keep: anyone can make them up
      }
      ScanCount before = ScanCount.decode(ctx.get(scansKey(g, f[1])));
      ctx.put(scansKey(g, f[1]), before.record(f[2], org, ctx.blockTimestamp()).encode());
    }
    ctx.emit("ScansRecorded", Args.of("scans", Integer.toString(lines.length), "by", org));
  }

  /**
   * A regulator clears a pack's scan reports (a genuine pack wrongly branded, or a clone seized):
   * the scan total stays, and who reset it, when and why is kept with it and emitted.
   */
  private void resetScans(ContractContext ctx) throws ContractException {
    requireRole(ctx, "reset a pack's scan count", "regulator");
    Gtin g = GTIN.in(ctx);
    String serial = SERIAL.in(ctx);
    String reason = REASON.in(ctx);
    if (reason.isBlank()) {
      throw new ContractException("invalid_argument", "reason: say why the scan count is reset");
    }
    if (ctx.get(packKey(g, serial)) == null) {
      throw new ContractException("unknown_pack", "serial " + serial + " of GTIN " + g + " was never commissioned");
    }
    ScanCount before = ScanCount.decode(ctx.get(scansKey(g, serial)));
    ctx.put(scansKey(g, serial), before.reset(ctx.caller().organisation(), ctx.blockTimestamp(), reason).encode());
    ctx.emit("ScansReset", Args.of("gtin", g.value(), "serial", serial, "by", ctx.caller().organisation(), "reason", reason));
  }

  private static void requireRole(ContractContext ctx, String action, String... roles) throws ContractException {
    for (String r : roles) {
      if (r.equals(ctx.caller().role())) {
        return;
      }
    }
    throw new ContractException("forbidden", "only a " + String.join(" or ", roles) + " may " + action);
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

  /** A case named in an event is weighed as this many packs (its contents are not known without state). */
  static final int CASE_WEIGHT = 100;

  /**
   * One per serial, child or scan an event names (each is a state write or two), a case, an
   * unpacking of a whole case and an error declaration as {@value #CASE_WEIGHT}. An estimate for
   * filling blocks: what a transaction really touches is metered as it runs ({@code WorkLimits}).
   */
  private static long captureWeight(org.medledger.core.tx.Transaction tx) {
    try {
      long w = 1;
      for (DrugEvent e : DrugEvent.decodeList(tx.args().get("events").orElse(""), MAX_CAPTURE_VALUE_BYTES)) {
        w += eventWeight(e.method(), e.args());
      }
      return w;
    } catch (RuntimeException e) {
      return 1; // refused when it runs
    }
  }

  private static long scansWeight(org.medledger.core.tx.Transaction tx) {
    return 1 + tx.args().get("scans").map(v -> v.chars().filter(c -> c == '\n').count() + 1).orElse(0L);
  }

  private static long eventWeight(String method, Args a) {
    long w = 1;
    if ((method.equals("disaggregate") && a.get("children").isEmpty()) || method.equals("declareError")) {
      w += CASE_WEIGHT; // rewrites what the case or the declared event reached: known only from state
    }
    String spec = a.get("serials").orElse("");
    int dots = spec.indexOf("..");
    if (dots > 0 && !spec.contains(",")) {
      try {
        w += Math.max(0, Math.min(MAX_SERIALS_PER_TRANSACTION, Long.parseLong(spec.substring(dots + 2)) - Long.parseLong(spec.substring(0, dots)) + 1));
      } catch (NumberFormatException e) {
        // refused when it runs
      }
    } else if (!spec.isEmpty()) {
      w += spec.chars().filter(c -> c == ',').count() + 1;
    }
    String packs = a.get("packs").orElse("");
    if (!packs.isEmpty()) {
      w += packs.chars().filter(c -> c == ',').count() + 1;
    }
    String children = a.get("children").orElse("");
    if (!children.isEmpty()) {
      w += children.chars().filter(c -> c == ',').count() + 1;
    }
    String cases = a.get("cases").orElse("");
    if (!cases.isEmpty()) {
      w += CASE_WEIGHT * (cases.chars().filter(c -> c == ',').count() + 1);
    }
    return w;
  }

  static String gtinKey(Gtin g) {
    return "gtin/" + g;
  }

  static String packKey(Gtin g, String serial) {
    return "pack/" + g + "/" + serial;
  }

  static String caseKey(String sscc) {
    return "case/" + sscc;
  }

  static String traceKey(Gtin g, String serial, long height, String suffix) {
    return "trace/" + g + "/" + serial + "\u0000" + String.format("%016x", height) + "/" + suffix;
  }

  static String caseTraceKey(String sscc, long height, String suffix) {
    return "trace/00/" + sscc + "\u0000" + String.format("%016x", height) + "/" + suffix;
  }

  static String recallKey(Gtin g, String lot) {
    return "recall/" + g + "/" + lot;
  }

  /** Event ids are unique within the recording organisation (organisation names hold no '/'). */
  static String eventKey(String organisation, String eventId) {
    return "event/" + organisation + "/" + eventId;
  }

  static String errorKey(String organisation, String eventId) {
    return "error/" + organisation + "/" + eventId;
  }

  public static String relayKey(String memberCertificateHex, String nodeOrganisation) {
    return "relay/" + memberCertificateHex + "/" + nodeOrganisation;
  }

  static String scansKey(Gtin g, String serial) {
    return "scans/" + g + "/" + serial;
  }

  static byte[] read(StateReader state, String key) {
    return state.get(StateKeys.of(NAME, key));
  }

  /**
   * An event as kept on the ledger: what ran, for whom, relayed by which node, when, with which
   * arguments; {@code transactionId} carries ".index" for an event of a capture.
   */
  public record EventRecord(String method, String organisation, String relayedBy, long height, String transactionId, long time, Args args) {
    byte[] encode() {
      CanonicalWriter w = new CanonicalWriter(256).u8(1).string(method).string(organisation).string(relayedBy).u64(height)
          .string(transactionId).u64(time);
      args.writeTo(w);
      return w.toByteArray();
    }

    public static EventRecord decode(byte[] bytes) {
      CanonicalReader r = new CanonicalReader(bytes);
      r.u8("event.version");
      EventRecord e = new EventRecord(r.string("event.method", 32), r.string("event.organisation", 256), r.string("event.relayedBy", 256),
          r.u64("event.height"), r.string("event.tx", 128), r.u64("event.time"), Args.readFrom(r, MAX_CAPTURE_VALUE_BYTES));
      r.expectEnd("event");
      return e;
    }
  }
}
