package org.medledger.consensus;

import org.medledger.crypto.Hash;
import org.medledger.crypto.Signer;

/**
 * One key a validator's node signs consensus messages with: the validator id (its node
 * certificate's id) and the signer of that certificate's key. A node holds two while its
 * certificate is rotated: the old one signs up to the rotation's height, the new one from it.
 */
public record ValidatorKey(Hash id, Signer signer) {}
