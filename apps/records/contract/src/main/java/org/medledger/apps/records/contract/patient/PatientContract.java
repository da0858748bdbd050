package org.medledger.apps.records.contract.patient;

import java.util.SortedMap;
import java.util.TreeMap;
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
import org.medledger.crypto.EncryptionKeyCertificate;
import org.medledger.crypto.UncertifiedKeyException;

/**
 * The patient registry. {@code register}: a hospital's clinician or admin registers a patient by
 * the patient's public key (custodial, kept in the hospital's wallet, or held by the patient) and
 * her signature naming the hospital ({@link CareRegistration}), and optionally her encryption key
 * certified by that key ({@code encryptionKeyCertificate}, set once: records are wrapped for her
 * only to it); a second hospital registering the
 * same key with her signature naming it joins the patient's care list. {@code link}: two
 * registered ids are tied by a {@link PatientLink} that both keys signed, relayed by any member.
 */
public final class PatientContract extends DeclaredContract {
  public static final String NAME = "patients";
  private final CryptoSuite suite;
  private final String chainId;

  public PatientContract(CryptoSuite suite, String chainId) {
    this.suite = suite;
    this.chainId = chainId;
  }

  @Override
  public String name() {
    return NAME;
  }

  /** The shapes of its keys (docs/receipts.md, "State keys"); a proof of absence is given only for these. */
  @Override
  public java.util.List<org.medledger.core.runtime.StateKeyForm> stateKeyForms() {
    return org.medledger.core.runtime.StateKeyForm.of("patient/{hash}", "care/{hash}/{organisation}", "link/{hash}/{hash}");
  }

  /** A patient id: 64 lower-case hex characters ("patient: …" when not). */
  public static final Arg<PatientId> PATIENT = Arg.parsed("patient", "patient id", PatientId::parse);
  private static final Arg<String> CUSTODY = Arg.text("custody");
  private static final Arg<byte[]> SIGNATURE = Arg.hex("signature");
  private static final Arg<byte[]> ENCRYPTION_KEY_CERTIFICATE = Arg.hex("encryptionKeyCertificate");
  private static final Arg<byte[]> FIRST_SIGNATURE = Arg.hex("firstSignature");
  private static final Arg<byte[]> SECOND_SIGNATURE = Arg.hex("secondSignature");
  private final Arg<byte[]> publicKey = publicKeyArg("publicKey");
  private final Arg<byte[]> firstKey = publicKeyArg("firstKey");
  private final Arg<byte[]> secondKey = publicKeyArg("secondKey");

  /** A link carries both patients' signatures, so anyone who cares for them (or she) may relay it. */
  private final MethodTable methods = MethodTable.of(NAME)
      .tx("register", Roles.of("clinician", "admin", "node"), Weight.ONE, this::register,
          publicKey, CUSTODY.optional(), SIGNATURE, ENCRYPTION_KEY_CERTIFICATE.optional())
      .tx("link", Roles.of("clinician", "admin", "node", "patient"), Weight.ONE, this::link,
          firstKey, FIRST_SIGNATURE, secondKey, SECOND_SIGNATURE)
      .query("patient", this::patient, PATIENT)
      .build();

  @Override
  protected MethodTable methods() {
    return methods;
  }

