package org.medledger.apps.records.contract.audit;

import java.util.ArrayList;
import java.util.List;
import org.medledger.apps.records.contract.access.AccessDecision;
import org.medledger.apps.records.contract.access.HealthRoles;
import org.medledger.apps.records.contract.consent.ConsentContract;
import org.medledger.apps.records.contract.consent.ConsentRecord;
import org.medledger.apps.records.contract.consent.PurposeOfUse;
import org.medledger.core.membership.Membership;
import org.medledger.apps.records.contract.patient.PatientContract;
import org.medledger.core.runtime.Caller;
import org.medledger.crypto.x509.MemberCertificate;
import org.medledger.apps.records.contract.patient.PatientId;
import org.medledger.apps.records.contract.record.HealthRecordEntry;
import org.medledger.apps.records.contract.record.RecordContract;
import org.medledger.core.runtime.Arg;
import org.medledger.core.runtime.DeclaredContract;
import org.medledger.core.runtime.MethodTable;
import org.medledger.core.runtime.Roles;
import org.medledger.core.runtime.Weight;
import org.medledger.core.runtime.ContractContext;
import org.medledger.core.runtime.ContractException;
import org.medledger.core.runtime.StateKeys;
import org.medledger.core.runtime.StateReader;
import org.medledger.core.tx.Args;
import org.medledger.crypto.Hash;

/**
 * The access audit (DeepMind's Verifiable Data Audit): {@code log} appends a batch of {@link
 * AccessEvent}s that a member node's policy point decided, signed by that node. Batching keeps the
 * audit off the critical path of reads and lets it keep up with them. Each event must be about a
 * registered record of the patient it names. A node speaks only for its own organisation: each
 * event's organisation is the logging node's, its requester a registered certificate of that
 * organisation and role, valid and not revoked at the block's time, and its time within {@link
 * #MAX_EVENT_SKEW_MILLIS} of the block's. Its basis must hold for that requester on the ledger:
 * a consent of that patient naming the requester, for that purpose and record, in force at the
 * event's time; break-glass only by a clinician (a role the genesis grants care providers only)
 * for an emergency; the custodian's own clinicians (and, until the consortium's upgrade to protocol
 * version {@link #LEAST_PRIVILEGE_PROTOCOL_VERSION} binds, its admins); the patient's own key. A custodian
 * shares a record's key on a served event (VaultService), so a node that could log what it likes
 * could obtain any record's key.
 */
public final class AuditContract extends DeclaredContract {
  public static final String NAME = "audit";
  public static final int MAX_EVENTS_PER_TRANSACTION = 1_000;
  /**
   * The protocol version from whose height the audit refuses an admin's read of content on her
   * organisation's ground (the custodian ground, a consent to her organisation): the policy point
   * stopped serving them (docs/security.md, "Least privilege"). A consensus rule, so it binds from
   * the height the consortium's upgrade names (docs/governance.md, "Upgrades"), or from the first
   * block of a chain whose genesis starts at this version (what {@code network init} writes).
   * Before it, and on a chain started at version 1 that never votes it, the audit accepts such an
   * event as the releases that served it did, and a recorded history replays unchanged; a node on
   * an older release stops before it.
   */
  public static final int LEAST_PRIVILEGE_PROTOCOL_VERSION = 2;
  /** How far an event's time may lie from its block's: reads are logged within seconds. */
  public static final long MAX_EVENT_SKEW_MILLIS = 600_000;

  private final org.medledger.crypto.CryptoSuite suite;
  private final org.medledger.crypto.HashFunction hash;
  private final String signingChainId;
  private final BreakGlassCheck breakGlass;
  private final int startingProtocolVersion;

  /**
   * On a chain whose genesis starts at protocol version 1 (names no {@code protocolVersion}).
   *
   * @param signingChainId the genesis's {@code signingChainId}, which every signed read request names
   */
  public AuditContract(org.medledger.crypto.CryptoSuite suite, String signingChainId) {
    this(suite, signingChainId, BreakGlassCheck.GENESIS_CONFIRMED_CLINICIAN, 1);
  }

