package org.medledger.apps.drugs.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.KeyPair;
import java.security.SecureRandom;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.medledger.core.genesis.ChainParameters;
import org.medledger.core.runtime.BlockExecutor;
import org.medledger.core.runtime.Caller;
import org.medledger.core.runtime.ContractException;
import org.medledger.core.runtime.ContractRegistry;
import org.medledger.core.runtime.ExecutionResult;
import org.medledger.core.runtime.InMemoryState;
import org.medledger.core.runtime.TxOutcome;
import org.medledger.core.tx.Args;
import org.medledger.core.tx.Transaction;
import org.medledger.crypto.CryptoSuite;
import org.medledger.crypto.CryptoSuites;
import org.medledger.crypto.Hash;
import org.medledger.apps.drugs.contract.gs1.DigitalLink;
import org.medledger.apps.drugs.contract.gs1.Gtin;
import org.medledger.apps.drugs.contract.gs1.ItemRef;
import org.medledger.apps.drugs.contract.gs1.Sgtin;
import org.medledger.apps.drugs.contract.gs1.Sscc;

/** Maker → distributor → pharmacy, with a counterfeit, a clone, a recall, a diversion and every refusal the issue names. */
class DrugsContractTest {
  static final CryptoSuite SUITE = CryptoSuites.intl();
  static final KeyPair SENDER = SUITE.signatures().generateKeyPair(new SecureRandom(new byte[] {5}));
  static final long T0 = 1_800_000_000_000L;
  static final LocalDate TODAY = LocalDate.of(2027, 1, 15);
  static final Caller MAKER = caller("maker", "pharma-co", "maker");
  static final Caller OTHER_MAKER = caller("other", "generic-co", "maker");
  static final Caller DISTRIBUTOR = caller("dist", "dist-co", "distributor");
  static final Caller PHARMACY = caller("pharm", "pharmacy-1", "pharmacy");
  static final Caller REGULATOR = caller("reg", "nmpa", "regulator");
  static final Caller NODE = caller("node-a", "hospital-a", "node");
  static final Caller NODE_B = caller("node-b", "hospital-b", "node");
  static final Caller NODE_C = caller("node-c", "insurer", "node");
  static final Map<Hash, Caller> CALLERS = new TreeMap<>();
  static final Gtin GTIN = new Gtin("09506000134352");
  /** The GS1 company prefix of {@link #GTIN} (after its indicator digit), pharma-co's. */
  static final String PREFIX = "9506000";

  static {
    for (Caller c : List.of(MAKER, OTHER_MAKER, DISTRIBUTOR, PHARMACY, REGULATOR, NODE, NODE_B, NODE_C)) {
      CALLERS.put(c.certificateId(), c);
    }
  }

  static final java.util.Set<String> ORGANISATIONS = java.util.Set.of("pharma-co", "generic-co", "dist-co", "pharmacy-1", "nmpa",
      "hospital-a");
  static final RelayedMembers MEMBERS = (ctx, id) -> Optional.ofNullable(CALLERS.get(id))
      .orElseThrow(() -> new ContractException("unknown_member", "member " + id + " is not registered"));
  final BlockExecutor executor = new BlockExecutor(new ContractRegistry().register(new DrugsContract(MEMBERS, ORGANISATIONS)), SUITE.hash(),
      (tx, s) -> Optional.ofNullable(CALLERS.get(tx.sender())).orElseThrow(() -> new ContractException("unknown_sender", "?")),
      ChainParameters.DEFAULTS);
  final InMemoryState state = new InMemoryState();
  long height;
  long nonce;

  static Caller caller(String name, String org, String role) {
    return new Caller(Hash.of(SUITE.hash().hash(name.getBytes())), org, role, name);
  }

  TxOutcome run(Caller by, String method, String... args) {
    return runAt(T0, by, method, args);
  }

  /** Runs one transaction in a block of time {@code blockTime}. */
  TxOutcome runAt(long blockTime, Caller by, String method, String... args) {
    Transaction tx = new Transaction.Payload("intl", "test", by.certificateId(), ++nonce, blockTime, "drugs", method, Args.of(args))
        .sign(SUITE.signatures().signer(SENDER));
    ExecutionResult r = executor.execute(state, ++height, blockTime, List.of(tx));
    state.apply(r.writes());
    return r.outcomes().get(0);
  }

