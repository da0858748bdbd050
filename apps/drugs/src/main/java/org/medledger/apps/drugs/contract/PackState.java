package org.medledger.apps.drugs.contract;

import java.util.Objects;
import org.medledger.core.codec.CanonicalReader;
import org.medledger.core.codec.CanonicalWriter;

/**
 * One pack as the ledger knows it: its lot and expiry from commissioning, who made it, who holds
 * it now, a shipment in flight (to whom, or empty), whether it is still in the supply chain, and the
 * case (SSCC) it is packed in, if any: a packed pack moves only with its case.
 */
public record PackState(
    String lot,
    String expiry,
    String maker,
    String holder,
    String shippedTo,
    Status status,
    String reason,
    long commissionedHeight,
    long commissionedTime,
    String parent) {

  /** Where a pack stands. */
  public enum Status { ACTIVE, DISPENSED, DECOMMISSIONED }

  public PackState {
    Objects.requireNonNull(lot, "lot");
    Objects.requireNonNull(expiry, "expiry");
    Objects.requireNonNull(maker, "maker");
    Objects.requireNonNull(holder, "holder");
    Objects.requireNonNull(shippedTo, "shippedTo");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(parent, "parent");
  }

  PackState with(String newHolder, String newShippedTo, Status newStatus, String newReason) {
    return new PackState(lot, expiry, maker, newHolder, newShippedTo, newStatus, newReason, commissionedHeight, commissionedTime, parent);
  }

  /** The same pack packed into case {@code sscc} (or unpacked, with ""). */
  PackState inCase(String sscc) {
    return new PackState(lot, expiry, maker, holder, shippedTo, status, reason, commissionedHeight, commissionedTime, sscc);
  }

  public byte[] encode() {
    return new CanonicalWriter(96).u8(2).string(lot).string(expiry).string(maker).string(holder).string(shippedTo)
        .u8(status.ordinal()).string(reason).u64(commissionedHeight).u64(commissionedTime).string(parent).toByteArray();
  }

  private static Status status(int ordinal) {
    if (ordinal >= Status.values().length) {
      throw new org.medledger.core.codec.DecodeException("pack.status: " + ordinal + " is not a status");
    }
    return Status.values()[ordinal];
  }

  public static PackState decode(byte[] bytes) {
    CanonicalReader r = new CanonicalReader(bytes);
    int version = r.u8("pack.version");
    if (version != 1 && version != 2) {
      throw new org.medledger.core.codec.DecodeException("pack.version: " + version + " is not 1 or 2");
    }
    PackState p = new PackState(r.string("pack.lot", 20), r.string("pack.expiry", 6), r.string("pack.maker", 256),
        r.string("pack.holder", 256), r.string("pack.shippedTo", 256), status(r.u8("pack.status")),
        r.string("pack.reason", 256), r.u64("pack.height"), r.u64("pack.time"), version >= 2 ? r.string("pack.parent", 18) : "");
    r.expectEnd("pack");
    return p;
  }
}
