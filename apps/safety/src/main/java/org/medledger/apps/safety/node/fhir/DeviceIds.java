package org.medledger.apps.safety.node.fhir;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.medledger.apps.safety.contract.devices.DeviceKeys;
import org.medledger.apps.safety.contract.devices.DeviceRegistryContract;
import org.medledger.apps.safety.contract.devices.DeviceUnit;
import org.medledger.apps.safety.contract.devices.DeviceUnits;
import org.medledger.core.runtime.StateKeys;
import org.medledger.core.runtime.StateReader;
import org.medledger.crypto.HashFunction;
import org.medledger.crypto.Hex;

/**
 * A unit's FHIR logical id ({@code [A-Za-z0-9\-.]{1,64}}): {@code {di}-{serial}} with each serial
 * character outside A-Za-z0-9 written {@code .XX} (its UTF-8 byte in hex), so the id reads back
 * to the one unit; when that is over 64 characters (a GS1 serial of many punctuation marks),
 * {@code {di}-h{24 hex of the serial's hash}}, found by looking through the model's units.
 */
public final class DeviceIds {
  private static final int MAX_ID = 64;
  private final HashFunction hash;

  public DeviceIds(HashFunction hash) {
    this.hash = hash;
  }

  public String of(DeviceUnit u) {
    StringBuilder id = new StringBuilder(u.deviceIdentifier()).append('-');
    for (byte b : u.serial().getBytes(StandardCharsets.UTF_8)) {
      char c = (char) (b & 0xff);
      if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
        id.append(c);
      } else {
        id.append('.').append(Hex.encode(new byte[] {b}));
      }
    }
    return id.length() <= MAX_ID ? id.toString() : u.deviceIdentifier() + "-h" + serialDigest(u.serial());
  }

  /** The unit an id names; empty when it names none (or is not of this form). */
  public Optional<DeviceUnit> find(StateReader state, String id) {
    int dash = id.indexOf('-');
    if (dash <= 0 || dash == id.length() - 1) {
      return Optional.empty();
    }
    String di = id.substring(0, dash);
    String rest = id.substring(dash + 1);
    if (rest.startsWith("h") && rest.length() == 25) {
      Optional<DeviceUnit> hashed = byDigest(state, di, rest.substring(1));
      if (hashed.isPresent()) {
        return hashed;
      }
    }
    return decodeSerial(rest).flatMap(serial -> DeviceUnits.find(DeviceUnits.of(state), di, serial));
  }

  private Optional<DeviceUnit> byDigest(StateReader state, String di, String digest) {
    DeviceUnit[] found = {null};
    state.scan(StateKeys.of(DeviceRegistryContract.NAME, DeviceKeys.unitsOf(di)), (k, v) -> {
      DeviceUnit u = DeviceUnit.decode(v);
      if (serialDigest(u.serial()).equals(digest)) {
        found[0] = u;
        return false;
      }
      return true;
    });
    return Optional.ofNullable(found[0]);
  }

  private String serialDigest(String serial) {
    return Hex.encode(hash.hash(serial.getBytes(StandardCharsets.UTF_8))).substring(0, 24);
  }

  private static Optional<String> decodeSerial(String text) {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '.') {
        if (i + 2 >= text.length()) {
          return Optional.empty();
        }
        try {
          out.write(Hex.decode(text.substring(i + 1, i + 3))[0]);
        } catch (IllegalArgumentException e) {
          return Optional.empty();
        }
        i += 2;
      } else if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
        out.write(c);
      } else {
        return Optional.empty();
      }
    }
    return Optional.of(out.toString(StandardCharsets.UTF_8));
  }
}
