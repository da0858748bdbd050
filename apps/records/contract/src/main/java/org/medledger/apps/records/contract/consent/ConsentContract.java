package org.medledger.apps.records.contract.consent;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import org.medledger.apps.records.contract.access.HealthRoles;
import org.medledger.core.codec.CanonicalWriter;
import org.medledger.core.codec.DecodeException;
import org.medledger.apps.records.contract.patient.PatientContract;
import org.medledger.apps.records.contract.patient.PatientId;
import org.medledger.apps.records.contract.patient.PatientRecord;
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
import org.medledger.crypto.CryptoSuite;
import org.medledger.crypto.Hash;

/**
 * Patient consent, enforced by the ledger. {@code grant}: a {@link ConsentGrant} signed with the
 * registered patient's key, relayed by any member (the hospital's wallet for a custodial patient,
 * or the patient's own app). {@code revoke}: the patient's signature over {@link
 * ConsentRevocation}, or, for a delegated consent, a clinician or admin of the organisation that
 * delegated it. {@code delegate}: a clinician or admin of an organisation holding a delegable
 * consent passes a narrower one on to another organisation (a referral); it lasts no longer than
 * its parent and falls with it.
 */
public final class ConsentContract extends DeclaredContract {
  public static final String NAME = "consent";
  private final CryptoSuite suite;
  private final String chainId;

  public ConsentContract(CryptoSuite suite, String chainId) {
    this.suite = suite;
    this.chainId = chainId;
  }

  private static final long DAY_MILLIS = 86_400_000L;
  /** The longest a consent may run from when it takes effect: five years (policy, every validator alike). */
  public static final long MAX_CONSENT_MILLIS = 5 * 366 * DAY_MILLIS;

  @Override
  public String name() {
    return NAME;
  }

  /** The shapes of its keys (docs/receipts.md, "State keys"); a proof of absence is given only for these. */
  @Override
  public java.util.List<org.medledger.core.runtime.StateKeyForm> stateKeyForms() {
    return org.medledger.core.runtime.StateKeyForm.of("consent/{hash}", "patient/{hash}/{hash}", "grantee/{grantee}/{hash}");
  }

  private static final Arg<byte[]> GRANT = Arg.hex("grant");
  private static final Arg<byte[]> SIGNATURE = Arg.hex("signature");
  private static final Arg<Hash> PARENT = Arg.hash("parent");
  private static final Arg<Hash> CONSENT = Arg.hash("consent");
  // A delegation's terms: bad values throw IllegalArgumentException, refused together with the
  // grant they make ("invalid_argument" with the parser's own words), as before.
  private static final Arg<TreeSet<Hash>> RECORDS = Arg.of("records", "hash list", v -> {
    TreeSet<Hash> out = new TreeSet<>();
    for (String r : list(v)) {
      out.add(Hash.fromHex(r));
    }
    return out;
  });
  private static final Arg<TreeSet<PurposeOfUse>> PURPOSES = Arg.of("purposes", "purpose list", v -> {
    TreeSet<PurposeOfUse> out = new TreeSet<>();
    for (String p : list(v)) {
      out.add(PurposeOfUse.parse(p));
    }
    return out;
  });
  private static final Arg<Long> END = Arg.of("end", "millis", Long::parseLong);
  private static final Arg<Grantee> GRANTEE = Arg.of("grantee", "grantee", Grantee::parse);
  private static final Arg<TreeSet<String>> CATEGORIES = Arg.of("categories", "category list", v -> new TreeSet<>(list(v)));
  private static final Arg<String> REFERENCE = Arg.text("reference");
  private static final Arg<Long> TIME = Arg.of("time", "millis", Long::parseLong);

  /** A grant and a revocation carry the patient's signature: she submits them, or a caregiver or node relays them. */
  private final MethodTable methods = MethodTable.of(NAME)
      .tx("grant", Roles.of("patient", "clinician", "admin", "node"), Weight.ONE, this::grant, GRANT, SIGNATURE)
      .tx("revoke", Roles.of("patient", "clinician", "admin", "node"), Weight.ONE, this::revoke, CONSENT,
          SIGNATURE.optional())
      .tx("delegate", Roles.of("clinician", "admin"), Weight.ONE, this::delegate, PARENT, RECORDS.optional(), PURPOSES,
          END, GRANTEE, CATEGORIES.optional(), REFERENCE)
      .query("consent", this::consent, CONSENT, TIME.optional())
      .build();

  @Override
  protected MethodTable methods() {
    return methods;
  }

