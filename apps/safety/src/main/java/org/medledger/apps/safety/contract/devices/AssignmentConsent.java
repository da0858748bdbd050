package org.medledger.apps.safety.contract.devices;

import java.util.HexFormat;
import org.medledger.core.codec.CanonicalWriter;
import org.medledger.crypto.CryptoSuite;
import org.medledger.crypto.Hash;
import org.medledger.crypto.Signer;

/**
 * What a patient signs to have one device unit assigned to her by one hospital: {@code string
 * "medledger/device-assignment/v1" ‖ string chainId ‖ fixed 32 patient ‖ string hospital ‖ string
 * di ‖ string serial ‖ u32 n}, n being the unit's next assignment number. The number makes the
 * signature good once: after the unit is explanted it cannot be replayed to assign it to her again,
 * and a signature naming another hospital or unit assigns nothing.
 */
public final class AssignmentConsent {
  private AssignmentConsent() {}

  public static byte[] statement(String chainId, Hash patient, String hospital, String deviceIdentifier, String serial, int number) {
    return new CanonicalWriter(192).string("medledger/device-assignment/v1").string(chainId).fixed(patient.unsafeBytes(), Hash.LENGTH)
        .string(hospital).string(deviceIdentifier).string(serial).u32(number).toByteArray();
  }

  /** The patient's signature, hex, for the {@code consent} argument of {@code devices.assign}. */
  public static String sign(Signer patientKey, String chainId, Hash patient, String hospital, String deviceIdentifier, String serial,
      int number) {
    return HexFormat.of().formatHex(patientKey.sign(statement(chainId, patient, hospital, deviceIdentifier, serial, number)));
  }

  /** Whether {@code signature} is the holder of {@code publicKey} agreeing to exactly this assignment. */
  static boolean verifies(CryptoSuite suite, byte[] publicKey, byte[] statement, byte[] signature) {
    try {
      return suite.signatures().verifier(suite.signatures().decodePublicKey(publicKey)).verify(statement, signature);
    } catch (RuntimeException e) {
      return false;
    }
  }
}
