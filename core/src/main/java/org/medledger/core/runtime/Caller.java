package org.medledger.core.runtime;

import org.medledger.crypto.Hash;

/** Who sent a transaction, as proven by the certificate that signed it. */
public record Caller(Hash certificateId, String organisation, String role, String name) {}