  private void grant(ContractContext ctx) throws ContractException {
    byte[] bytes = GRANT.in(ctx);
    byte[] signature = SIGNATURE.in(ctx);
    ConsentGrant grant;
    try {
      grant = ConsentGrant.decode(bytes);
    } catch (DecodeException e) {
      throw new ContractException("invalid_argument", "grant: " + e.getMessage());
    }
    if (!grant.chainId().equals(chainId)) {
      throw new ContractException("invalid_argument", "the grant is for chain '" + grant.chainId() + "', not '" + chainId + "'");
    }
    PatientRecord patient = PatientContract.find(ctx, grant.patient()).orElseThrow(
        () -> new ContractException("unknown_patient", "patient " + grant.patient() + " is not registered"));
    if (!verifies(patient.publicKey(), bytes, signature)) {
      throw new ContractException("invalid_signature", "the grant's signature does not verify with patient " + grant.patient() + "'s key");
    }
    if (grant.end() <= ctx.blockTimestamp()) {
      throw new ContractException("already_expired", "the consent period ended at " + grant.end() + ", before this block (" + ctx.blockTimestamp() + ")");
    }
    if (grant.end() - Math.max(grant.start(), ctx.blockTimestamp()) > MAX_CONSENT_MILLIS) {
      // Policy: a consent ends; one that runs to the end of time outlives the care it was for
      // (issue 22, finding 12). The patient renews it.
      throw new ContractException("too_long", "a consent runs at most " + MAX_CONSENT_MILLIS / DAY_MILLIS
          + " days from when it takes effect; this one ends at " + grant.end());
    }
    Hash id = grant.id(suite.hash());
    store(ctx, new ConsentRecord(id, grant, signature, Hash.ZERO, ctx.caller().organisation(), ctx.blockHeight(),
        ctx.blockTimestamp(), false, 0, 0, ""));
  }

  private void delegate(ContractContext ctx) throws ContractException {
    HealthRoles.requireCareGiver(ctx.caller(), "delegate a consent");
    Hash parentId = PARENT.in(ctx);
    ConsentRecord parent = find(ctx, parentId).orElseThrow(
        () -> new ContractException("not_found", "consent " + parentId + " does not exist"));
    if (!parent.grant().delegable() || !parent.grant().grantee().organisation()
        || !parent.grant().grantee().value().equals(ctx.caller().organisation())) {
      throw new ContractException("forbidden", "consent " + parentId + " does not let " + ctx.caller().organisation() + " delegate");
    }
    if (!inForce(ctx, parent, ctx.blockTimestamp())) {
      throw new ContractException("not_in_force", "consent " + parentId + " is not in force");
    }
    ConsentGrant child;
    try {
      TreeSet<Hash> records = RECORDS.ifGiven(ctx).orElseGet(TreeSet::new);
      TreeSet<PurposeOfUse> purposes = PURPOSES.in(ctx);
      long end = END.in(ctx);
      child = new ConsentGrant(chainId, parent.grant().patient(), GRANTEE.in(ctx),
          CATEGORIES.ifGiven(ctx).orElseGet(TreeSet::new), records, purposes,
          Math.max(ctx.blockTimestamp(), parent.grant().start()), end, false, REFERENCE.in(ctx));
    } catch (IllegalArgumentException e) {
      throw new ContractException("invalid_argument", e.getMessage());
    }
    if (!parent.grant().contains(child)) {
      throw new ContractException("exceeds_parent", "a delegated consent may not name more data, purposes or time than consent " + parentId);
    }
    Hash id = Hash.of(suite.hash().hash(new CanonicalWriter(256).string("medledger/consent-delegation/v1")
        .fixed(parentId.unsafeBytes(), Hash.LENGTH).bytes(child.encode()).toByteArray()));
    store(ctx, new ConsentRecord(id, child, new byte[0], parentId, ctx.caller().organisation(), ctx.blockHeight(),
        ctx.blockTimestamp(), false, 0, 0, ""));
  }

  private void store(ContractContext ctx, ConsentRecord c) throws ContractException {
    if (ctx.get(key(c.id())) != null) {
      throw new ContractException("already_granted", "consent " + c.id() + " is already on the ledger");
    }
    ctx.put(key(c.id()), c.encode());
    ctx.put(patientIndex(c.grant().patient(), c.id()), new byte[] {1});
    ctx.put(granteeIndex(c.grant().grantee(), c.id()), new byte[] {1});
    ctx.emit(c.delegated() ? "ConsentDelegated" : "ConsentGranted", Args.of("consent", c.id().hex(),
        "patient", c.grant().patient().toString(), "grantee", c.grant().grantee().toString(),
        "purposes", String.join(",", c.grant().purposes().stream().map(Enum::name).toList()),
        "start", Long.toString(c.grant().start()), "end", Long.toString(c.grant().end())));
  }

