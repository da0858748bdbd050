package org.medledger.apps.safety.contract.devices;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import org.medledger.apps.records.contract.view.RecordsView;
import org.medledger.apps.safety.contract.IssuingAgency;
import org.medledger.apps.safety.contract.Udi;
import org.medledger.core.runtime.Arg;
import org.medledger.core.runtime.ContractContext;
import org.medledger.core.runtime.ContractException;
import org.medledger.core.runtime.DeclaredContract;
import org.medledger.core.runtime.MethodTable;
import org.medledger.core.runtime.Roles;
import org.medledger.core.runtime.StateKeyForm;
import org.medledger.core.runtime.StateReader;
import org.medledger.core.runtime.Weight;
import org.medledger.core.tx.Args;
import org.medledger.crypto.CryptoSuite;
import org.medledger.crypto.Hash;
import org.medledger.crypto.Hex;

/**
 * The device registry (issue 17, item 6). A maker registers its device models by device
 * identifier and then units of them by UDI, in GS1 or HIBCC form, read by the contract's own
 * codec ({@link Udi}); only the maker organisation that registered a model registers its units.
 * The maker role is the one drugs' makers hold; the runtime admits a sender only with a role the
 * genesis grants its organisation, so a certificate that merely says {@code OU=maker} under a
 * hospital's CA never reaches this contract.
 */
public final class DeviceRegistryContract extends DeclaredContract {
  public static final String NAME = "devices";
  public static final String REGISTER_MODEL = "registerModel";
  public static final String REGISTER_UNIT = "registerUnit";
  public static final String ASSIGN = "assign";
  public static final String UNASSIGN = "unassign";
  public static final String MAKER_ROLE = "maker";
  /** Hospital staff: the genesis grants clinicians to care givers only, never to a maker. */
  public static final String CLINICIAN_ROLE = "clinician";
  static final int MAX_REASON = 500;

  static final Arg<String> DI = Arg.text("di");
  static final Arg<String> MODEL_NAME = Arg.of("name", "text", DeviceRegistryContract::checkName);
  static final Arg<String> CLASS = Arg.parsed("deviceClass", "device class", DeviceClass::checked);
  static final Arg<DeviceKind> KIND = Arg.parsed("kind", "device kind", DeviceKind::parse);
  static final Arg<String> UDI = Arg.text("udi");
  static final Arg<byte[]> PUBLIC_KEY = Arg.hex("publicKey");
  static final Arg<Hash> PATIENT = Arg.hash("patient", "a patient id (64 hex)");
  static final Arg<byte[]> CONSENT = Arg.hex("consent");
  static final Arg<String> REASON = Arg.of("reason", "text", DeviceRegistryContract::checkReason);
  /** A DI-only label has no dates, so the year its two-digit years would fall around is moot. */
  private static final int DI_ONLY_REFERENCE_YEAR = 2000;

  private final CryptoSuite suite;
  private final String chainId;
  private final MethodTable methods;