  /**
   * @param breakGlass who among the clinicians may break the glass (credentials, when the genesis runs them)
   * @param startingProtocolVersion the genesis's {@code protocolVersion}: a chain founded at
   *     {@link #LEAST_PRIVILEGE_PROTOCOL_VERSION} or later is under the rule from its first block
   */
  public AuditContract(org.medledger.crypto.CryptoSuite suite, String signingChainId, BreakGlassCheck breakGlass,
      int startingProtocolVersion) {
    this.suite = suite;
    this.hash = suite.hash();
    this.signingChainId = signingChainId;
    this.breakGlass = breakGlass;
    this.startingProtocolVersion = startingProtocolVersion;
  }

  @Override
  public String name() {
    return NAME;
  }

  /** The shapes of its keys (docs/receipts.md, "State keys"); a proof of absence is given only for these. */
  @Override
  public java.util.List<org.medledger.core.runtime.StateKeyForm> stateKeyForms() {
    return org.medledger.core.runtime.StateKeyForm.of("patient/{hash}/{...}", "record/{hash}/{...}", "request/{hash}/{nonce}");
  }

  private static final Arg<List<AccessEvent>> EVENTS = Arg.encoded("events", "access event batch",
      bytes -> AccessEvent.decodeBatch(bytes, MAX_EVENTS_PER_TRANSACTION));

  private final MethodTable methods = MethodTable.of(NAME)
      .tx("log", Roles.of("node"), Weight.ONE, this::log, EVENTS)
      .unknownQuery("audit is read through the patient's view (AuditContract.ofPatient)")
      .build();

  @Override
  protected MethodTable methods() {
    return methods;
  }

  private void log(ContractContext ctx) throws ContractException {
    if (!HealthRoles.NODE.equals(ctx.caller().role())) {
      throw new ContractException("forbidden", "only a member node's policy point logs accesses (the caller's role is "
          + ctx.caller().role() + ")");
    }
    List<AccessEvent> events = EVENTS.in(ctx);
    int i = 0;
    for (AccessEvent reported : events) {
      check(ctx, reported, i);
      AccessEvent e = reported.witnessed(ctx.caller().certificateId(), ctx.caller().organisation(), ctx.blockHeight());
      String suffix = String.format("%016x/%s/%04x", ctx.blockHeight(), ctx.transactionId().hex(), i);
      ctx.put(patientKey(e.patient()) + suffix, e.encode());
      ctx.put("record/" + e.record().hex() + "/" + suffix, e.patient().value().toBytes());
      i++;
    }
    ctx.emit("AccessesLogged", Args.of("count", Integer.toString(events.size())));
  }

  private void check(ContractContext ctx, AccessEvent e, int index) throws ContractException {
    byte[] rec = ctx.read(RecordContract.NAME, "record/" + e.record().hex());
    if (rec == null) {
      // A refused read of an unknown record names no patient: nothing to file it under.
      throw new ContractException("unknown_record", "event " + index + ": record " + e.record() + " is not registered");
    }
    HealthRecordEntry entry = HealthRecordEntry.decode(rec);
    if (!entry.patient().equals(e.patient())) {
      throw new ContractException("invalid_argument", "event " + index + ": record " + e.record() + " is not that patient's");
    }
    if (e.served() == (e.basis() == AccessDecision.Basis.NONE)) {
      throw new ContractException("invalid_argument", "event " + index + ": a served read has a basis, a refused one none");
    }
    if (!e.organisation().equals(ctx.caller().organisation())) {
      throw new ContractException("forbidden", "event " + index + ": the node of " + ctx.caller().organisation()
          + " logs only its own organisation's reads, not " + e.organisation() + "'s");
    }
    if (Math.abs(e.time() - ctx.blockTimestamp()) > MAX_EVENT_SKEW_MILLIS) {
      throw new ContractException("invalid_argument", "event " + index + ": its time " + e.time() + " is more than "
          + MAX_EVENT_SKEW_MILLIS + " ms from the block's " + ctx.blockTimestamp());
    }
    MemberCertificate requester = ctx.member(e.requester()).orElseThrow(() -> new ContractException("unknown_requester",
        "event " + index + ": requester " + e.requester() + " is not a registered, valid certificate"));
    if (!requester.organisation().equals(e.organisation()) || !requester.role().wireName().equals(e.role())) {
      throw new ContractException("invalid_argument", "event " + index + ": requester " + e.requester() + " is a "
          + requester.role().wireName() + " of " + requester.organisation() + ", not a " + e.role() + " of " + e.organisation());
    }
    checkRequest(ctx, e, requester, index);
    Caller who = Membership.caller(requester);
    switch (e.basis()) {
      case CONSENT -> checkConsent(ctx, e, entry, who, index);
      case BREAK_GLASS -> {
        if (!HealthRoles.CLINICIAN.equals(who.role()) || e.purpose() != PurposeOfUse.ETREAT || e.reason().isBlank()) {
          throw new ContractException("invalid_argument", "event " + index + ": only a clinician breaks the glass, for"
              + " ETREAT, with a stated reason");
        }
        try {
          breakGlass.requireMayBreakGlass(ctx, who);
        } catch (ContractException refused) {
          throw new ContractException(refused.code(), "event " + index + ": " + refused.getMessage());
        }
      }
      case CUSTODIAN -> {
        if (!HealthRoles.isCareGiver(who) || !entry.custodian().equals(who.organisation())) {
          throw new ContractException("invalid_argument", "event " + index + ": " + who.role() + " of "
              + who.organisation() + " is not of the record's custodian, " + entry.custodian());
        }
        if (!HealthRoles.readsClinicalContent(who) && leastPrivilegeInForce(ctx)) {
          throw new ContractException("invalid_argument", "event " + index + ": an admin of " + who.organisation()
              + " reads no clinical content on the custodian ground (from protocol version "
              + LEAST_PRIVILEGE_PROTOCOL_VERSION + ")");
        }
      }
      case PATIENT -> {
        PatientId own = PatientId.of(hash, requester.publicKey().getEncoded());
        if (!"patient".equals(who.role()) || !PatientContract.samePerson(new OtherNamespaces(ctx), own, e.patient())) {
          throw new ContractException("invalid_argument", "event " + index + ": requester " + e.requester()
              + " does not hold the patient's key");
        }
      }
      case NONE -> { }
    }
  }