  @org.junit.jupiter.api.BeforeEach
  void theRegulatorRecordsPharmaCosPrefix() {
    ok(run(REGULATOR, "recordPrefix", "prefix", PREFIX, "organisation", "pharma-co"));
  }

  void ok(TxOutcome o) {
    assertThat(o.success()).as(o.code() + ": " + o.message()).isTrue();
  }

  String verify(String serial, String lot, String expiry, String scannedBy) {
    return DrugVerifier.verify(state, new DigitalLink(new Sgtin(GTIN, serial), Optional.ofNullable(lot), Optional.ofNullable(expiry)),
        TODAY, Optional.ofNullable(scannedBy)).outcome();
  }

  @Test
  void packsMoveAlongShipAndReceiveAndEveryScanGetsItsAnswer() {
    ok(run(MAKER, "registerGtin", "gtin", GTIN.value()));
    assertThat(run(MAKER, "registerGtin", "gtin", GTIN.value()).code()).isEqualTo("already_registered");
    assertThat(run(OTHER_MAKER, "registerGtin", "gtin", GTIN.value()).code()).as("not its prefix").isEqualTo("forbidden");
    assertThat(run(OTHER_MAKER, "commission", "gtin", GTIN.value(), "lot", "L1", "expiry", "281231", "serials", "1..10").code())
        .isEqualTo("forbidden");
    ok(run(MAKER, "commission", "gtin", GTIN.value(), "lot", "L1", "expiry", "281231", "serials", "1..10000"));
    ok(run(MAKER, "commission", "gtin", GTIN.value(), "lot", "OLD", "expiry", "261231", "serials", "A1,A2"));
    ok(run(MAKER, "commission", "gtin", GTIN.value(), "lot", "BAD", "expiry", "291231", "serials", "B1"));
    assertThat(run(MAKER, "commission", "gtin", GTIN.value(), "lot", "L1", "expiry", "281231", "serials", "5").code())
        .isEqualTo("already_commissioned");
    assertThat(run(MAKER, "commission", "gtin", GTIN.value(), "lot", "L1", "expiry", "281231", "serials", "1..10001").message())
        .contains("10000");

    assertThat(run(DISTRIBUTOR, "ship", "gtin", GTIN.value(), "serials", "1,2,3", "to", "pharmacy-1").code()).isEqualTo("not_holder");
    ok(run(MAKER, "ship", "gtin", GTIN.value(), "serials", "1,2,3", "to", "dist-co"));
    assertThat(run(PHARMACY, "receive", "gtin", GTIN.value(), "serials", "1").code()).isEqualTo("not_shipped_to_you");
    assertThat(run(MAKER, "ship", "gtin", GTIN.value(), "serials", "1", "to", "pharmacy-1").code()).isEqualTo("not_holder");
    ok(run(DISTRIBUTOR, "receive", "gtin", GTIN.value(), "serials", "1,2,3"));
    ok(run(DISTRIBUTOR, "ship", "gtin", GTIN.value(), "serials", "1,2", "to", "pharmacy-1"));
    ok(run(PHARMACY, "receive", "gtin", GTIN.value(), "serials", "1,2"));
    assertThat(run(DISTRIBUTOR, "dispense", "gtin", GTIN.value(), "serials", "3").code()).isEqualTo("forbidden");
    ok(run(PHARMACY, "dispense", "gtin", GTIN.value(), "serials", "1"));
    assertThat(run(PHARMACY, "dispense", "gtin", GTIN.value(), "serials", "1").code()).isEqualTo("not_active");
    ok(run(DISTRIBUTOR, "decommission", "gtin", GTIN.value(), "serials", "3", "reason", "stolen"));
    ok(run(REGULATOR, "recall", "gtin", GTIN.value(), "lot", "BAD", "reason", "contamination"));
    assertThat(run(DISTRIBUTOR, "recall", "gtin", GTIN.value(), "lot", "L1", "reason", "x").code()).isEqualTo("forbidden");

    assertThat(verify("2", "L1", "281231", "pharmacy-1")).isEqualTo("genuine");
    assertThat(verify("999999", null, null, null)).isEqualTo("unknown_serial");
    assertThat(verify("1", null, null, null)).isEqualTo("already_dispensed");
    assertThat(verify("3", null, null, null)).isEqualTo("decommissioned");
    assertThat(verify("B1", null, null, null)).isEqualTo("recalled");
    assertThat(verify("A1", null, null, null)).isEqualTo("expired");
    assertThat(verify("2", "L2", null, null)).isEqualTo("lot_mismatch");
    assertThat(verify("2", "L1", "290101", null)).isEqualTo("expiry_mismatch");
    assertThat(verify("4", null, null, "pharmacy-1")).as("still at the maker").isEqualTo("diverted");
    var trace = DrugVerifier.verify(state, new DigitalLink(new Sgtin(GTIN, "2"), Optional.empty(), Optional.empty()), TODAY,
        Optional.empty()).trace();
    assertThat(trace).hasSize(5);
    assertThat(trace.get(0)).contains("pharma-co");
    assertThat(trace.get(4)).contains("receive by pharmacy-1");
  }

