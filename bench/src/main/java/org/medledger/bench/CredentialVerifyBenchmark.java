package org.medledger.bench;

import java.util.concurrent.TimeUnit;
import org.medledger.apps.credentials.verify.CredentialPresentation;
import org.medledger.apps.credentials.verify.CredentialQr;
import org.medledger.apps.credentials.verify.CredentialVerdict;
import org.medledger.apps.credentials.verify.CredentialVerifier;
import org.medledger.bench.credentials.CredentialNetwork;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The whole offline check of a clinician's credential, one core (issue 16, "Measured"): what
 * {@code medledger credential verify} does with the genesis alone, parsing included: the Data
 * Integrity proof, the issuer's certificate against the genesis CA of its organisation and the
 * genesis's licensing authorities, the status snapshot's state proof to its header's state root
 * and the header's seals against the validators, then the ledger's status and validity.
 * {@code presentation} checks the JSON file; {@code code} a QR code's text, inflating it and
 * rendering the receipt again first. The snapshot is a real one: four validators in this process
 * (the demo's consortium) issue the credential and are stopped before measuring, so nothing but
 * the check runs; it carries the quorum of seals the node's certificate holds.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class CredentialVerifyBenchmark {
  @Param({"intl", "gm"})
  String suite;

  CredentialVerifier verifier;
  String presentation;
  String code;
  /** The verifier's clock, fixed: the verdict must not change between iterations. */
  long now;

  @Setup(Level.Trial)
  public void setup() throws Exception {
    CredentialPresentation p;
    try (CredentialNetwork network = CredentialNetwork.start(suite)) {
      p = network.presentation();
      verifier = new CredentialVerifier(network.genesis());
    }
    presentation = p.toJson().toString();
    code = CredentialQr.text(p);
    now = System.currentTimeMillis();
    for (CredentialVerdict v : new CredentialVerdict[] {presentation(), code()}) {
      if (!v.valid()) {
        throw new IllegalStateException("the benchmark's credential does not verify: " + v.line());
      }
    }
    System.out.println("\nCREDENTIAL presentation " + presentation.length() + " characters of JSON, code " + code.length()
        + " characters");
  }

  @Benchmark
  public CredentialVerdict presentation() {
    return verifier.verify(presentation, now, CredentialVerifier.DEFAULT_MAX_AGE_MILLIS);
  }

  @Benchmark
  public CredentialVerdict code() {
    return CredentialQr.verify(verifier, code, now, CredentialVerifier.DEFAULT_MAX_AGE_MILLIS);
  }
}