  /**
   * The requester's own signed request for this read (issue 20 finding 2): checked against her
   * registered certificate, and its nonce spent once, so a node can neither make up a read by one
   * of its own members who never asked nor replay one she made.
   */
  private void checkRequest(ContractContext ctx, AccessEvent e, MemberCertificate requester, int index) throws ContractException {
    if (e.request().isEmpty()) {
      if (ReadRequestCheck.required(requester.role().wireName(), e.basis())) {
        throw new ContractException("missing_request", "event " + index + ": a read by a " + requester.role().wireName()
            + " needs the requester's signed read request, and the event carries none");
      }
      return;
    }
    SignedReadRequest signed = e.request().get();
    java.util.Optional<String> problem = ReadRequestCheck.problem(suite, signingChainId, e, signed, requester.publicKey(),
        ctx.blockTimestamp());
    if (problem.isPresent()) {
      throw new ContractException("invalid_request", "event " + index + ": " + problem.get());
    }
    String spent = requestKey(signed.request());
    if (ctx.get(spent) != null) {
      throw new ContractException("already_used", "event " + index + ": read request " + signed.request().nonce()
          + " of " + e.requester() + " was already logged");
    }
    ctx.put(spent, new byte[] {1});
  }

  /** Where a read request's nonce is spent: {@code request/<requester>/<nonce>}. */
  static String requestKey(ReadRequest r) {
    return "request/" + r.requester().hex() + "/" + r.nonce().hex();
  }

  /** Whether this read request was already logged on the ledger. */
  public static boolean spent(StateReader state, ReadRequest r) {
    return state.get(StateKeys.of(NAME, requestKey(r))) != null;
  }

