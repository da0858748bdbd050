package org.medledger.apps.drugs.contract;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeSet;
import org.medledger.core.codec.CanonicalReader;
import org.medledger.core.codec.CanonicalWriter;
import org.medledger.core.runtime.Caller;
import org.medledger.core.runtime.Contract;
import org.medledger.core.runtime.ContractArgs;
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
public final class DrugsContract implements Contract {
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
  /** Who may call each method (issue 22, finding 9: a patient certificate of a hospital moved its stock). */
  static final java.util.Map<String, Set<String>> METHOD_ROLES = java.util.Map.ofEntries(
      java.util.Map.entry("registerGtin", Set.of("maker", "admin")),
      java.util.Map.entry("commission", Set.of("maker", "admin")),
      java.util.Map.entry("aggregate", SUPPLY_CHAIN),
      java.util.Map.entry("disaggregate", SUPPLY_CHAIN),
      java.util.Map.entry("ship", SUPPLY_CHAIN),
      java.util.Map.entry("receive", SUPPLY_CHAIN),
      java.util.Map.entry("decommission", SUPPLY_CHAIN),
      java.util.Map.entry("dispense", Set.of("pharmacy", "admin")),
      java.util.Map.entry("declareError", SUPPLY_CHAIN_OR_REGULATOR),
      java.util.Map.entry("recall", Set.of("maker", "admin", "regulator")),
      java.util.Map.entry("recordPrefix", Set.of("regulator")),
      java.util.Map.entry("transferPrefix", Set.of("regulator")),
      java.util.Map.entry("recordScans", Set.of("node")),
      java.util.Map.entry("resetScans", Set.of("regulator")),
      java.util.Map.entry("capture", Set.of("maker", "distributor", "pharmacy", "admin", "node")),
      java.util.Map.entry("authorizeRelay", SUPPLY_CHAIN),
      java.util.Map.entry("revokeRelay", SUPPLY_CHAIN));

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
  public java.util.Map<String, Set<String>> methodRoles() {
    return METHOD_ROLES;
  }

  @Override
  public void execute(ContractContext ctx) throws ContractException {
    switch (ctx.method()) {
      case "registerGtin" -> registerGtin(ctx);
      case "recordPrefix" -> CompanyPrefixes.record(ctx, organisations);
      case "transferPrefix" -> CompanyPrefixes.transfer(ctx, organisations);
      case "recall" -> recall(ctx);
      case "recordScans" -> recordScans(ctx);
      case "resetScans" -> resetScans(ctx);
      case "capture" -> capture(ctx);
      case "authorizeRelay" -> relay(ctx, true);
      case "revokeRelay" -> relay(ctx, false);
      default -> {
        if (!EVENT_METHODS.contains(ctx.method())) {
          throw new ContractException("unknown_method", "drugs has no method '" + ctx.method() + "' (expected recordPrefix, transferPrefix, registerGtin, "
              + String.join(", ", new TreeSet<>(EVENT_METHODS)) + ", recall, recordScans, resetScans, capture, authorizeRelay or revokeRelay)");
        }
        String id = ctx.args().get("eventId").orElse(ctx.transactionId().hex());
        runEvent(new EventContext(ctx, ctx.caller(), "", new DrugEvent(ctx.method(), ctx.args()), id, ctx.transactionId().hex()));
      }
    }
  }

