package org.medledger.apps.safety.node.readings;

import java.util.Optional;

/**
 * What the gateway needs of a device unit the ledger registers: its UDI, the public key its
 * maker registered for it (SubjectPublicKeyInfo, DER; empty for a unit registered without one,
 * whose readings are refused), and the patient it is assigned to, if any.
 */
public record RegisteredDevice(String udi, Optional<byte[]> publicKey, Optional<String> assignedPatient) {}