  /** The consent cited must be this patient's, name the requester, and cover the purpose, record and time. */
  private void checkConsent(ContractContext ctx, AccessEvent e, HealthRecordEntry entry, Caller who, int index)
      throws ContractException {
    byte[] c = ctx.read(ConsentContract.NAME, "consent/" + e.consent().hex());
    ConsentRecord consent = c == null ? null : ConsentRecord.decode(c);
    if (consent == null || !consent.grant().patient().equals(e.patient())) {
      throw new ContractException("invalid_argument", "event " + index + ": consent " + e.consent() + " is not one of this patient's");
    }
    if (!consent.grant().grantee().covers(who) || !consent.grant().purposes().contains(e.purpose())
        || !consent.grant().covers(entry.category(), e.record())) {
      throw new ContractException("invalid_argument", "event " + index + ": consent " + e.consent()
          + " does not let " + who.organisation() + " read this record for " + e.purpose().name());
    }
    if (!consent.grant().grantee().servesContentTo(who) && leastPrivilegeInForce(ctx)) {
      throw new ContractException("invalid_argument", "event " + index + ": consent " + e.consent() + " names "
          + who.organisation() + ", and " + (HealthRoles.ADMIN.equals(who.role()) ? "an admin" : "a " + who.role())
          + " of it reads no clinical content under it (from protocol version "
          + LEAST_PRIVILEGE_PROTOCOL_VERSION + ")");
    }
    // In force at the event's time: a revocation committed after it does not make an honest
    // node's event false, one committed before it does.
    ConsentRecord at = consent;
    for (int depth = 0; ; depth++) {
      boolean revokedBefore = at.revoked() && at.revokedTimestamp() <= e.time();
      if (depth == 8 || revokedBefore || e.time() < at.grant().start() || e.time() >= at.grant().end()) {
        throw new ContractException("invalid_argument", "event " + index + ": consent " + e.consent()
            + " was not in force at the event's time " + e.time());
      }
      if (!at.delegated()) {
        break;
      }
      byte[] parent = ctx.read(ConsentContract.NAME, "consent/" + at.parent().hex());
      if (parent == null) {
        throw new ContractException("invalid_argument", "event " + index + ": consent " + e.consent() + " has no parent");
      }
      at = ConsentRecord.decode(parent);
    }
  }

  /**
   * Whether the block runs under the least-privilege rule: read only for an admin's event, so the
   * weight of every other event (and of the recorded history) stays as it was.
   */
  private boolean leastPrivilegeInForce(ContractContext ctx) {
    return org.medledger.core.governance.ProtocolUpgrades.versionAt(startingProtocolVersion,
        new org.medledger.core.runtime.OtherContractsState(ctx), ctx.blockHeight()) >= LEAST_PRIVILEGE_PROTOCOL_VERSION;
  }

  /** Full-key reads of other contracts' state through the context, so this block's writes count. */
  private record OtherNamespaces(ContractContext ctx) implements StateReader {
    @Override
    public byte[] get(byte[] key) {
      int sep = 0;
      while (key[sep] != 0) {
        sep++;
      }
      return ctx.read(new String(key, 0, sep, java.nio.charset.StandardCharsets.UTF_8),
          new String(key, sep + 1, key.length - sep - 1, java.nio.charset.StandardCharsets.UTF_8));
    }

    @Override
    public void scan(byte[] prefix, java.util.function.BiPredicate<byte[], byte[]> visitor) {
      throw new UnsupportedOperationException("the audit's checks never scan");
    }
  }

  /** Every logged access to this patient's records, oldest first. */
  public static List<AccessEvent> ofPatient(StateReader state, PatientId patient) {
    List<AccessEvent> out = new ArrayList<>();
    state.scan(StateKeys.of(NAME, patientKey(patient)), (k, v) -> {
      out.add(AccessEvent.decode(v));
      return true;
    });
    return out;
  }

  /**
   * Every logged access to this patient's records, oldest first, each with a stable id: {@code
   * <height>-<transaction id>-<index in the transaction>}.
   */
  public static void visit(StateReader state, PatientId patient, java.util.function.BiConsumer<String, AccessEvent> visitor) {
    String prefix = patientKey(patient);
    state.scan(StateKeys.of(NAME, prefix), (k, v) -> {
      String[] parts = StateKeys.localKey(NAME, k).substring(prefix.length()).split("/");
      visitor.accept(Long.parseLong(parts[0], 16) + "-" + parts[1] + "-" + Integer.parseInt(parts[2], 16), AccessEvent.decode(v));
      return true;
    });
  }

  /** Every logged access to one record, oldest first. */
  public static List<AccessEvent> ofRecord(StateReader state, Hash record) {
    List<AccessEvent> out = new ArrayList<>();
    String prefix = "record/" + record.hex() + "/";
    state.scan(StateKeys.of(NAME, prefix), (k, v) -> {
      String suffix = StateKeys.localKey(NAME, k).substring(prefix.length());
      byte[] e = state.get(StateKeys.of(NAME, patientKey(new PatientId(Hash.of(v))) + suffix));
      if (e != null) {
        out.add(AccessEvent.decode(e));
      }
      return true;
    });
    return out;
  }

  static String patientKey(PatientId p) {
    return "patient/" + p + "/";
  }
}
