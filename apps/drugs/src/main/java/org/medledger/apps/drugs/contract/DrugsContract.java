package org.medledger.apps.drugs.contract;

import static org.medledger.apps.drugs.contract.DrugArgs.CASES;
import static org.medledger.apps.drugs.contract.DrugArgs.CHILDREN;
import static org.medledger.apps.drugs.contract.DrugArgs.CORRECTIVE_EVENT_IDS;
import static org.medledger.apps.drugs.contract.DrugArgs.DECLARED_EVENT_ID;
import static org.medledger.apps.drugs.contract.DrugArgs.DECLARED_EVENT_ORGANISATION;
import static org.medledger.apps.drugs.contract.DrugArgs.EVENTS;
import static org.medledger.apps.drugs.contract.DrugArgs.EVENT_ID;
import static org.medledger.apps.drugs.contract.DrugArgs.EXPIRY;
import static org.medledger.apps.drugs.contract.DrugArgs.GTIN;
import static org.medledger.apps.drugs.contract.DrugArgs.LOT;
import static org.medledger.apps.drugs.contract.DrugArgs.MEMBER;
import static org.medledger.apps.drugs.contract.DrugArgs.NODE;
import static org.medledger.apps.drugs.contract.DrugArgs.ORGANISATION;
import static org.medledger.apps.drugs.contract.DrugArgs.PACKS;
import static org.medledger.apps.drugs.contract.DrugArgs.PARENT;
import static org.medledger.apps.drugs.contract.DrugArgs.PREFIX;
import static org.medledger.apps.drugs.contract.DrugArgs.REASON;
import static org.medledger.apps.drugs.contract.DrugArgs.REASON_TEXT;
import static org.medledger.apps.drugs.contract.DrugArgs.SCANS;
import static org.medledger.apps.drugs.contract.DrugArgs.SERIAL;
import static org.medledger.apps.drugs.contract.DrugArgs.SERIALS;
import static org.medledger.apps.drugs.contract.DrugArgs.TO;
import static org.medledger.apps.drugs.contract.DrugKeys.eventKey;
import static org.medledger.apps.drugs.contract.DrugRoles.HOLDER;
import static org.medledger.apps.drugs.contract.DrugRoles.MAKER;
import static org.medledger.apps.drugs.contract.DrugRoles.REGULATOR;
import static org.medledger.apps.drugs.contract.DrugRoles.SUPPLY_CHAIN_OR_REGULATOR;
import static org.medledger.apps.drugs.contract.DrugWeights.PER_CAPTURED_EVENT;
import static org.medledger.apps.drugs.contract.DrugWeights.PER_ITEM;
import static org.medledger.apps.drugs.contract.DrugWeights.PER_SCAN;

import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.medledger.core.runtime.Caller;
import org.medledger.core.runtime.ContractContext;
import org.medledger.core.runtime.ContractException;
import org.medledger.core.runtime.DeclaredContract;
import org.medledger.core.runtime.MethodTable;
import org.medledger.core.runtime.Roles;
import org.medledger.core.tx.Args;

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
 *
 * <p>This class is the contract's face: its methods and who may call them, and how an event,
 * sent alone or in a capture, reaches its rule. The rules live one concern a file: {@link
 * CompanyPrefixes}, {@link Products}, {@link CasePacking}, {@link PackMoves}, {@link
 * ErrorDeclarations}, {@link Recalls}, {@link ScanReports}, {@link Relays}; their arguments in
 * {@link DrugArgs}, weights in {@link DrugWeights}, state keys in {@link DrugKeys}.
 */
public final class DrugsContract extends DeclaredContract {
  public static final String NAME = "drugs";
  public static final int MAX_SERIALS_PER_TRANSACTION = 10_000;
  /**
   * A pack whose code was scanned from this many different places, counted without any one
   * organisation's reports ({@link ScanCount}), reads as a likely clone.
   */
  public static final int CLONE_PLACES = 5;
  static final Set<String> EVENT_METHODS =
      Set.of("commission", "aggregate", "disaggregate", "ship", "receive", "dispense", "decommission", "declareError");