  private void revoke(ContractContext ctx) throws ContractException {
    Hash id = CONSENT.in(ctx);
    ConsentRecord c = find(ctx, id).orElseThrow(() -> new ContractException("not_found", "consent " + id + " does not exist"));
    if (c.revoked()) {
      throw new ContractException("already_revoked", "consent " + id + " was revoked at height " + c.revokedHeight());
    }
    String by;
    if (SIGNATURE.given(ctx)) {
      PatientRecord patient = PatientContract.find(ctx, c.grant().patient()).orElseThrow(
          () -> new ContractException("unknown_patient", "patient " + c.grant().patient() + " is not registered"));
      if (!verifies(patient.publicKey(), ConsentRevocation.statement(chainId, id), SIGNATURE.ifGiven(ctx).orElseThrow())) {
        throw new ContractException("invalid_signature", "the revocation's signature does not verify with the patient's key");
      }
      by = "patient";
    } else if (c.delegated() && HealthRoles.isCareGiver(ctx.caller()) && ctx.caller().organisation().equals(c.recordedBy())) {
      by = "org:" + ctx.caller().organisation();
    } else {
      throw new ContractException("forbidden", "a consent is revoked with the patient's signature"
          + (c.delegated() ? " or by the organisation that delegated it (" + c.recordedBy() + ")" : ""));
    }
    ctx.put(key(id), c.revokedAt(ctx.blockHeight(), ctx.blockTimestamp(), by).encode());
    ctx.emit("ConsentRevoked", Args.of("consent", id.hex(), "patient", c.grant().patient().toString(), "by", by));
  }

  private SortedMap<String, String> consent(StateReader state, Args args) throws ContractException {
    Hash id = CONSENT.inQuery(args);
    long at = TIME.ifGiven(args).orElse(0L);
    return find(state, id).map(c -> c.toMap(at)).orElseThrow(() -> new ContractException("not_found", "consent " + id + " does not exist"));
  }

  public static Optional<ConsentRecord> find(StateReader state, Hash id) {
    byte[] v = state.get(StateKeys.of(NAME, key(id)));
    return v == null ? Optional.empty() : Optional.of(ConsentRecord.decode(v));
  }

  private static Optional<ConsentRecord> find(ContractContext ctx, Hash id) {
    byte[] v = ctx.get(key(id));
    return v == null ? Optional.empty() : Optional.of(ConsentRecord.decode(v));
  }

  /** Whether the consent, and every consent it was delegated from, is in force at {@code time}. */
  public static boolean inForce(StateReader state, ConsentRecord c, long time) {
    ConsentRecord at = c;
    for (int depth = 0; depth < 8; depth++) {
      if (!at.inForceAt(time)) {
        return false;
      }
      if (!at.delegated()) {
        return true;
      }
      Optional<ConsentRecord> parent = find(state, at.parent());
      if (parent.isEmpty()) {
        return false;
      }
      at = parent.get();
    }
    return false;
  }

  private static boolean inForce(ContractContext ctx, ConsentRecord c, long time) {
    return inForce(new StateReader() {
      @Override
      public byte[] get(byte[] key) {
        return ctx.get(StateKeys.localKey(NAME, key));
      }

      @Override
      public void scan(byte[] prefix, java.util.function.BiPredicate<byte[], byte[]> visitor) {
        throw new UnsupportedOperationException("consent lookups never scan");
      }
    }, c, time);
  }

  /** Every consent of this patient, oldest id first, whatever its status. */
  public static List<ConsentRecord> ofPatient(StateReader state, PatientId patient) {
    List<ConsentRecord> out = new ArrayList<>();
    String prefix = "patient/" + patient + "/";
    state.scan(StateKeys.of(NAME, prefix), (k, v) -> {
      find(state, Hash.fromHex(StateKeys.localKey(NAME, k).substring(prefix.length()))).ifPresent(out::add);
      return true;
    });
    return out;
  }

  static String key(Hash id) {
    return "consent/" + id.hex();
  }

  static String patientIndex(PatientId p, Hash id) {
    return "patient/" + p + "/" + id.hex();
  }

  static String granteeIndex(Grantee g, Hash id) {
    return "grantee/" + g + "/" + id.hex();
  }

  private boolean verifies(byte[] publicKey, byte[] message, byte[] signature) {
    try {
      return suite.signatures().verifier(suite.signatures().decodePublicKey(publicKey)).verify(message, signature);
    } catch (RuntimeException e) {
      return false;
    }
  }

  private static List<String> list(String commaSeparated) {
    List<String> out = new ArrayList<>();
    for (String s : commaSeparated.split(",")) {
      if (!s.isBlank()) {
        out.add(s.trim());
      }
    }
    return out;
  }


}