  private void register(ContractContext ctx) throws ContractException {
    // A hospital's node registers the custodial patients of its wallet for its organisation.
    if (!org.medledger.apps.records.contract.access.HealthRoles.NODE.equals(ctx.caller().role())) {
      org.medledger.apps.records.contract.access.HealthRoles.requireCareGiver(ctx.caller(), "register a patient");
    }
    byte[] key = publicKey.in(ctx);
    String custody = CUSTODY.ifGiven(ctx).orElse("custodial");
    if (!custody.equals("custodial") && !custody.equals("self")) {
      throw new ContractException("invalid_argument", "custody must be 'custodial' or 'self', not '" + custody + "'");
    }
    PatientId id = PatientId.of(suite.hash(), key);
    String org = ctx.caller().organisation();
    if (ctx.get(careKey(id, org)) != null) {
      throw new ContractException("already_registered", "patient " + id + " is already registered at " + org);
    }
    byte[] signature = SIGNATURE.in(ctx);
    if (!CareRegistration.verifies(suite, key, chainId, org, signature)) {
      throw new ContractException("invalid_signature", "the patient's signature (medledger/care/v1 naming " + org
          + ") does not verify with the key being registered: only the patient, or her custodian's wallet, puts her in "
          + org + "'s care");
    }
    java.util.Optional<EncryptionKeyCertificate> encryption = encryptionKey(ctx, id, key);
    byte[] existing = ctx.get(key(id));
    if (existing == null) {
      ctx.put(key(id), new PatientRecord(id, key, custody.equals("custodial"), org, ctx.blockHeight(), ctx.blockTimestamp(),
          encryption).encode());
    } else if (encryption.isPresent()) {
      PatientRecord p = PatientRecord.decode(existing);
      if (p.encryptionKeyCertificate().isEmpty()) {
        ctx.put(key(id), p.withEncryptionKey(encryption.get()).encode());
      } else if (!p.encryptionKeyCertificate().get().equals(encryption.get())) {
        // Set once: records already wrapped to her key stay hers, and no later registration swaps it.
        throw new ContractException("encryption_key_set", "patient " + id + " already has an encryption key; a registration"
            + " at " + org + " cannot replace it");
      }
    }
    ctx.put(careKey(id, org), Long.toString(ctx.blockHeight()).getBytes(java.nio.charset.StandardCharsets.UTF_8));
    ctx.emit("PatientRegistered", Args.of("patient", id.toString(), "organisation", org));
  }

  private void link(ContractContext ctx) throws ContractException {
    PatientLink link = new PatientLink(chainId, firstKey.in(ctx), FIRST_SIGNATURE.in(ctx), secondKey.in(ctx),
        SECOND_SIGNATURE.in(ctx));
    var problem = link.problem(suite, chainId);
    if (problem.isPresent()) {
      throw new ContractException("invalid_signature", "patient link: " + problem.get());
    }
    PatientId a = link.first(suite);
    PatientId b = link.second(suite);
    PatientRecord[] records = new PatientRecord[2];
    PatientId[] ids = {a, b};
    for (int i = 0; i < 2; i++) {
      byte[] v = ctx.get(key(ids[i]));
      if (v == null) {
        throw new ContractException("unknown_patient", "patient " + ids[i] + " is not registered");
      }
      records[i] = PatientRecord.decode(v);
    }
    if (records[0].custodial() && records[1].custodial() && records[0].registeredBy().equals(records[1].registeredBy())) {
      // Both keys sit in one custodian's wallet: both signatures are that custodian's word alone,
      // and it could link two different people (issue 22, finding 12).
      throw new ContractException("custodian_only", "both ids' keys are kept by " + records[0].registeredBy()
          + "'s wallet: a link needs a key the patient holds herself, or a second custodian's");
    }
    if (ctx.get(linkKey(a, b)) != null) {
      throw new ContractException("already_linked", "patients " + a + " and " + b + " are already linked");
    }
    byte[] marker = {1};
    ctx.put(linkKey(a, b), marker);
    ctx.put(linkKey(b, a), marker);
    ctx.emit("PatientsLinked", Args.of("first", a.toString(), "second", b.toString()));
  }

  private SortedMap<String, String> patient(StateReader state, Args args) throws ContractException {
    // An absent id is refused as an invalid one ("patient: …"), as the REST API has always seen it.
    PatientId id = PATIENT.decode(args.get("patient").orElse(null));
    PatientRecord rec = find(state, id).orElseThrow(() -> new ContractException("unknown_patient", "patient " + id + " is not registered"));
    TreeMap<String, String> m = new TreeMap<>(rec.toMap());
    StringBuilder care = new StringBuilder();
    state.scan(StateKeys.of(NAME, "care/" + id + "/"), (k, v) -> {
      care.append(care.length() == 0 ? "" : ",").append(StateKeys.localKey(NAME, k).substring(("care/" + id + "/").length()));
      return true;
    });
    m.put("careOrganisations", care.toString());
    StringBuilder linked = new StringBuilder();
    state.scan(StateKeys.of(NAME, "link/" + id + "/"), (k, v) -> {
      linked.append(linked.length() == 0 ? "" : ",").append(StateKeys.localKey(NAME, k).substring(("link/" + id + "/").length()));
      return true;
    });
    m.put("linkedIds", linked.toString());
    return m;
  }