  public DeviceRegistryContract(CryptoSuite suite, String chainId) {
    this.suite = suite;
    this.chainId = chainId;
    this.methods = MethodTable.of(NAME)
        .tx(REGISTER_MODEL, Roles.of(MAKER_ROLE), Weight.ONE, this::registerModel, DI, MODEL_NAME, CLASS, KIND)
        .tx(REGISTER_UNIT, Roles.of(MAKER_ROLE), Weight.ONE, this::registerUnit, UDI)
        .tx(ASSIGN, Roles.of(CLINICIAN_ROLE), Weight.ONE, this::assign, UDI, PATIENT, CONSENT)
        .tx(UNASSIGN, Roles.of(CLINICIAN_ROLE), Weight.ONE, this::unassign, UDI, REASON)
        .query("model", this::model, DI)
        .query("unit", this::unit, UDI)
        .build();
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public List<StateKeyForm> stateKeyForms() {
    return StateKeyForm.of("model/{di}", "unit/{di}/{...}", "assignment/{di}/{number}/{...}", "patient/{hash}/{di}/{...}");
  }

  @Override
  protected MethodTable methods() {
    return methods;
  }

  private void registerModel(ContractContext ctx) throws ContractException {
    String di = deviceIdentifier(DI.in(ctx));
    String maker = ctx.caller().organisation();
    Optional<DeviceModel> existing = DeviceUnits.model(DeviceUnits.of(ctx), di);
    if (existing.isPresent()) {
      throw new ContractException("already_registered", "device identifier " + di + " is already registered, by "
          + existing.get().maker() + " (" + existing.get().name() + ")");
    }
    DeviceModel model = new DeviceModel(di, agencyOf(di), maker, MODEL_NAME.in(ctx), CLASS.in(ctx), KIND.in(ctx), ctx.blockHeight());
    ctx.put(DeviceKeys.model(di), model.encode());
    ctx.emit("DeviceModelRegistered", Args.of("di", di, "maker", maker, "kind", model.kind().wireName()));
  }

  private void registerUnit(ContractContext ctx) throws ContractException {
    String text = UDI.in(ctx);
    Udi udi = readUdi(text, blockYear(ctx));
    String serial = udi.serial().orElseThrow(() -> new ContractException("invalid_argument", "UDI '" + text
        + "' carries no serial number (GS1 AI 21, HIBC $+ or /S): it names a lot of device " + udi.deviceIdentifier()
        + ", not one unit"));
    DeviceModel model = DeviceUnits.model(DeviceUnits.of(ctx), udi.deviceIdentifier()).orElseThrow(() -> new ContractException(
        "unknown_model", "device identifier " + udi.deviceIdentifier() + " is not registered: its maker registers the model first ("
            + NAME + "." + REGISTER_MODEL + ")"));
    String maker = ctx.caller().organisation();
    if (!model.maker().equals(maker)) {
      throw new ContractException("forbidden", "device model " + udi.deviceIdentifier() + " (" + model.name() + ") is "
          + model.maker() + "'s: only " + model.maker() + " registers its units, not " + maker);
    }
    if (ctx.get(DeviceKeys.unit(udi.deviceIdentifier(), serial)) != null) {
      throw new ContractException("already_registered", "unit " + serial + " of device " + udi.deviceIdentifier() + " is already"
          + " registered");
    }
    byte[] key = PUBLIC_KEY.ifGiven(ctx).orElse(new byte[0]);
    if (key.length > 0) {
      requireSigningKey(key);
    }
    DeviceUnit unit = new DeviceUnit(udi.deviceIdentifier(), serial, udi.render(), udi.lot().orElse(""),
        udi.expiry().map(Object::toString).orElse(""), udi.manufactured().map(Object::toString).orElse(""), maker, key,
        ctx.blockHeight(), 0, Optional.empty());
    ctx.put(DeviceKeys.unit(udi.deviceIdentifier(), serial), unit.encode());
    ctx.emit("DeviceUnitRegistered", Args.of("di", udi.deviceIdentifier(), "serial", serial, "lot", unit.lot(), "maker", maker,
        "signs", Boolean.toString(key.length > 0)));
  }

  /**
   * A hospital's clinician assigns a registered unit to a registered patient who signed, with her
   * own key, an {@link AssignmentConsent} naming this hospital, this unit and its next assignment
   * number. A unit is assigned to one patient at a time.
   */
  private void assign(ContractContext ctx) throws ContractException {
    DeviceUnit unit = registeredUnit(ctx);
    Hash patient = PATIENT.in(ctx);
    String hospital = ctx.caller().organisation();
    if (unit.current().isPresent()) {
      throw new ContractException("already_assigned", "unit " + unit.serial() + " of device " + unit.deviceIdentifier()
          + " is assigned already (assignment " + unit.current().get().number() + ", by " + unit.current().get().hospital()
          + "): it is unassigned first");
    }
    byte[] patientKey = RecordsView.patientKey(ctx, patient).orElseThrow(() -> new ContractException("unknown_patient",
        "patient " + patient.hex() + " is not registered (records' patients contract)"));
    int number = unit.assignments() + 1;
    byte[] statement = AssignmentConsent.statement(chainId, patient, hospital, unit.deviceIdentifier(), unit.serial(), number);
    if (!AssignmentConsent.verifies(suite, patientKey, statement, CONSENT.in(ctx))) {
      throw new ContractException("invalid_consent", "the consent does not verify with patient " + patient.hex() + "'s key for"
          + " assignment " + number + " of unit " + unit.serial() + " of device " + unit.deviceIdentifier() + " by " + hospital
          + ": she signs the assignment naming this hospital, this unit and its next assignment number");
    }
    UnitAssignment a = new UnitAssignment(number, patient, hospital, ctx.blockHeight(), ctx.blockTimestamp(),
        Hash.of(suite.hash().hash(statement)), 0, "");
    ctx.put(DeviceKeys.unit(unit.deviceIdentifier(), unit.serial()), unit.withAssignment(a).encode());
    ctx.put(DeviceKeys.assignment(unit.deviceIdentifier(), unit.serial(), number), a.encode());
    ctx.put(DeviceKeys.patientUnit(patient, unit.deviceIdentifier(), unit.serial()), new byte[] {1});
    ctx.emit("DeviceAssigned", Args.of("di", unit.deviceIdentifier(), "serial", unit.serial(), "assignment", Integer.toString(number),
        "hospital", hospital));
  }

  /** The assigning hospital's clinician ends the assignment in force (explant, return), with a reason; the history stays. */
  private void unassign(ContractContext ctx) throws ContractException {
    DeviceUnit unit = registeredUnit(ctx);
    String reason = REASON.in(ctx);
    UnitAssignment a = unit.current().orElseThrow(() -> new ContractException("not_assigned", "unit " + unit.serial()
        + " of device " + unit.deviceIdentifier() + " is not assigned to anyone"));
    String hospital = ctx.caller().organisation();
    if (!a.hospital().equals(hospital)) {
      throw new ContractException("forbidden", "unit " + unit.serial() + " of device " + unit.deviceIdentifier() + " was assigned by "
          + a.hospital() + ": only " + a.hospital() + " ends that assignment, not " + hospital);
    }
    UnitAssignment ended = a.ended(ctx.blockHeight(), reason);
    ctx.put(DeviceKeys.unit(unit.deviceIdentifier(), unit.serial()), unit.withoutAssignment().encode());
    ctx.put(DeviceKeys.assignment(unit.deviceIdentifier(), unit.serial(), a.number()), ended.encode());
    ctx.delete(DeviceKeys.patientUnit(a.patient(), unit.deviceIdentifier(), unit.serial()));
    ctx.emit("DeviceUnassigned", Args.of("di", unit.deviceIdentifier(), "serial", unit.serial(), "assignment",
        Integer.toString(a.number()), "hospital", hospital));
  }

  private DeviceUnit registeredUnit(ContractContext ctx) throws ContractException {
    String text = UDI.in(ctx);
    Udi udi = readUdi(text, blockYear(ctx));
    String serial = udi.serial().orElseThrow(() -> new ContractException("invalid_argument", "UDI '" + text
        + "' carries no serial number: it names a lot of device " + udi.deviceIdentifier() + ", not one unit"));
    return DeviceUnits.find(DeviceUnits.of(ctx), udi.deviceIdentifier(), serial).orElseThrow(() -> new ContractException(
        "unknown_unit", "no unit " + serial + " of device " + udi.deviceIdentifier() + " is registered"));
  }

  private SortedMap<String, String> model(StateReader state, Args args) throws ContractException {
    String di = deviceIdentifier(DI.inQuery(args));
    DeviceModel m = DeviceUnits.model(DeviceUnits.of(state), di).orElseThrow(() -> new ContractException("not_found",
        "no device model " + di));
    SortedMap<String, String> out = new TreeMap<>();
    out.put("di", m.deviceIdentifier());
    out.put("agency", m.agency().name());
    out.put("maker", m.maker());
    out.put("name", m.name());
    out.put("deviceClass", m.deviceClass());
    out.put("kind", m.kind().wireName());
    out.put("registeredHeight", Long.toString(m.registeredHeight()));
    return out;
  }

  private SortedMap<String, String> unit(StateReader state, Args args) throws ContractException {
    String text = UDI.inQuery(args);
    DeviceUnit u;
    try {
      u = DeviceUnits.find(state, text).orElseThrow(() -> new ContractException("not_found", "no device unit is registered"
          + " under UDI '" + text + "'"));
    } catch (IllegalArgumentException e) {
      throw new ContractException("invalid_argument", "udi: " + e.getMessage());
    }
    SortedMap<String, String> out = new TreeMap<>();
    out.put("di", u.deviceIdentifier());
    out.put("serial", u.serial());
    out.put("udi", u.udi());
    out.put("lot", u.lot());
    out.put("expiry", u.expiry());
    out.put("manufactured", u.manufactured());
    out.put("maker", u.maker());
    out.put("publicKey", Hex.encode(u.publicKey()));
    out.put("registeredHeight", Long.toString(u.registeredHeight()));
    out.put("assignments", Integer.toString(u.assignments()));
    out.put("assigned", Boolean.toString(u.current().isPresent()));
    // Who she is stays off a query every member may ask: the node shows the patient to those allowed.
    u.current().ifPresent(a -> {
      out.put("assignedBy", a.hospital());
      out.put("assignedHeight", Long.toString(a.fromHeight()));
    });
    return out;
  }

  /**
   * A model's device identifier: a GTIN-14 (its check digit verified) or an HIBC primary (labeler
   * code, product number, unit of measure), bare or as a DI-only label ({@code (01)…}, or {@code +…}
   * with its check character); a label that carries production identifiers names units, not a model.
   */
  static String deviceIdentifier(String text) throws ContractException {
    boolean bare = !text.isEmpty() && text.chars().allMatch(c -> (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z'));
    if (!bare) {
      Udi label = readUdi(text, DI_ONLY_REFERENCE_YEAR);
      if (label.lot().isPresent() || label.serial().isPresent() || label.expiry().isPresent() || label.manufactured().isPresent()) {
        throw new ContractException("invalid_argument", "di: '" + text + "' carries production identifiers (lot, serial or dates):"
            + " a model is registered by its device identifier alone");
      }
      return label.deviceIdentifier();
    }
    try {
      return new Udi(agencyOf(text), text, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty()).deviceIdentifier();
    } catch (IllegalArgumentException e) {
      throw new ContractException("invalid_argument", "di: " + e.getMessage());
    }
  }

  /** GS1 DIs are digits only; an HIBC labeler code starts with a letter. */
  private static IssuingAgency agencyOf(String di) {
    return Character.isDigit(di.charAt(0)) ? IssuingAgency.GS1 : IssuingAgency.HIBCC;
  }

  static Udi readUdi(String text, int referenceYear) throws ContractException {
    try {
      return Udi.parse(text, referenceYear);
    } catch (IllegalArgumentException e) {
      throw new ContractException("invalid_udi", "udi '" + text + "' is malformed: " + e.getMessage());
    }
  }

  static int blockYear(ContractContext ctx) {
    return Instant.ofEpochMilli(ctx.blockTimestamp()).atZone(ZoneOffset.UTC).getYear();
  }

  private void requireSigningKey(byte[] key) throws ContractException {
    try {
      suite.signatures().decodePublicKey(key);
    } catch (RuntimeException e) {
      throw new ContractException("invalid_argument", "publicKey is not a " + suite.signatures().name()
          + " public key (X.509 SubjectPublicKeyInfo, hex): " + e.getMessage());
    }
  }

  private static String checkReason(String reason) throws ContractException {
    if (reason.isBlank() || reason.length() > MAX_REASON) {
      throw new ContractException("invalid_argument", "reason must be 1-" + MAX_REASON + " characters, got " + reason.length());
    }
    return reason;
  }

  private static String checkName(String name) throws ContractException {
    if (name.isBlank() || name.length() > DeviceModel.MAX_NAME) {
      throw new ContractException("invalid_argument", "name must be 1-" + DeviceModel.MAX_NAME + " characters, got "
          + name.length());
    }
    return name;
  }
}
