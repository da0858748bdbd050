package org.medledger.core.block;

import java.util.Objects;
import org.medledger.core.codec.CanonicalReader;
import org.medledger.core.codec.CanonicalWriter;

/** A header with its commit certificate: what a light client or a receipt needs of a block. */
public record SignedHeader(BlockHeader header, CommitCertificate certificate) {
  public SignedHeader {
    Objects.requireNonNull(header, "header");
    Objects.requireNonNull(certificate, "certificate");
  }

  public byte[] encode() {
    CanonicalWriter w = new CanonicalWriter(512);
    header.writeTo(w);
    certificate.writeTo(w);
    return w.toByteArray();
  }

  public static SignedHeader decode(byte[] bytes) {
    CanonicalReader r = new CanonicalReader(bytes);
    SignedHeader s = new SignedHeader(BlockHeader.readFrom(r), CommitCertificate.readFrom(r));
    r.expectEnd("signed header");
    return s;
  }
}
