package org.medledger.core.block;

import java.util.Objects;
import org.medledger.crypto.Hash;

/** One validator's signature over a block's commit message (see {@link CommitCertificate}). */
public record CommitSeal(Hash validator, byte[] signature) {
  public CommitSeal {
    Objects.requireNonNull(validator, "validator");
    Objects.requireNonNull(signature, "signature");
    signature = signature.clone();
  }

  @Override
  public byte[] signature() {
    return signature.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof CommitSeal s
        && validator.equals(s.validator)
        && java.util.Arrays.equals(signature, s.signature);
  }

  @Override
  public int hashCode() {
    return validator.hashCode() * 31 + java.util.Arrays.hashCode(signature);
  }
}
