package org.medledger.apps.safety.node.fhir;

import ca.uhn.fhir.context.FhirContext;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Device;
import org.hl7.fhir.r4.model.Reference;
import org.medledger.apps.safety.contract.IssuingAgency;
import org.medledger.apps.safety.contract.devices.DeviceKeys;
import org.medledger.apps.safety.contract.devices.DeviceModel;
import org.medledger.apps.safety.contract.devices.DeviceRegistryContract;
import org.medledger.apps.safety.contract.devices.DeviceUnit;
import org.medledger.apps.safety.contract.devices.DeviceUnits;
import org.medledger.core.runtime.Caller;
import org.medledger.core.runtime.StateKeys;
import org.medledger.core.runtime.StateReader;
import org.medledger.crypto.Hash;
import org.medledger.node.api.Requests;
import org.medledger.node.application.FhirAnswer;
import org.medledger.node.application.FhirInteraction;
import org.medledger.node.application.FhirMatches;
import org.medledger.node.application.FhirProblem;
import org.medledger.node.application.FhirRequest;
import org.medledger.node.application.FhirResourceProvider;
import org.medledger.node.application.FhirSearchParameter;

/**
 * A registered device unit as a FHIR R4 {@code Device}: its UDI carrier (device identifier, the
 * issuing agency's naming system, the label's human-readable form), lot, serial, expiry and
 * manufacture dates, maker, model name and kind; {@code patient} only when the member reading may
 * see the patient it is assigned to (records' rule: the patient, a regulator, a caregiver of a
 * hospital caring for her). Read by id ({@link DeviceIds}), searched by {@code udi-carrier} (the
 * UDI in either format) or {@code patient} (her units in force, only for whom may see her).
 */
public final class DeviceResources implements FhirResourceProvider {
  /** FHIR's naming systems for the agencies' device identifiers (R4 Device.udiCarrier.issuer). */
  static final String GS1_ISSUER = "http://hl7.org/fhir/NamingSystem/gs1-di";
  static final String HIBCC_ISSUER = "http://hl7.org/fhir/NamingSystem/hibcc-dI";

  private final Supplier<StateReader> state;
  private final DeviceIds ids;
  private final PatientRule patients;

  /** Whether a member may see a patient: records' rule, asked per request. */
  public interface PatientRule {
    boolean maySee(StateReader state, Caller who, Hash patient);
  }

  public DeviceResources(Supplier<StateReader> state, DeviceIds ids, PatientRule patients) {
    this.state = state;
    this.ids = ids;
    this.patients = patients;
  }

  @Override
  public Set<FhirInteraction> interactions() {
    return Set.of(FhirInteraction.READ, FhirInteraction.SEARCH_TYPE);
  }

  @Override
  public List<FhirSearchParameter> searchParameters() {
    return List.of(new FhirSearchParameter("udi-carrier", "string", "the unit's UDI as its label reads, GS1 or HIBCC"),
        new FhirSearchParameter("patient", "reference", "Patient/<patient id>: the units assigned to her now (only to whom may see her)"));
  }

  @Override
  public FhirAnswer read(FhirRequest request, String id) {
    StateReader s = state.get();
    DeviceUnit u = ids.find(s, id).orElseThrow(() -> new FhirProblem(404, "not-found", "no Device/" + id));
    return new FhirAnswer.Resource(json(device(s, Requests.caller(request.http()), u)));
  }

  @Override
  public FhirMatches search(FhirRequest request) {
    String udi = request.query("udi-carrier");
    String patient = request.query("patient");
    if ((udi == null) == (patient == null)) {
      throw new FhirProblem(400, "invalid", "search Device by exactly one of udi-carrier (a UDI) or patient (Patient/<id>)");
    }
    StateReader s = state.get();
    Caller who = Requests.caller(request.http());
    List<DeviceUnit> found = new ArrayList<>();
    if (udi != null) {
      try {
        DeviceUnits.find(s, udi).ifPresent(found::add);
      } catch (IllegalArgumentException e) {
        throw new FhirProblem(400, "invalid", "udi-carrier '" + udi + "' is malformed: " + e.getMessage());
      }
    } else {
      Hash p = patientId(patient);
      // Whom she is hidden from learns nothing, not even that she has devices.
      if (patients.maySee(s, who, p)) {
        s.scan(StateKeys.of(DeviceRegistryContract.NAME, DeviceKeys.patientUnits(p)), (k, v) -> {
          String local = StateKeys.localKey(DeviceRegistryContract.NAME, k);
          String rest = local.substring(DeviceKeys.patientUnits(p).length());
          int slash = rest.indexOf('/');
          DeviceUnits.find(DeviceUnits.of(s), rest.substring(0, slash), rest.substring(slash + 1)).ifPresent(found::add);
          return true;
        });
      }
    }
    List<FhirMatches.Entry> all = found.stream().map(u -> {
      Device d = device(s, who, u);
      return new FhirMatches.Entry("Device", d.getIdElement().getIdPart(), json(d));
    }).toList();
    return FhirMatches.page(all, request.page());
  }

  private static Hash patientId(String reference) {
    String hex = reference.startsWith("Patient/") ? reference.substring("Patient/".length()) : reference;
    try {
      return Hash.fromHex(hex);
    } catch (IllegalArgumentException e) {
      throw new FhirProblem(400, "invalid", "patient must be Patient/<64-hex patient id>, got '" + reference + "'");
    }
  }

  /** The unit as a Device, with its patient only if {@code who} may see her. */
  public Device device(StateReader s, Caller who, DeviceUnit u) {
    Device d = new Device();
    d.setId(ids.of(u));
    Optional<DeviceModel> model = DeviceUnits.model(DeviceUnits.of(s), u.deviceIdentifier());
    boolean gs1 = model.map(m -> m.agency() == IssuingAgency.GS1).orElse(Character.isDigit(u.deviceIdentifier().charAt(0)));
    d.addUdiCarrier().setDeviceIdentifier(u.deviceIdentifier()).setIssuer(gs1 ? GS1_ISSUER : HIBCC_ISSUER).setCarrierHRF(u.udi())
        .setEntryType(Device.UDIEntryType.BARCODE);
    d.setStatus(Device.FHIRDeviceStatus.ACTIVE);
    d.setManufacturer(u.maker());
    if (!u.lot().isEmpty()) {
      d.setLotNumber(u.lot());
    }
    d.setSerialNumber(u.serial());
    if (!u.expiry().isEmpty()) {
      d.setExpirationDateElement(new DateTimeType(LocalDate.parse(u.expiry()).toString()));
    }
    if (!u.manufactured().isEmpty()) {
      d.setManufactureDateElement(new DateTimeType(LocalDate.parse(u.manufactured()).toString()));
    }
    model.ifPresent(m -> {
      d.addDeviceName().setName(m.name()).setType(Device.DeviceNameType.MODELNAME);
      d.setType(new CodeableConcept().setText(m.kind().wireName() + ", class " + m.deviceClass()));
    });
    u.current().filter(a -> patients.maySee(s, who, a.patient()))
        .ifPresent(a -> d.setPatient(new Reference("Patient/" + a.patient().hex())));
    return d;
  }

  public static byte[] json(Device device) {
    return FhirContext.forR4Cached().newJsonParser().encodeResourceToString(device).getBytes(StandardCharsets.UTF_8);
  }
}
