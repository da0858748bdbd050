package org.medledger.apps.safety.contract.devices;

import org.medledger.apps.safety.contract.IssuingAgency;
import org.medledger.core.codec.CanonicalReader;
import org.medledger.core.codec.CanonicalWriter;

/**
 * A device model as its maker registered it: the device identifier its labels carry (a GTIN-14
 * or an HIBC primary), the maker organisation that alone registers units of it, its name, risk
 * class and kind, and the height it was registered at.
 */
public record DeviceModel(String deviceIdentifier, IssuingAgency agency, String maker, String name, String deviceClass,
    DeviceKind kind, long registeredHeight) {
  static final int MAX_NAME = 200;

  public byte[] encode() {
    return new CanonicalWriter(128).u8(1).string(deviceIdentifier).u8(agency.ordinal()).string(maker).string(name).string(deviceClass)
        .u8(kind.ordinal()).u64(registeredHeight).toByteArray();
  }

  public static DeviceModel decode(byte[] bytes) {
    CanonicalReader r = new CanonicalReader(bytes);
    r.u8("deviceModel.format");
    DeviceModel m = new DeviceModel(r.string("deviceModel.di", 64), IssuingAgency.values()[r.u8("deviceModel.agency")],
        r.string("deviceModel.maker", 256), r.string("deviceModel.name", MAX_NAME * 4), r.string("deviceModel.class", 8),
        DeviceKind.values()[r.u8("deviceModel.kind")], r.u64("deviceModel.registeredHeight"));
    r.expectEnd("device model");
    return m;
  }
}