  static final String SSCC_CASE_1 = Sscc.withCheckDigit("00950600013430001").value();
  static final String SSCC_CASE_2 = Sscc.withCheckDigit("00950600013430002").value();
  static final String SSCC_PALLET = Sscc.withCheckDigit("00950600013439999").value();

  String pack(String serial) {
    return ItemRef.pack(GTIN, serial).canonical();
  }

  void makeTwentyPacks() {
    ok(run(MAKER, "registerGtin", "gtin", GTIN.value()));
    ok(run(MAKER, "commission", "gtin", GTIN.value(), "lot", "L1", "expiry", "281231", "serials", "1..20", "eventId", "urn:uuid:commission-1"));
  }

  @Test
  void aMixedShipmentNamesPacksOfSeveralGtinsAndIsDeclaredInErrorAsAWhole() {
    Gtin second = new Gtin("09506000134369");
    makeTwentyPacks();
    ok(run(MAKER, "registerGtin", "gtin", second.value()));
    ok(run(MAKER, "commission", "gtin", second.value(), "lot", "L2", "expiry", "281231", "serials", "1..3"));
    String mixed = ItemList.join(List.of(pack("1"), ItemRef.pack(second, "1").canonical(), ItemRef.pack(second, "2").canonical()));
    assertThat(run(MAKER, "ship", "packs", mixed + "," + pack("1"), "to", "dist-co").code()).as("named twice").isEqualTo("invalid_argument");
    assertThat(run(MAKER, "ship", "packs", "00/" + SSCC_CASE_1, "to", "dist-co").message()).contains("name it in cases");
    ok(run(MAKER, "ship", "packs", mixed, "to", "dist-co", "eventId", "urn:uuid:mixed"));
    String trace = String.join("\n", DrugVerifier.verify(state, new DigitalLink(new Sgtin(second, "2"), Optional.empty(), Optional.empty()),
        TODAY, Optional.empty()).trace());
    assertThat(trace).contains("ship by pharma-co to dist-co");
    ok(run(MAKER, "declareError", "declaredEventId", "urn:uuid:mixed", "reason", "incorrect_data"));
    // both GTINs' packs are back at the maker: it ships them again, one GTIN by the old arguments
    ok(run(MAKER, "ship", "gtin", second.value(), "serials", "1,2", "to", "pharmacy-1"));
    ok(run(MAKER, "ship", "gtin", GTIN.value(), "serials", "1", "to", "pharmacy-1"));
    ok(run(PHARMACY, "receive", "packs", mixed));
    assertThat(DrugVerifier.verify(state, new DigitalLink(new Sgtin(second, "3"), Optional.empty(), Optional.empty()), TODAY,
        Optional.empty()).outcome()).isEqualTo("genuine");
  }

