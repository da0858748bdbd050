package org.medledger.apps.safety.node;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import org.medledger.apps.records.contract.patient.PatientId;
import org.medledger.apps.safety.contract.devices.AssignmentConsent;
import org.medledger.apps.safety.contract.devices.DeviceRegistryContract;
import org.medledger.client.ClientIdentity;
import org.medledger.client.MedLedgerClient;
import org.medledger.crypto.Hash;
import org.medledger.crypto.Hex;
import org.medledger.crypto.x509.Pem;
import org.medledger.node.application.SignedCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code medledger device model|unit|consent|assign|unassign|show}: a maker registers a model and
 * its units (a unit with its own public key, from a PEM file); a patient signs her consent to one
 * assignment with her own key; a hospital's clinician assigns the unit with that signature and
 * ends the assignment; any member reads a unit (its patient only if the ledger's rule lets her).
 * Every write is the member's own signed transaction.
 */
@Command(name = "device", description = "The device registry (issue 17, docs/safety.md): register models and units by UDI,"
    + " a patient's consent, assign, unassign, show.", subcommands = {DeviceCommand.Model.class, DeviceCommand.Unit.class,
        DeviceCommand.Consent.class, DeviceCommand.Assign.class, DeviceCommand.Unassign.class, DeviceCommand.Show.class,
        org.medledger.apps.safety.node.readings.ReadingCommand.class})
final class DeviceCommand {

  /** Signs {@code devices.method(args)} with the member's own key, submits it, waits for its block and prints the outcome. */
  static int submit(SignedCommand member, String method, Map<String, String> args, String what) throws Exception {
    return SignedCommand.answered(() -> SignedCommand.transactionOutcome(member.submit(DeviceRegistryContract.NAME, method, args),
        what));
  }

  /** A unit as the registry answers it. */
  static JsonNode unit(MedLedgerClient client, String udi) {
    return client.get("v1/devices/units?udi=" + URLEncoder.encode(udi, StandardCharsets.UTF_8));
  }

  @Command(name = "model", mixinStandardHelpOptions = true, description = "Register a device model by its device identifier"
      + " (maker): a GTIN-14 or an HIBC primary.")
  static final class Model implements Callable<Integer> {
    @Mixin
    SignedCommand member = new SignedCommand();

    @Parameters(index = "0", description = "the device identifier: a GTIN-14, (01)<GTIN>, an HIBC primary, or +<primary><check>")
    String di;

    @Option(names = "--name", required = true, description = "the model's name")
    String name;

    @Option(names = "--class", required = true, description = "risk class: I, II, III (FDA) or I, IIa, IIb, III (EU MDR)")
    String deviceClass;

    @Option(names = "--kind", required = true, description = "implant, home-monitor, wearable or other")
    String kind;

    @Override
    public Integer call() throws Exception {
      return submit(member, DeviceRegistryContract.REGISTER_MODEL, Map.of("di", di, "name", name, "deviceClass", deviceClass,
          "kind", kind), "registered model " + di);
    }
  }

  @Command(name = "unit", mixinStandardHelpOptions = true, description = "Register a unit by its UDI (maker of its model),"
      + " with the device's own public signing key if it signs readings.")
  static final class Unit implements Callable<Integer> {
    @Mixin
    SignedCommand member = new SignedCommand();

    @Parameters(index = "0", description = "the unit's UDI, GS1 (01)…(21)… or HIBCC +…, with a serial")
    String udi;

    @Option(names = "--device-key", description = "the device's public key, a PEM file (PUBLIC KEY)")
    Path deviceKey;

    @Override
    public Integer call() throws Exception {
      Map<String, String> args = new TreeMap<>(Map.of("udi", udi));
      if (deviceKey != null) {
        args.put("publicKey", Hex.encode(Pem.decode(Pem.PUBLIC_KEY, Files.readString(deviceKey))));
      }
      return submit(member, DeviceRegistryContract.REGISTER_UNIT, args, "registered unit " + udi);
    }
  }

  @Command(name = "consent", mixinStandardHelpOptions = true, description = "Sign, as the patient, your consent to the"
      + " unit's next assignment by one hospital; prints the signature to hand to its clinician (device assign --consent).")
  static final class Consent implements Callable<Integer> {
    @Mixin
    SignedCommand patient = new SignedCommand();

    @Parameters(index = "0", description = "the unit's UDI")
    String udi;

    @Option(names = "--hospital", required = true, description = "the organisation that will assign it, e.g. hospital-a")
    String hospital;

    @Override
    public Integer call() throws Exception {
      return SignedCommand.answered(() -> {
        JsonNode unit = unit(patient.login(), udi);
        ClientIdentity her = patient.id();
        Hash id = PatientId.of(her.suite().hash(), her.certificate().getPublicKey().getEncoded()).value();
        String signature = AssignmentConsent.sign(her.signer(), patient.chainId(), id, hospital, unit.get("di").asText(),
            unit.get("serial").asText(), unit.get("nextAssignment").asInt());
        System.out.println("patient " + id.hex());
        System.out.println("consent " + signature);
        return 0;
      });
    }
  }

  @Command(name = "assign", mixinStandardHelpOptions = true, description = "Assign a unit to a patient (a hospital's"
      + " clinician), with the consent she signed (device consent).")
  static final class Assign implements Callable<Integer> {
    @Mixin
    SignedCommand member = new SignedCommand();

    @Parameters(index = "0", description = "the unit's UDI")
    String udi;

    @Parameters(index = "1", description = "the patient's id (64 hex)")
    String patient;

    @Option(names = "--consent", required = true, description = "her signature (hex), from device consent")
    String consent;

    @Override
    public Integer call() throws Exception {
      return submit(member, DeviceRegistryContract.ASSIGN, Map.of("udi", udi, "patient", patient, "consent", consent),
          "assigned " + udi);
    }
  }

  @Command(name = "unassign", mixinStandardHelpOptions = true, description = "End the unit's assignment (the assigning"
      + " hospital's clinician): explanted, returned…")
  static final class Unassign implements Callable<Integer> {
    @Mixin
    SignedCommand member = new SignedCommand();

    @Parameters(index = "0", description = "the unit's UDI")
    String udi;

    @Option(names = "--reason", required = true, description = "why it ends, kept on the ledger")
    String reason;

    @Override
    public Integer call() throws Exception {
      return submit(member, DeviceRegistryContract.UNASSIGN, Map.of("udi", udi, "reason", reason), "unassigned " + udi);
    }
  }

  @Command(name = "show", mixinStandardHelpOptions = true, description = "A unit as the ledger holds it: model, lot, expiry,"
      + " key, assignments (the patient only if you may see her).")
  static final class Show implements Callable<Integer> {
    @Mixin
    SignedCommand member = new SignedCommand();

    @Parameters(index = "0", description = "the unit's UDI")
    String udi;

    @Override
    public Integer call() throws Exception {
      return SignedCommand.answered(() -> {
        JsonNode u = unit(member.login(), udi);
        JsonNode m = u.path("model");
        System.out.println("unit " + u.get("serial").asText() + " of " + u.get("di").asText() + " (" + m.path("name").asText() + ", "
            + m.path("kind").asText() + ", class " + m.path("deviceClass").asText() + ") by " + u.get("maker").asText());
        System.out.println("  udi " + u.get("udi").asText() + ", lot " + u.get("lot").asText() + ", expiry " + u.get("expiry").asText()
            + (u.get("publicKey").asText().isEmpty() ? ", signs nothing" : ", signs with its own key"));
        for (JsonNode a : u.get("assignments")) {
          System.out.println("  assignment " + a.get("number").asText() + " by " + a.get("hospital").asText() + " from height "
              + a.get("fromHeight").asText() + (a.has("patient") ? " to patient " + a.get("patient").asText() : "")
              + (a.get("inForce").asBoolean() ? ", in force" : ", ended at height " + a.get("endedHeight").asText() + ": "
                  + a.get("endReason").asText()));
        }
        return 0;
      });
    }
  }
}
