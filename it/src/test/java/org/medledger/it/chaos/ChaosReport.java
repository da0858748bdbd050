package org.medledger.it.chaos;

import java.util.List;

/**
 * What a chaos run measured. Safety counts are exact and must be zero; the timings are the
 * shared machine's and only printed (and bounded generously while the run goes).
 *
 * @param doubleSignatures equivocations of validators that ran no twin: evidence committed on the
 *     chain plus evidence any validator's engine saw (none is expected: they run honest code)
 * @param twinConvictions for each validator a {@link Perturbation.Twin} ran twice (by
 *     organisation), the evidence records the chain holds naming it (at least one is expected)
 */
public record ChaosReport(
    long blocks,
    int acknowledged,
    int lostAcknowledged,
    int differingHeaders,
    int differingStateRoots,
    long doubleSignatures,
    List<String> linearizabilityViolations,
    int registerReads,
    int registerSets,
    int registerRefusals,
    int registerUnknown,
    long healToBlockP50Millis,
    long healToBlockP99Millis,
    long longestBlockGapMillis,
    long roundsPerHeightP99,
    long roundsPerHeightMax,
    long latencyP50Millis,
    long latencyP99Millis,
    List<String> differences,
    java.util.Map<String, Long> twinConvictions) {

  String text() {
    return String.join("\n",
        "chaos run: " + blocks + " blocks, " + acknowledged + " acknowledged transactions",
        "  heal to first new block: p50 " + healToBlockP50Millis + " ms, p99 " + healToBlockP99Millis + " ms",
        "  longest gap between blocks: " + longestBlockGapMillis + " ms",
        "  rounds per height: p99 " + roundsPerHeightP99 + ", max " + roundsPerHeightMax,
        "  submit to commit: p50 " + latencyP50Millis + " ms, p99 " + latencyP99Millis + " ms",
        "  register: " + registerReads + " reads, " + registerSets + " sets, " + registerRefusals
            + " compare-and-sets refused (version moved), " + registerUnknown + " unanswered; "
            + linearizabilityViolations.size() + " linearizability violations",
        "  lost acknowledged transactions: " + lostAcknowledged,
        "  heights with differing headers: " + differingHeaders,
        "  heights with differing state roots: " + differingStateRoots,
        "  double signatures (evidence) of validators without a twin: " + doubleSignatures
            + (twinConvictions.isEmpty() ? "" : "\n  evidence committed naming each twinned validator: " + twinConvictions));
  }
}