  @Test
  void serialsHoldingCommasAndDotsAreOnePackEach() {
    ok(run(MAKER, "registerGtin", "gtin", GTIN.value()));
    ok(run(MAKER, "commission", "gtin", GTIN.value(), "lot", "L1", "expiry", "281231",
        "serials", ItemList.join(List.of("A,B", "5..7", "50%")), "eventId", "urn:uuid:odd-serials"));
    assertThat(verify("A,B", "L1", "281231", null)).isEqualTo("genuine");
    assertThat(verify("5..7", "L1", "281231", null)).isEqualTo("genuine");
    assertThat(verify("50%", "L1", "281231", null)).isEqualTo("genuine");
    for (String notMade : List.of("A", "B", "5", "6", "7")) {
      assertThat(verify(notMade, "L1", "281231", null)).as(notMade).isEqualTo("unknown_serial");
    }
    // unescaped, a list still means what it always did: a run of decimal serials, or serials between commas
    ok(run(MAKER, "commission", "gtin", GTIN.value(), "lot", "L1", "expiry", "281231", "serials", "5..7", "eventId", "urn:uuid:run"));
    assertThat(verify("6", "L1", "281231", null)).isEqualTo("genuine");
  }

  @Test
  void anEventOnAPalletReachesEveryPackInItsCases() {
    makeTwentyPacks();
    ok(run(MAKER, "aggregate", "parent", SSCC_CASE_1, "children", String.join(",", pack("1"), pack("2"), pack("3"))));
    ok(run(MAKER, "aggregate", "parent", SSCC_CASE_1, "children", pack("4")));
    ok(run(MAKER, "aggregate", "parent", SSCC_CASE_2, "children", pack("5") + "," + pack("6")));
    assertThat(run(MAKER, "aggregate", "parent", SSCC_CASE_2, "children", pack("1")).code()).isEqualTo("packed");
    assertThat(run(DISTRIBUTOR, "aggregate", "parent", SSCC_PALLET, "children", "00/" + SSCC_CASE_1).code()).isEqualTo("not_holder");
    ok(run(MAKER, "aggregate", "parent", SSCC_PALLET, "children", "00/" + SSCC_CASE_1 + ",00/" + SSCC_CASE_2));
    assertThat(run(MAKER, "ship", "gtin", GTIN.value(), "serials", "1", "to", "dist-co").code()).as("a packed pack moves with its case")
        .isEqualTo("packed");
    assertThat(run(MAKER, "ship", "cases", SSCC_CASE_1, "to", "dist-co").code()).as("a case on a pallet moves with it").isEqualTo("packed");
    ok(run(MAKER, "ship", "cases", SSCC_PALLET, "to", "dist-co"));
    ok(run(DISTRIBUTOR, "receive", "cases", SSCC_PALLET));
    assertThat(verify("6", null, null, "dist-co")).isEqualTo("genuine");
    assertThat(verify("7", null, null, "dist-co")).as("never left the maker").isEqualTo("diverted");
    ok(run(DISTRIBUTOR, "disaggregate", "parent", SSCC_PALLET));
    ok(run(DISTRIBUTOR, "disaggregate", "parent", SSCC_CASE_1, "children", pack("1")));
    assertThat(run(PHARMACY, "dispense", "cases", SSCC_CASE_2).code()).isEqualTo("invalid_argument");
    ok(run(DISTRIBUTOR, "ship", "gtin", GTIN.value(), "serials", "1", "cases", SSCC_CASE_2, "to", "pharmacy-1"));
    ok(run(PHARMACY, "receive", "cases", SSCC_CASE_2, "gtin", GTIN.value(), "serials", "1"));
    ok(run(PHARMACY, "disaggregate", "parent", SSCC_CASE_2));
    ok(run(PHARMACY, "dispense", "gtin", GTIN.value(), "serials", "5"));
    var trace = DrugVerifier.verify(state, new DigitalLink(new Sgtin(GTIN, "5"), Optional.empty(), Optional.empty()), TODAY,
        Optional.empty()).trace();
    assertThat(String.join("\n", trace)).contains("aggregate by pharma-co into case " + SSCC_CASE_2)
        .contains("ship by pharma-co to dist-co").contains("ship by dist-co to pharmacy-1").contains("dispense by pharmacy-1");
    assertThat(DrugQueries.caseView(state, new Sscc(SSCC_CASE_2)).orElseThrow().trace()).hasSize(8);
    assertThat(DrugQueries.caseView(state, new Sscc(SSCC_CASE_1)).orElseThrow().state().children())
        .containsExactly(pack("2"), pack("3"), pack("4"));
  }

