package org.medledger.core.tx;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.SecureRandom;
import org.bouncycastle.asn1.x9.ECNamedCurveTable;
import org.junit.jupiter.api.Test;
import org.medledger.crypto.CryptoSuite;
import org.medledger.crypto.CryptoSuites;
import org.medledger.crypto.Hash;
import org.medledger.crypto.internal.DerSignatures;

/**
 * ECDSA verifiers accept both s and n − s (signatures made by phone wallets, JCA or HSMs are not
 * normalised; docs/format.md, "Transaction"). Why that is harmless: the other form of a
 * transaction's signature is the same request, with the same id (hence the same log leaf and the
 * same nonce, refused the second time), not a second transaction.
 */
class SignatureMalleabilityTest {
  private static final BigInteger N = ECNamedCurveTable.getByName("secp256r1").getN();

  @Test
  void theHighSFormOfATransactionsSignatureVerifiesAndIsTheSameTransactionId() {
    CryptoSuite suite = CryptoSuites.intl();
    KeyPair k = suite.signatures().generateKeyPair(new SecureRandom());
    Transaction tx = new Transaction.Payload("intl", "test-chain", Hash.of(new byte[32]), 7, 1_000, "notary", "anchor",
        Args.of("hash", "00")).sign(suite.signatures().signer(k));
    BigInteger[] rs = DerSignatures.decode(tx.signature(), N);
    assertThat(rs[1]).as("our signers write the low S").isLessThanOrEqualTo(N.shiftRight(1));
    Transaction twin = new Transaction.Payload("intl", "test-chain", Hash.of(new byte[32]), 7, 1_000, "notary", "anchor",
        Args.of("hash", "00")).withSignature(DerSignatures.encode(rs[0], N.subtract(rs[1])));
    assertThat(twin.encoded()).isNotEqualTo(tx.encoded());
    assertThat(suite.signatures().verifier(k.getPublic()).verify(twin.payloadBytes(), twin.signature())).isTrue();
    assertThat(twin.id(suite.hash())).isEqualTo(tx.id(suite.hash()));
    assertThat(twin.payloadBytes()).isEqualTo(tx.payloadBytes());
  }
}
