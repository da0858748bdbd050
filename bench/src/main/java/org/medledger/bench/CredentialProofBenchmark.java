package org.medledger.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.medledger.apps.credentials.vc.ClinicianCredential;
import org.medledger.apps.credentials.vc.DataIntegrityProof;
import org.medledger.apps.credentials.vc.ProofException;
import org.medledger.apps.credentials.vc.SignedCredential;
import org.medledger.crypto.CryptoSuite;
import org.medledger.crypto.CryptoSuites;
import org.medledger.crypto.Hash;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A clinician credential's Data Integrity proof checked offline, one core (issue 16, "Measured"):
 * JCS of the document and of the proof configuration, their two hashes and one signature
 * verification, per suite ({@code ecdsa-jcs-2019} on intl, {@code medledger-sm2-jcs-2026} on gm).
 * The proof alone: a whole check also verifies the issuer's certificate and the status snapshot's
 * seals (docs/credentials.md).
 */
@State(org.openjdk.jmh.annotations.Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class CredentialProofBenchmark {
  @Param({"intl", "gm"})
  String suite;

  CryptoSuite cs;
  ObjectNode document;
  KeyPair board;

  @Setup
  public void setup() {
    cs = CryptoSuites.byId(suite);
    board = cs.signatures().generateKeyPair(new SecureRandom());
    long jan2027 = 1_799_020_800_000L;
    ClinicianCredential claims = new ClinicianCredential("bench-chain", "medical-board", "MB-1001",
        Hash.fromHex("ab".repeat(32)), "hospital-a", "Physician", List.of("Emergency medicine"),
        List.of(org.medledger.apps.credentials.contract.view.Scope.PRESCRIBE,
            org.medledger.apps.credentials.contract.view.Scope.BREAK_GLASS), jan2027, jan2027 + 365L * 86_400_000L);
    document = SignedCredential.sign(claims, cs, cs.signatures().signer(board), Hash.fromHex("cd".repeat(32)), jan2027)
        .document();
  }

  @Benchmark
  public ObjectNode verifyProof() throws ProofException {
    DataIntegrityProof.verify(document, cs, board.getPublic());
    return document;
  }
}