  @Test
  void aShipmentDeclaredInErrorComesBackAndTheTraceSaysSo() {
    makeTwentyPacks();
    ok(run(MAKER, "ship", "gtin", GTIN.value(), "serials", "1..3", "to", "pharmacy-1", "eventId", "urn:uuid:ship-wrong"));
    ok(run(MAKER, "ship", "gtin", GTIN.value(), "serials", "4", "to", "dist-co", "eventId", "urn:uuid:ship-4"));
    ok(run(DISTRIBUTOR, "receive", "gtin", GTIN.value(), "serials", "4"));
    assertThat(run(DISTRIBUTOR, "declareError", "declaredEventId", "urn:uuid:ship-wrong", "reason", "x").code())
        .as("event ids are per organisation: dist-co has none of that id").isEqualTo("unknown_event");
    assertThat(run(DISTRIBUTOR, "declareError", "declaredEventId", "urn:uuid:ship-wrong", "declaredEventOrganisation", "pharma-co",
        "reason", "x").code()).isEqualTo("forbidden");
    assertThat(run(MAKER, "declareError", "declaredEventId", "urn:uuid:ship-4", "reason", "wrong").code()).isEqualTo("already_received");
    assertThat(run(MAKER, "declareError", "declaredEventId", "urn:uuid:nope", "reason", "wrong").code()).isEqualTo("unknown_event");
    ok(run(MAKER, "declareError", "declaredEventId", "urn:uuid:ship-wrong", "reason", "incorrect_data"));
    assertThat(run(MAKER, "declareError", "declaredEventId", "urn:uuid:ship-wrong", "reason", "again").code()).isEqualTo("already_declared");
    assertThat(run(PHARMACY, "receive", "gtin", GTIN.value(), "serials", "1").code()).isEqualTo("not_shipped_to_you");
    ok(run(MAKER, "ship", "gtin", GTIN.value(), "serials", "1..3", "to", "dist-co"));
    String trace = String.join("\n", DrugVerifier.verify(state, new DigitalLink(new Sgtin(GTIN, "1"), Optional.empty(), Optional.empty()),
        TODAY, Optional.empty()).trace());
    assertThat(trace).contains("ship by pharma-co to pharmacy-1").contains("(declared in error by pharma-co: incorrect_data)")
        .contains("declareError by pharma-co on event urn:uuid:ship-wrong").contains("ship by pharma-co to dist-co");
    assertThat(run(MAKER, "ship", "gtin", GTIN.value(), "serials", "9", "to", "dist-co", "eventId", "urn:uuid:ship-4").code())
        .isEqualTo("duplicate_event");

    ok(run(MAKER, "commission", "gtin", GTIN.value(), "lot", "L9", "expiry", "281231", "serials", "X1,X2", "eventId", "c-9"));
    ok(run(MAKER, "declareError", "declaredEventId", "c-9", "reason", "wrong lot printed"));
    assertThat(verify("X1", null, null, null)).isEqualTo("decommissioned");
  }

