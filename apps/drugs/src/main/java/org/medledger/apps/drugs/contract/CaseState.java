package org.medledger.apps.drugs.contract;

import java.util.List;
import java.util.Objects;
import org.medledger.core.codec.CanonicalReader;
import org.medledger.core.codec.CanonicalWriter;

/**
 * A case or pallet (SSCC) as the ledger knows it: who packed it, the case it is itself packed in
 * (or ""), and what it holds, each child named as {@code 01/{gtin}/21/{serial}} or {@code 00/{sscc}}
 * in packing order. An event on a case applies to everything inside it.
 */
public record CaseState(String packer, String parent, List<String> children) {
  public static final int MAX_CHILDREN = DrugsContract.MAX_SERIALS_PER_TRANSACTION;

  public CaseState {
    Objects.requireNonNull(packer, "packer");
    Objects.requireNonNull(parent, "parent");
    children = List.copyOf(children);
  }

  CaseState withChildren(List<String> newChildren) {
    return new CaseState(packer, parent, newChildren);
  }

  CaseState inCase(String sscc) {
    return new CaseState(packer, sscc, children);
  }

  public byte[] encode() {
    CanonicalWriter w = new CanonicalWriter(32 + 40 * children.size()).u8(1).string(packer).string(parent).u32(children.size());
    children.forEach(w::string);
    return w.toByteArray();
  }

  public static CaseState decode(byte[] bytes) {
    CanonicalReader r = new CanonicalReader(bytes);
    r.u8("case.version");
    String packer = r.string("case.packer", 256);
    String parent = r.string("case.parent", 18);
    long n = r.u32("case.children");
    if (n > MAX_CHILDREN) {
      throw new IllegalArgumentException("case.children: more than " + MAX_CHILDREN);
    }
    java.util.ArrayList<String> children = new java.util.ArrayList<>((int) n);
    for (long i = 0; i < n; i++) {
      children.add(r.string("case.child", 64));
    }
    r.expectEnd("case");
    return new CaseState(packer, parent, children);
  }
}