  /**
   * Who may call each method (issue 22, finding 9: a patient certificate of a hospital moved its
   * stock), in the order the unknown-method text lists them.
   */
  private final MethodTable methods = MethodTable.of(NAME)
      .tx("recordPrefix", REGULATOR, PER_ITEM, this::recordPrefix, PREFIX, ORGANISATION,
          REASON.optional())
      .tx("transferPrefix", REGULATOR, PER_ITEM, this::transferPrefix, PREFIX, TO, REASON)
      .tx("registerGtin", MAKER, PER_ITEM, Products::registerGtin, GTIN)
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
      .tx("recall", Roles.of("maker", "admin", "regulator"), PER_ITEM, Recalls::recall, GTIN, LOT, REASON)
      .tx("recordScans", Roles.of("node"), PER_SCAN, ScanReports::recordScans, SCANS)
      .tx("resetScans", REGULATOR, PER_ITEM, ScanReports::resetScans, GTIN, SERIAL, REASON)
      .tx("capture", Roles.of("maker", "distributor", "pharmacy", "admin", "node"), PER_CAPTURED_EVENT, this::capture,
          MEMBER.optional(), EVENTS)
      .tx("authorizeRelay", HOLDER, PER_ITEM, ctx -> Relays.relay(ctx, true), NODE)
      .tx("revokeRelay", HOLDER, PER_ITEM, ctx -> Relays.relay(ctx, false), NODE)
      .weighUnknown(PER_ITEM)
      .unknownQuery("drugs is read through DrugVerifier and DrugQueries")
      .build();

  /** One kind of event's rules, run in the event's own context. */
  @FunctionalInterface
  private interface EventRule {
    void run(EventContext ctx) throws ContractException;
  }

  /** What each event does, once its id is checked: the events of a transaction and of a capture alike. */
  private final TreeMap<String, EventRule> eventRules = declareEventRules();

  private TreeMap<String, EventRule> declareEventRules() {
    TreeMap<String, EventRule> rules = new TreeMap<>();
    rules.put("commission", Products::commission);
    rules.put("aggregate", CasePacking::aggregate);
    rules.put("disaggregate", CasePacking::disaggregate);
    rules.put("declareError", ctx -> ErrorDeclarations.declare(ctx, organisations));
    for (String step : List.of("ship", "receive", "dispense", "decommission")) {
      rules.put(step, ctx -> PackMoves.move(ctx, step, organisations));
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

  /** The shapes of its keys (docs/receipts.md, "State keys"); a proof of absence is given only for these. */
  @Override
  public java.util.List<org.medledger.core.runtime.StateKeyForm> stateKeyForms() {
    return org.medledger.core.runtime.StateKeyForm.of("gtin/{gtin}", "pack/{gtin}/{...}", "case/{sscc}", "trace/{...}", "recall/{gtin}/{...}", "event/{organisation}/{...}", "error/{organisation}/{...}", "relay/{hash}/{organisation}", "scans/{gtin}/{...}", "prefix/{prefix}", "prefixlog/{...}");
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
      Relays.requireAuthorised(ctx, member);
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
    String id = DrugArgs.eventId(ctx.eventId(), "eventId");
    String org = ctx.caller().organisation();
    if (ctx.get(eventKey(org, id)) != null) {
      throw new ContractException("duplicate_event", "an event with id " + id + " is already on the ledger for " + org);
    }
    eventRules.get(ctx.method()).run(ctx);
    ctx.put(eventKey(org, id), new EventRecord(ctx.method(), ctx.caller().organisation(), ctx.relayedBy(), ctx.blockHeight(),
        ctx.traceSuffix(), ctx.blockTimestamp(), ctx.args()).encode());
  }
}