  @Test
  void aCaptureRunsAllOrNoneForTheMemberItsNodeRelays() {
    makeTwentyPacks();
    String good = DrugEvent.encodeList(List.of(
        new DrugEvent("aggregate", Args.of("parent", SSCC_CASE_1, "children", pack("1") + "," + pack("2"), "eventId", "e-1")),
        new DrugEvent("ship", Args.of("cases", SSCC_CASE_1, "to", "dist-co", "eventId", "e-2"))));
    String bad = DrugEvent.encodeList(List.of(
        new DrugEvent("ship", Args.of("gtin", GTIN.value(), "serials", "3", "to", "dist-co")),
        new DrugEvent("ship", Args.of("gtin", GTIN.value(), "serials", "999", "to", "dist-co"))));
    TxOutcome refused = run(MAKER, "capture", "events", bad);
    assertThat(refused.code()).isEqualTo("unknown_serial");
    assertThat(refused.message()).startsWith("event 1 (");
    assertThat(verify("3", null, null, "pharma-co")).as("the first event did not stay").isEqualTo("genuine");
    assertThat(run(DISTRIBUTOR, "capture", "events", good, "member", MAKER.certificateId().hex()).code()).as("only nodes relay")
        .isEqualTo("forbidden");
    assertThat(run(NODE, "capture", "events", good, "member", MAKER.certificateId().hex()).message())
        .as("only a node the member chose").contains("has not authorised hospital-a's node");
    ok(run(MAKER, "authorizeRelay", "node", "hospital-a"));
    ok(run(NODE, "capture", "events", good, "member", MAKER.certificateId().hex()));
    assertThat(verify("2", null, null, "dist-co")).as("shipped, not yet received").isEqualTo("in_transit");
    var events = DrugQueries.events(state, e -> true, 100);
    assertThat(events).extracting(DrugQueries.StoredEvent::eventId).containsExactly("urn:uuid:commission-1", "e-1", "e-2");
    assertThat(events.get(2).record().organisation()).isEqualTo("pharma-co");
    assertThat(events.get(2).record().relayedBy()).isEqualTo("node-a");
    assertThat(run(NODE, "capture", "events", DrugEvent.encodeList(List.of(new DrugEvent("recall", Args.of("gtin", GTIN.value())))),
        "member", MAKER.certificateId().hex()).message()).contains("is not an event");
    ok(run(MAKER, "revokeRelay", "node", "hospital-a"));
    String more = DrugEvent.encodeList(List.of(new DrugEvent("ship", Args.of("gtin", GTIN.value(), "serials", "3", "to", "dist-co"))));
    assertThat(run(NODE, "capture", "events", more, "member", MAKER.certificateId().hex()).code()).isEqualTo("forbidden");
    ok(run(MAKER, "capture", "events", more));
  }

  @Test
  void scansFromManyPlacesMarkACloneAndRecalledLotsListTheirHolders() {
    makeTwentyPacks();
    ok(run(MAKER, "ship", "gtin", GTIN.value(), "serials", "1..5", "to", "dist-co"));
    ok(run(DISTRIBUTOR, "receive", "gtin", GTIN.value(), "serials", "1..3"));
    StringBuilder scans = new StringBuilder();
    for (int i = 0; i < DrugsContract.CLONE_PLACES; i++) {
      scans.append(GTIN.value()).append('\t').append("9").append('\t').append(String.format("%016x", i)).append('\n');
    }
    scans.append(GTIN.value()).append("\t10\t00000000000000aa\n").append(GTIN.value()).append("\tnever-made\t00000000000000aa");
    assertThat(run(MAKER, "recordScans", "scans", scans.toString()).code()).isEqualTo("forbidden");
    ok(run(NODE, "recordScans", "scans", scans.toString()));
    assertThat(verify("9", null, null, null)).as("one node's word alone").isEqualTo("genuine");
    ok(run(NODE_B, "recordScans", "scans", scans.toString()));
    assertThat(verify("9", null, null, null)).isEqualTo("likely_clone");
    assertThat(verify("10", null, null, null)).isEqualTo("genuine");
    var scanned = DrugVerifier.verify(state, new DigitalLink(new Sgtin(GTIN, "9"), Optional.empty(), Optional.empty()), TODAY,
        Optional.empty()).scans();
    assertThat(scanned.scans()).isEqualTo(2 * DrugsContract.CLONE_PLACES);
    assertThat(state.get(org.medledger.core.runtime.StateKeys.of("drugs", "scans/" + GTIN + "/never-made"))).isNull();

    ok(run(MAKER, "recall", "gtin", GTIN.value(), "lot", "L1", "reason", "sterility"));
    assertThat(DrugQueries.holdersOfLot(state, GTIN, "L1")).containsExactly(
        new DrugQueries.Holding("dist-co", false, 3), new DrugQueries.Holding("dist-co", true, 2),
        new DrugQueries.Holding("pharma-co", false, 15));
  }