  /** The registered patient, read from the committed state or a block's pending state. */
  public static java.util.Optional<PatientRecord> find(StateReader state, PatientId id) {
    byte[] v = state.get(StateKeys.of(NAME, key(id)));
    return v == null ? java.util.Optional.empty() : java.util.Optional.of(PatientRecord.decode(v));
  }

  /** Reads a patient record from within another contract. */
  public static java.util.Optional<PatientRecord> find(ContractContext ctx, PatientId id) {
    byte[] v = ctx.read(NAME, key(id));
    return v == null ? java.util.Optional.empty() : java.util.Optional.of(PatientRecord.decode(v));
  }

  /** True when {@code a} and {@code b} are the same id or linked by a signed {@link PatientLink}. */
  public static boolean samePerson(StateReader state, PatientId a, PatientId b) {
    return a.equals(b) || state.get(StateKeys.of(NAME, linkKey(a, b))) != null;
  }

  /** Whether {@code organisation} is in the patient's care list, from within another contract. */
  public static boolean caredForBy(ContractContext ctx, PatientId id, String organisation) {
    return ctx.read(NAME, careKey(id, organisation)) != null;
  }

  /** Whether {@code organisation} registered this patient (so cares for them). */
  public static boolean caredForBy(StateReader state, PatientId id, String organisation) {
    return state.get(StateKeys.of(NAME, careKey(id, organisation))) != null;
  }

  public static PatientId patientArg(String hex) throws ContractException {
    return PATIENT.decode(hex);
  }

  static String key(PatientId id) {
    return "patient/" + id;
  }

  static String careKey(PatientId id, String org) {
    return "care/" + id + "/" + org;
  }

  static String linkKey(PatientId a, PatientId b) {
    return "link/" + a + "/" + b;
  }

  /**
   * The optional {@code encryptionKeyCertificate} argument: her encryption key, which must be
   * certified by the key being registered, for her, on this chain ({@link EncryptionKeyCertificate}).
   */
  private java.util.Optional<EncryptionKeyCertificate> encryptionKey(ContractContext ctx, PatientId id, byte[] signingKey)
      throws ContractException {
    java.util.Optional<byte[]> arg = ENCRYPTION_KEY_CERTIFICATE.ifGiven(ctx);
    if (arg.isEmpty()) {
      return java.util.Optional.empty();
    }
    EncryptionKeyCertificate c;
    try {
      c = EncryptionKeyCertificate.decode(arg.get());
      c.certify(suite, chainId, EncryptionKeyCertificate.patientHolder(id.toString()),
          suite.signatures().decodePublicKey(signingKey));
    } catch (IllegalArgumentException | UncertifiedKeyException e) {
      throw new ContractException("uncertified_key", "encryptionKeyCertificate: " + e.getMessage());
    }
    return java.util.Optional.of(c);
  }

  /** Hex of a public key of this chain's suite (X.509 SubjectPublicKeyInfo). */
  private Arg<byte[]> publicKeyArg(String field) {
    return Arg.hex(field).then("public key", key -> checkPublicKey(key, field));
  }

  private byte[] checkPublicKey(byte[] key, String field) throws ContractException {
    try {
      suite.signatures().decodePublicKey(key);
    } catch (RuntimeException e) {
      throw new ContractException("invalid_argument", field + " is not a " + suite.id() + " public key (X.509 SubjectPublicKeyInfo, hex)");
    }
    return key;
  }

}
