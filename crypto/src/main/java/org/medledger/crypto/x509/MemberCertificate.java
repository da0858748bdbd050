package org.medledger.crypto.x509;

import java.security.PublicKey;
import java.security.cert.X509Certificate;
import org.medledger.crypto.Hash;

/** A consortium certificate that checked out: who it names, and the key it certifies. */
public record MemberCertificate(
    Hash id, String organisation, Role role, String name, PublicKey publicKey, X509Certificate certificate) {}