  /**
   * Issue 22, finding 8: free text broke the newline-joined records (a shipment to "nobody\nat-all"
   * made every verify of its packs throw), and a maker overwrote the regulator's recall with a
   * reason holding line breaks. Records are length-prefixed now and recalls append.
   */
  @Test
  void freeTextCannotBreakTheRecordsAndRecallsAppend() {
    makeTwentyPacks();
    assertThat(run(MAKER, "ship", "gtin", GTIN.value(), "serials", "1", "to", "nobody\nat-all").code()).isEqualTo("invalid_argument");
    assertThat(run(MAKER, "ship", "gtin", GTIN.value(), "serials", "1", "to", "not-a-member").message())
        .contains("not a member organisation");
    ok(run(MAKER, "ship", "gtin", GTIN.value(), "serials", "1", "to", "dist-co", "eventId", "s-1"));
    ok(run(MAKER, "ship", "gtin", GTIN.value(), "serials", "2", "to", "dist-co", "eventId", "s-2"));
    assertThat(run(MAKER, "declareError", "declaredEventId", "s-1", "reason", "bell\u0007").code()).isEqualTo("invalid_argument");
    ok(run(MAKER, "declareError", "declaredEventId", "s-1", "reason", "wrong\nline\nto=nobody"));
    assertThat(verify("1", null, null, null)).as("declared in error: back at the maker").isEqualTo("genuine");
    assertThat(String.join("|", DrugVerifier.verify(state, new DigitalLink(new Sgtin(GTIN, "1"), Optional.empty(), Optional.empty()),
        TODAY, Optional.empty()).trace())).contains("(declared in error by pharma-co: wrong\nline\nto=nobody)");
    assertThat(verify("2", null, null, null)).as("shipped, not received (finding 12)").isEqualTo("in_transit");
    ok(run(DISTRIBUTOR, "receive", "gtin", GTIN.value(), "serials", "2"));
    assertThat(verify("2", null, null, "dist-co")).isEqualTo("genuine");

    ok(run(REGULATOR, "recall", "gtin", GTIN.value(), "lot", "L1", "reason", "contamination"));
    ok(run(MAKER, "recall", "gtin", GTIN.value(), "lot", "L1", "reason", "x\ny\nz"));
    assertThat(run(MAKER, "recall", "gtin", GTIN.value(), "lot", "L1", "reason", "all fine").code()).as("its own recall stands")
        .isEqualTo("already_recalled");
    assertThat(run(REGULATOR, "recall", "gtin", GTIN.value(), "lot", "L1", "reason", "never mind").code()).isEqualTo("already_recalled");
    var recalls = DrugQueries.recalls(state, GTIN, "L1").recalls();
    assertThat(recalls).extracting(LotRecalls.Recall::by).containsExactly("nmpa", "pharma-co");
    assertThat(recalls).extracting(LotRecalls.Recall::reason).containsExactly("contamination", "x\ny\nz");
    var verdict = DrugVerifier.verify(state, new DigitalLink(new Sgtin(GTIN, "2"), Optional.empty(), Optional.empty()), TODAY,
        Optional.empty());
    assertThat(verdict.outcome()).isEqualTo("recalled");
    assertThat(verdict.message()).contains("nmpa (regulator): contamination").contains("pharma-co (maker): x\ny\nz");
    assertThat(verdict.recalls().recalls()).hasSize(2);
    assertThat(verify("1", null, null, null)).isEqualTo("recalled");
  }

  @Test
  void aTransactionWeighsWhatItWritesNotWhatItsBytesSay() {
    DrugsContract c = new DrugsContract(ORGANISATIONS);
    java.util.function.Function<Args, Long> w = a -> c.weight(new Transaction.Payload("intl", "test", MAKER.certificateId(), 1, T0, "drugs",
        "commission", a).sign(SUITE.signatures().signer(SENDER)));
    assertThat(w.apply(Args.of("gtin", GTIN.value(), "serials", "1..10000"))).isEqualTo(10_001);
    assertThat(w.apply(Args.of("gtin", GTIN.value(), "serials", "A,B,C"))).isEqualTo(4);
    assertThat(w.apply(Args.of("cases", SSCC_CASE_1 + "," + SSCC_CASE_2))).isEqualTo(1 + 2 * DrugWeights.CASE_WEIGHT);
    assertThat(w.apply(Args.of("serials", "9..1"))).isEqualTo(1);
    String events = DrugEvent.encodeList(List.of(new DrugEvent("commission", Args.of("serials", "1..100")),
        new DrugEvent("aggregate", Args.of("children", pack("1") + "," + pack("2")))));
    assertThat(c.weight(new Transaction.Payload("intl", "test", MAKER.certificateId(), 1, T0, "drugs", "capture", Args.of("events", events))
        .sign(SUITE.signatures().signer(SENDER)))).isEqualTo(1 + 101 + 3);
  }
}
