package org.medledger.apps.safety.contract.devices;

import java.util.Optional;
import org.medledger.core.codec.CanonicalReader;
import org.medledger.core.codec.CanonicalWriter;

/**
 * One device unit as the ledger knows it: its UDI as the maker registered it (rendered in the
 * codec's one spelling) with the production identifiers read from it (lot, expiry and manufacture
 * date as ISO dates, empty when the label has none), its maker, the device's own public signing
 * key (X.509 SubjectPublicKeyInfo; empty when the unit signs nothing), how many assignments it has
 * had and the one in force, if any.
 */
public record DeviceUnit(String deviceIdentifier, String serial, String udi, String lot, String expiry, String manufactured,
    String maker, byte[] publicKey, long registeredHeight, int assignments, Optional<UnitAssignment> current) {

  public DeviceUnit withAssignment(UnitAssignment a) {
    return new DeviceUnit(deviceIdentifier, serial, udi, lot, expiry, manufactured, maker, publicKey, registeredHeight, a.number(),
        Optional.of(a));
  }

  public DeviceUnit withoutAssignment() {
    return new DeviceUnit(deviceIdentifier, serial, udi, lot, expiry, manufactured, maker, publicKey, registeredHeight, assignments,
        Optional.empty());
  }

  public byte[] encode() {
    CanonicalWriter w = new CanonicalWriter(256).u8(1).string(deviceIdentifier).string(serial).string(udi).string(lot).string(expiry)
        .string(manufactured).string(maker).bytes(publicKey).u64(registeredHeight).u32(assignments).bool(current.isPresent());
    current.ifPresent(a -> a.write(w));
    return w.toByteArray();
  }

  public static DeviceUnit decode(byte[] bytes) {
    CanonicalReader r = new CanonicalReader(bytes);
    r.u8("deviceUnit.format");
    String di = r.string("deviceUnit.di", 64);
    String serial = r.string("deviceUnit.serial", 64);
    String udi = r.string("deviceUnit.udi", 256);
    String lot = r.string("deviceUnit.lot", 64);
    String expiry = r.string("deviceUnit.expiry", 10);
    String manufactured = r.string("deviceUnit.manufactured", 10);
    String maker = r.string("deviceUnit.maker", 256);
    byte[] key = r.bytes("deviceUnit.publicKey", 1_024);
    long height = r.u64("deviceUnit.registeredHeight");
    int assignments = r.u32("deviceUnit.assignments");
    Optional<UnitAssignment> current = r.bool("deviceUnit.assigned") ? Optional.of(UnitAssignment.read(r)) : Optional.empty();
    r.expectEnd("device unit");
    return new DeviceUnit(di, serial, udi, lot, expiry, manufactured, maker, key, height, assignments, current);
  }
}
