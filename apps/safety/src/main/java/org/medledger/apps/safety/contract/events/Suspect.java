package org.medledger.apps.safety.contract.events;

import org.medledger.core.codec.CanonicalReader;
import org.medledger.core.codec.CanonicalWriter;
import org.medledger.core.codec.DecodeException;

/**
 * What a report suspects caused the event: a drug lot (GTIN and lot, as on a pack and in FAERS's
 * and VAERS's lot fields, with the serial of the pack when the reporter has it) or a device unit
 * (its UDI and the model it is registered under). A case's suspect is fixed by its first report:
 * a follow-up changes what happened, never what it is counted against.
 */
public sealed interface Suspect {
  /** The subject a count and a threshold are kept for: a lot, or a device model. */
  String countKind();

  /** The subject within its kind: {@code gtin/lot}, or the model id. */
  String countSubject();

  void writeTo(CanonicalWriter w);

  record DrugLot(String gtin, String lot, String serial) implements Suspect {
    @Override
    public String countKind() {
      return "lot";
    }

    @Override
    public String countSubject() {
      return gtin + "/" + EventKeys.segment(lot);
    }

    @Override
    public void writeTo(CanonicalWriter w) {
      w.u8(1).string(gtin).string(lot).string(serial);
    }
  }

  /** A registered device unit, by the UDI as the registry renders it, and its model. */
  record DeviceUnit(String udi, String model) implements Suspect {
    @Override
    public String countKind() {
      return "model";
    }

    @Override
    public String countSubject() {
      return EventKeys.segment(model);
    }

    @Override
    public void writeTo(CanonicalWriter w) {
      w.u8(2).string(udi).string(model);
    }
  }

  static Suspect readFrom(CanonicalReader r) {
    int kind = r.u8("suspect.kind");
    return switch (kind) {
      case 1 -> new DrugLot(r.string("suspect.gtin", 14), r.string("suspect.lot", 20), r.string("suspect.serial", 20));
      case 2 -> new DeviceUnit(r.string("suspect.udi", 256), r.string("suspect.model", 256));
      default -> throw new DecodeException("suspect.kind: " + kind + " is not 1 (drug lot) or 2 (device unit)");
    };
  }
}