  private void capture(ContractContext ctx) throws ContractException {
    Caller member = ctx.caller();
    String relayedBy = "";
    if (ctx.args().get("member").isPresent()) {
      if (!"node".equals(ctx.caller().role())) {
        throw new ContractException("forbidden", "only a node relays a capture for a member");
      }
      member = relayed.resolve(ctx, ContractArgs.hash(ctx.requireArg("member"), "member"));
      if (ctx.get(relayKey(member.certificateId().hex(), ctx.caller().organisation())) == null) {
        throw new ContractException("forbidden", "member " + member.name() + " of " + member.organisation() + " has not authorised "
            + ctx.caller().organisation() + "'s node to capture for it (drugs.authorizeRelay, signed by the member)");
      }
      relayedBy = ctx.caller().name();
    }
    List<DrugEvent> events;
    try {
      events = DrugEvent.decodeList(ctx.requireArg("events"), MAX_CAPTURE_VALUE_BYTES);
    } catch (IllegalArgumentException e) {
      throw new ContractException("invalid_argument", "events: " + e.getMessage());
    }
    for (int i = 0; i < events.size(); i++) {
      DrugEvent e = events.get(i);
      String suffix = ctx.transactionId().hex() + "." + String.format("%04x", i);
      String id = e.args().get("eventId").orElse(suffix);
      if (!EVENT_METHODS.contains(e.method())) {
        throw new ContractException("invalid_argument", "event " + i + ": '" + e.method() + "' is not an event ("
            + String.join(", ", new TreeSet<>(EVENT_METHODS)) + ")");
      }
      if (!METHOD_ROLES.get(e.method()).contains(member.role())) {
        throw new ContractException("forbidden", "event " + i + ": only a " + String.join(" or ", new TreeSet<>(METHOD_ROLES.get(e.method())))
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
    switch (ctx.method()) {
      case "commission" -> commission(ctx);
      case "aggregate" -> aggregate(ctx);
      case "disaggregate" -> disaggregate(ctx);
      case "declareError" -> declareError(ctx);
      default -> move(ctx, ctx.method());
    }
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

  private static Gtin gtin(ContractContext ctx) throws ContractException {
    return gtin(ctx.requireArg("gtin"));
  }

  private static Gtin gtin(String value) throws ContractException {
    try {
      return Gtin.parse(value);
    } catch (IllegalArgumentException e) {
      throw new ContractException("invalid_argument", "gtin: " + e.getMessage());
    }
  }

  private static Sscc sscc(String value, String field) throws ContractException {
    try {
      return new Sscc(value);
    } catch (IllegalArgumentException e) {
      throw new ContractException("invalid_argument", field + ": " + e.getMessage());
    }
  }

  /**
   * The owner's maker registers a GTIN under its company prefix; after a transfer of the prefix
   * the new owner registers it afresh and the old one no longer may (issue 22, finding 3).
   */
  private void registerGtin(ContractContext ctx) throws ContractException {
    requireRole(ctx, "register a GTIN", "maker", "admin");
    Gtin g = gtin(ctx);
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
    Gtin g = gtin(ctx);
    requirePrefixOwner(ctx, g, ctx.caller().organisation(), "commissions serials under");
    byte[] owner = ctx.get(gtinKey(g));
    if (owner == null || !new String(owner, StandardCharsets.UTF_8).equals(ctx.caller().organisation())) {
      throw new ContractException("forbidden", "only the maker that registered GTIN " + g + " commissions serials for it (drugs.registerGtin first)");
    }
    String lot = ctx.requireArg("lot");
    String expiry = ctx.requireArg("expiry");
    List<String> serials = serials(ctx.requireArg("serials"));
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
    if (ctx.args().get("gtin").isPresent() || ctx.args().get("serials").isPresent()) {
      Gtin g = gtin(ctx);
      for (String s : serials(ctx.requireArg("serials"))) {
        packs.add(new PackRef(g, s, ""));
      }
    }
    // Packs of several GTINs in one event (a mixed shipment): 01/{gtin}/21/{serial} items.
    for (ItemRef r : packList(ctx.args().get("packs").orElse(""))) {
      packs.add(new PackRef(r.gtin(), r.serial(), ""));
    }
    if (new java.util.HashSet<>(packs).size() != packs.size()) {
      throw new ContractException("invalid_argument", "a pack is named twice");
    }
    String caseList = ctx.args().get("cases").orElse("");
    if (!caseList.isEmpty()) {
      if (!casesAllowed) {
        throw new ContractException("invalid_argument", "cases: " + ctx.method() + " applies to packs only: unpack the case first");
      }
      for (String c : new LinkedHashSet<>(ItemList.split(caseList))) {
        String sscc = sscc(c, "cases").value();
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
    String to = step.equals("ship") ? ctx.requireArg("to") : "";
    if (step.equals("ship") && !organisations.contains(to)) {
      throw new ContractException("invalid_argument", "to: '" + DrugText.line(to, "to") + "' is not a member organisation of this network");
    }
    String reason = step.equals("decommission") ? ctx.requireArg("reason") : "";
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
    String parent = sscc(ctx.requireArg("parent"), "parent").value();
    List<String> children = itemList(ctx.requireArg("children"));
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
    String parent = sscc(ctx.requireArg("parent"), "parent").value();
    CaseState cs = requireCase(ctx, parent);
    if (!cs.parent().isEmpty()) {
      throw new ContractException("packed", "case " + parent + " is inside " + cs.parent() + ": unpack that first");
    }
    requireCaseHeld(ctx, parent, cs, org);
    String listed = ctx.args().get("children").orElse("");
    List<String> out = listed.isEmpty() ? cs.children() : itemList(listed).stream().map(c -> ItemRef.parse(c).canonical()).toList();
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
    String target = eventId(ctx.requireArg("declaredEventId"), "declaredEventId");
    String reason = DrugText.reason(ctx.requireArg("reason"), "reason");
    String corrective = ctx.args().get("correctiveEventIds").orElse("").strip();
    List<String> correctiveIds = corrective.isEmpty() ? List.of() : List.of(corrective.split(" +"));
    if (correctiveIds.size() > ErrorDeclaration.MAX_CORRECTIVE) {
      throw new ContractException("invalid_argument", "correctiveEventIds: at most " + ErrorDeclaration.MAX_CORRECTIVE);
    }
    for (String c : correctiveIds) {
      eventId(c, "correctiveEventIds");
    }
    // Event ids are unique per organisation: the declarer's own unless a regulator names another.
    String recorder = ctx.args().get("declaredEventOrganisation").orElse(ctx.caller().organisation());
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
    String org = ctx.requireArg("node");
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
    Gtin g = gtin(ctx);
    String lot = ctx.requireArg("lot");
    try {
      Gs1.requireCset82(lot, 20, "lot (AI 10)");
    } catch (IllegalArgumentException e) {
      throw new ContractException("invalid_argument", e.getMessage());
    }
    String reason = DrugText.reason(ctx.requireArg("reason"), "reason");
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
    String[] lines = ctx.requireArg("scans").split("\n");
    if (lines.length > MAX_SERIALS_PER_TRANSACTION) {
      throw new ContractException("invalid_argument", "scans: at most " + MAX_SERIALS_PER_TRANSACTION + " in one batch");
    }
    String org = ctx.caller().organisation();
    for (String line : lines) {
      String[] f = line.split("\t", -1);
      if (f.length != 3 || !f[2].matches("[0-9a-f]{16}")) {
        throw new ContractException("invalid_argument", "scans: each line is gtin, serial and a 16-hex-digit place, tab-separated");
      }
      Gtin g = gtin(f[0]);
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
    Gtin g = gtin(ctx);
    String serial = ctx.requireArg("serial");
    String reason = DrugText.reason(ctx.requireArg("reason"), "reason");
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
  @Override
  public long weight(org.medledger.core.tx.Transaction tx) {
    Args a = tx.args();
    switch (tx.method()) {
      case "capture" -> {
        try {
          long w = 1;
          for (DrugEvent e : DrugEvent.decodeList(a.get("events").orElse(""), MAX_CAPTURE_VALUE_BYTES)) {
            w += eventWeight(e.method(), e.args());
          }
          return w;
        } catch (RuntimeException e) {
          return 1; // refused when it runs
        }
      }
      case "recordScans" -> {
        return 1 + a.get("scans").map(v -> v.chars().filter(c -> c == '\n').count() + 1).orElse(0L);
      }
      default -> {
        return eventWeight(tx.method(), a);
      }
    }
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

  @Override
  public SortedMap<String, String> query(StateReader state, String method, Args args) throws ContractException {
    throw new ContractException("unknown_method", "drugs is read through DrugVerifier and DrugQueries");
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
