package org.medledger.bench;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.erdtman.jcs.JsonCanonicalizer;
import org.medledger.apps.trials.contract.TrialDocument;
import org.medledger.core.runtime.ContractException;
import org.medledger.crypto.CryptoSuite;
import org.medledger.crypto.CryptoSuites;

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
 * Issue 17's "registration documents canonicalised and hashed per second", one core: a sponsor's
 * side (any layout of the document to its RFC 8785 text, by java-json-canonicalization, then its
 * hash) and the contract's side (parse the canonical text, write it back with the contract's own
 * canonicaliser and refuse a difference, then hash), per suite's hash (SHA-256 on intl, SM3 on gm).
 */
@State(org.openjdk.jmh.annotations.Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class TrialRegistrationBenchmark {
  @Param({"intl", "gm"})
  String suite;

  CryptoSuite cs;
  /** The same registration as a sponsor might write it: members out of order, spaces, escapes. */
  String asWritten;
  String canonical;

  @Setup
  public void setup() throws Exception {
    cs = CryptoSuites.byId(suite);
    asWritten = """
        {"trialId": "MLT-100001", "title": "Étude «α»: low-dose \\"aspirin\\"\\nafter stroke",
         "sponsor": "pharma-a", "conditions": ["Ischaemic stroke"],
         "interventions": ["Drug: aspirin 75 mg", "Drug: placebo"],
         "primaryOutcomes": [{"timeFrame": "12 months", "measure": "Recurrent stroke (modified Rankin)", "id": "P1"}],
         "secondaryOutcomes": [{"id": "S1", "measure": "Major bleeding (ISTH criteria)", "timeFrame": "12 months"},
                               {"id": "S2", "measure": "All-cause mortality", "timeFrame": "24 months"}],
         "primaryCompletionDate": "2025-01-15"}
        """;
    canonical = new JsonCanonicalizer(asWritten).getEncodedString();
    TrialDocument.parse(canonical); // the benchmark measures a document the contract takes
  }

  @Benchmark
  public byte[] sponsorCanonicalisesAndHashes() throws Exception {
    return cs.hash().hash(new JsonCanonicalizer(asWritten).getEncodedString().getBytes(StandardCharsets.UTF_8));
  }

  @Benchmark
  public byte[] contractChecksAndHashes() throws ContractException {
    TrialDocument.parse(canonical);
    return cs.hash().hash(canonical.getBytes(StandardCharsets.UTF_8));
  }
}
