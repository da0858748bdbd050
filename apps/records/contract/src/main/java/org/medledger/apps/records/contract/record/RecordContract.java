package org.medledger.apps.records.contract.record;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SortedMap;
import java.util.regex.Pattern;
import org.medledger.apps.records.contract.access.HealthRoles;
import org.medledger.apps.records.contract.consent.Grantee;
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
 * The registry of off-chain health records. {@code register}: a custodian hospital's clinician or
 * admin (or its node) records a sealed record's hash, manifest and metadata, with the hashes of
 * its data key wrapped for the patient and for the custodian. {@code shareKey}: the custodian adds
 * the hash of the key wrapped for a reader who holds consent. {@code erase}: on the patient's
 * signed request, relayed by the custodian, the entries are marked erased and their key
 * commitments deleted; every node then destroys its shards and wrapped keys. Hashes, metadata
 * and the audit stay.
 *
 * <p>Wrapped keys never enter a transaction: blocks are kept forever, so a key in one could never
 * be destroyed. The ledger commits to each wrapped key by its hash; the bytes travel and rest
 * off-chain with the shards (docs/format.md, "Vault"), where erasure can reach them.
 */
public final class RecordContract extends DeclaredContract {
  public static final String NAME = "records";
  public static final int MAX_MANIFEST_BYTES = 16 * 1024;
  private static final Pattern RESOURCE_TYPE = Pattern.compile("[A-Z][A-Za-z]{0,63}");
  private static final Pattern CATEGORY = Pattern.compile("[a-z0-9][a-z0-9\\-]{0,31}");
  private static final Pattern REFERENCE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.:\\-]{0,63}");
  public static final String PATIENT_READER = "patient";
  private final CryptoSuite suite;
  private final String chainId;
  private final ManifestCheck manifests;
  private final RecordAuthorCheck authors;

  public RecordContract(CryptoSuite suite, String chainId, ManifestCheck manifests) {
    this(suite, chainId, manifests, RecordAuthorCheck.CARE_GIVER_ROLE);
  }

  /** @param authors who may author a record (credentials, when the genesis runs them) */
  public RecordContract(CryptoSuite suite, String chainId, ManifestCheck manifests, RecordAuthorCheck authors) {
    this.suite = suite;
    this.chainId = chainId;
    this.manifests = manifests;
    this.authors = authors;
  }

  @Override
  public String name() {
    return NAME;
  }

  /** The shapes of its keys (docs/receipts.md, "State keys"); a proof of absence is given only for these. */
  @Override
  public java.util.List<org.medledger.core.runtime.StateKeyForm> stateKeyForms() {
    return org.medledger.core.runtime.StateKeyForm.of("record/{hash}", "patient/{hash}/{hash}", "key/{hash}/{reader}", "erasure/{patient}/{custodian}/{...}");
  }

  private static final Arg<Hash> AUTHOR = Arg.hash("author");
  private static final Arg<Hash> RECORD = Arg.hash("record");
  private static final Arg<PatientId> PATIENT = PatientContract.PATIENT;
  private static final Arg<String> RESOURCE_TYPE_ARG = Arg.text("resourceType");
  private static final Arg<String> CATEGORY_ARG = Arg.text("category");
  private static final Arg<byte[]> MANIFEST = Arg.hex("manifest")
      .then("vault manifest", b -> bounded(b, MAX_MANIFEST_BYTES, "manifest"));
  private static final Arg<Hash> PATIENT_KEY_HASH = Arg.hash("patientKeyHash");
  private static final Arg<Hash> CUSTODIAN_KEY_HASH = Arg.hash("custodianKeyHash");
  private static final Arg<Grantee> READER = Arg.parsed("reader", "grantee", Grantee::parse);
  private static final Arg<Hash> WRAPPED_KEY_HASH = Arg.hash("wrappedKeyHash");
  private static final Arg<String> REFERENCE_ARG = Arg.text("reference");
  private static final Arg<byte[]> SIGNATURE = Arg.hex("signature");
  private static final Arg<Long> UP_TO_HEIGHT = Arg.of("upToHeight", "height", v -> {
    try {
      return Long.parseLong(v);
    } catch (NumberFormatException e) {
      throw new ContractException("invalid_argument", "upToHeight must be a block height in decimal");
    }
  });

  private final MethodTable methods = MethodTable.of(NAME)
      .tx("register", Roles.of("clinician", "admin", "node"), Weight.ONE, this::register, AUTHOR.optional(), RECORD,
          PATIENT, RESOURCE_TYPE_ARG, CATEGORY_ARG, MANIFEST, PATIENT_KEY_HASH, CUSTODIAN_KEY_HASH)
      .tx("shareKey", Roles.of("clinician", "admin", "node"), Weight.ONE, this::shareKey, RECORD, READER, WRAPPED_KEY_HASH)
      .tx("erase", Roles.of("clinician", "admin", "node"), Weight.ONE, this::erase, PATIENT, REFERENCE_ARG, SIGNATURE,
          UP_TO_HEIGHT)
      .query("record", this::record, RECORD)
      .build();

  @Override
  protected MethodTable methods() {
    return methods;
  }

  private void register(ContractContext ctx) throws ContractException {
    // A hospital's node registers what its clinicians store through it, naming the author.
    boolean byNode = HealthRoles.NODE.equals(ctx.caller().role());
    if (!byNode) {
      HealthRoles.requireCareGiver(ctx.caller(), "register a health record");
    }
    Hash author = byNode ? AUTHOR.in(ctx) : ctx.caller().certificateId();
    authors.requireMayAuthor(ctx, author);
    Hash record = RECORD.in(ctx);
    PatientId patient = PATIENT.in(ctx);
    String type = RESOURCE_TYPE_ARG.in(ctx);
    if (!RESOURCE_TYPE.matcher(type).matches()) {
      throw new ContractException("invalid_argument", "resourceType '" + type + "' must be a FHIR resource type name (e.g. DiagnosticReport, Bundle, Binary)");
    }
    String category = CATEGORY_ARG.in(ctx);
    if (!CATEGORY.matcher(category).matches()) {
      throw new ContractException("invalid_argument", "category '" + category + "' must be 1-32 characters of a-z 0-9 -");
    }
    byte[] manifest = MANIFEST.in(ctx);
    Optional<String> badManifest;
    try {
      badManifest = manifests.problem(record, manifest, new org.medledger.core.runtime.OtherContractsState(ctx),
          ctx.blockHeight());
    } catch (RuntimeException e) {
      badManifest = Optional.of(String.valueOf(e.getMessage()));
    }
    if (badManifest.isPresent()) {
      // A manifest no node can use would stop every node's repair and erasure sweep (issue 22, finding 6).
      throw new ContractException("invalid_manifest", "manifest of record " + record + ": " + badManifest.get());
    }
    Hash forPatient = PATIENT_KEY_HASH.in(ctx);
    Hash forCustodian = CUSTODIAN_KEY_HASH.in(ctx);
    if (PatientContract.find(ctx, patient).isEmpty()) {
      throw new ContractException("unknown_patient", "patient " + patient + " is not registered");
    }
    String custodian = ctx.caller().organisation();
    if (!PatientContract.caredForBy(ctx, patient, custodian)) {
      // Her "all records" consents would cover whatever is filed under her: only a hospital she
      // put in her care list (her signature, patients.register) files records under her.
      throw new ContractException("not_in_care", "patient " + patient + " has not put " + custodian
          + " in her care list (patients.register with her signature): it files no records under her");
    }
    if (ctx.get(key(record)) != null) {
      throw new ContractException("already_registered", "record " + record + " is already registered");
    }
    HealthRecordEntry e = new HealthRecordEntry(record, patient, type, category, custodian, author,
        manifest, ctx.blockHeight(), ctx.blockTimestamp(), false, 0, 0);
    ctx.put(key(record), e.encode());
    ctx.put(patientIndex(patient, record), new byte[] {1});
    ctx.put(keyCommitment(record, PATIENT_READER), forPatient.toBytes());
    ctx.put(keyCommitment(record, Grantee.organisation(custodian).toString()), forCustodian.toBytes());
    ctx.emit("RecordRegistered", Args.of("record", record.hex(), "patient", patient.toString(), "resourceType", type,
        "category", category, "custodian", custodian));
  }

  private void shareKey(ContractContext ctx) throws ContractException {
    if (!HealthRoles.NODE.equals(ctx.caller().role())) {
      HealthRoles.requireCareGiver(ctx.caller(), "share a record's data key");
    }
    Hash record = RECORD.in(ctx);
    HealthRecordEntry e = find(ctx, record);
    if (!e.custodian().equals(ctx.caller().organisation())) {
      throw new ContractException("forbidden", "only the custodian (" + e.custodian() + ") shares this record's key");
    }
    if (e.erased()) {
      throw new ContractException("erased", "record " + record + " was erased at height " + e.erasedHeight());
    }
    Grantee reader = READER.in(ctx);
    ctx.put(keyCommitment(record, reader.toString()), WRAPPED_KEY_HASH.in(ctx).toBytes());
    ctx.emit("KeyShared", Args.of("record", record.hex(), "reader", reader.toString()));
  }

  private void erase(ContractContext ctx) throws ContractException {
    if (!HealthRoles.NODE.equals(ctx.caller().role())) {
      HealthRoles.requireCareGiver(ctx.caller(), "erase records");
    }
    PatientId patient = PATIENT.in(ctx);
    String reference = REFERENCE_ARG.in(ctx);
    if (!REFERENCE.matcher(reference).matches()) {
      throw new ContractException("invalid_argument", "reference must be 1-64 characters of A-Z a-z 0-9 _ . : -");
    }
    PatientRecord p = PatientContract.find(ctx, patient).orElseThrow(
        () -> new ContractException("unknown_patient", "patient " + patient + " is not registered"));
    byte[] signature = SIGNATURE.in(ctx);
    String custodian = ctx.caller().organisation();
    long upTo = UP_TO_HEIGHT.in(ctx);
    if (upTo < 0 || upTo >= ctx.blockHeight()) {
      throw new ContractException("invalid_argument", "upToHeight " + upTo + " must be a height already committed (below "
          + ctx.blockHeight() + ")");
    }
    if (ctx.get(erasureKey(patient, custodian, reference)) != null) {
      throw new ContractException("already_used", "erasure request '" + reference + "' of patient " + patient + " at "
          + custodian + " was already carried out: a new erasure needs a new signed request");
    }
    boolean signed;
    try {
      signed = suite.signatures().verifier(suite.signatures().decodePublicKey(p.publicKey()))
          .verify(ErasureRequest.statement(chainId, patient, custodian, upTo, reference), signature);
    } catch (RuntimeException e) {
      signed = false;
    }
    if (!signed) {
      throw new ContractException("invalid_signature", "the erasure request's signature does not verify with the patient's key"
          + " (medledger/erasure/v2 naming custodian " + custodian + ", upToHeight " + upTo + " and reference " + reference + ")");
    }
    List<Hash> erased = new ArrayList<>();
    String prefix = "patient/" + patient + "/";
    List<Hash> records = new ArrayList<>();
    ctx.scan(prefix, (k, v) -> {
      records.add(Hash.fromHex(k.substring(prefix.length())));
      return true;
    });
    for (Hash r : records) {
      HealthRecordEntry e = find(ctx, r);
      if (e.erased() || !e.custodian().equals(custodian) || e.height() > upTo) {
        continue;
      }
      List<String> keys = new ArrayList<>();
      ctx.scan("key/" + r.hex() + "/", (k, v) -> {
        keys.add(k);
        return true;
      });
      keys.forEach(ctx::delete);
      ctx.put(key(r), e.erasedAt(ctx.blockHeight(), ctx.blockTimestamp()).encode());
      erased.add(r);
    }
    if (erased.isEmpty()) {
      throw new ContractException("nothing_to_erase", "patient " + patient + " has no records held by " + custodian + " left to erase");
    }
    ctx.put(erasureKey(patient, custodian, reference), Long.toString(ctx.blockHeight()).getBytes(java.nio.charset.StandardCharsets.UTF_8));
    ctx.emit("RecordsErased", Args.of("patient", patient.toString(), "custodian", custodian, "reference", reference,
        "records", String.join(",", erased.stream().map(Hash::hex).toList())));
  }

  private SortedMap<String, String> record(StateReader state, Args args) throws ContractException {
    Hash record = RECORD.inQuery(args);
    return find(state, record).map(HealthRecordEntry::toMap)
        .orElseThrow(() -> new ContractException("unknown_record", "record " + record + " is not registered"));
  }

  public static Optional<HealthRecordEntry> find(StateReader state, Hash record) {
    byte[] v = state.get(StateKeys.of(NAME, key(record)));
    return v == null ? Optional.empty() : Optional.of(HealthRecordEntry.decode(v));
  }

  /**
   * The hash of {@code record}'s data key wrapped for {@code reader} ({@code patient}, {@code org:…}
   * or {@code cert:…}): the wrapped key itself is off-chain, and must hash to this.
   */
  public static Optional<Hash> keyCommitment(StateReader state, Hash record, String reader) {
    return Optional.ofNullable(state.get(StateKeys.of(NAME, keyCommitment(record, reader)))).map(Hash::of);
  }

  /** Every record of this patient, in record-hash order. */
  public static List<HealthRecordEntry> ofPatient(StateReader state, PatientId patient) {
    List<HealthRecordEntry> out = new ArrayList<>();
    String prefix = "patient/" + patient + "/";
    state.scan(StateKeys.of(NAME, prefix), (k, v) -> {
      find(state, Hash.fromHex(StateKeys.localKey(NAME, k).substring(prefix.length()))).ifPresent(out::add);
      return true;
    });
    return out;
  }

  private static HealthRecordEntry find(ContractContext ctx, Hash record) throws ContractException {
    byte[] v = ctx.get(key(record));
    if (v == null) {
      throw new ContractException("unknown_record", "record " + record + " is not registered");
    }
    return HealthRecordEntry.decode(v);
  }

  static String key(Hash record) {
    return "record/" + record.hex();
  }

  static String patientIndex(PatientId p, Hash record) {
    return "patient/" + p + "/" + record.hex();
  }

  /** A carried-out erasure request, so its signature cannot be replayed. */
  static String erasureKey(PatientId patient, String custodian, String reference) {
    return "erasure/" + patient + "/" + custodian + "/" + reference;
  }

  static String keyCommitment(Hash record, String reader) {
    return "key/" + record.hex() + "/" + reader;
  }

  private static byte[] bounded(byte[] b, int max, String field) throws ContractException {
    if (b.length == 0 || b.length > max) {
      throw new ContractException("invalid_argument", field + " must be 1 to " + max + " bytes, got " + b.length);
    }
    return b;
  }


}
