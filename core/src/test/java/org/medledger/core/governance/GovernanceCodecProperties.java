package org.medledger.core.governance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.medledger.core.Gens.hashes;
import static org.medledger.core.Gens.stringsOf;
import static org.medledger.core.Gens.text;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.booleans;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.medledger.core.codec.DecodeException;
import org.medledger.core.genesis.Threshold;
import org.medledger.core.tx.Args;
import org.quicktheories.core.Gen;

/**
 * The byte forms governance keeps in state round-trip, and mutated bytes fail cleanly; a
 * threshold's arithmetic agrees with its fraction for every electorate.
 */
class GovernanceCodecProperties {
  static final Gen<Args> TERMS = in -> {
    Map<String, String> m = new TreeMap<>();
    int n = integers().between(0, 5).generate(in);
    for (int i = 0; i < n; i++) {
      m.put(stringsOf("abcXYZ019_.-", 1, 12).generate(in), text(80).generate(in));
    }
    return Args.of(m);
  };

  static final Gen<Proposal> PROPOSALS = in -> new Proposal(
      longs().between(1, 1_000_000_000L).generate(in),
      ProposalKind.values()[integers().between(0, ProposalKind.values().length - 1).generate(in)],
      TERMS.generate(in),
      stringsOf("abcdefghij-", 1, 20).generate(in),
      hashes().generate(in),
      longs().between(0, Long.MAX_VALUE / 4).generate(in),
      longs().between(0, Long.MAX_VALUE / 4).generate(in),
      ProposalStatus.values()[integers().between(0, ProposalStatus.values().length - 1).generate(in)],
      longs().between(0, Long.MAX_VALUE / 4).generate(in),
      longs().between(0, Long.MAX_VALUE / 4).generate(in),
      text(200).generate(in));

  @Test
  void aProposalRoundTrips() {
    qt().forAll(PROPOSALS).checkAssert(p -> {
      Proposal back = Proposal.decode(p.encode());
      assertThat(back).isEqualTo(p);
      assertThat(back.encode()).isEqualTo(p.encode());
    });
  }

  @Test
  void aTruncatedOrExtendedProposalIsRefusedCleanly() {
    qt().forAll(PROPOSALS, integers().between(0, 10_000)).checkAssert((p, cut) -> {
      byte[] bytes = p.encode();
      byte[] truncated = Arrays.copyOf(bytes, cut % bytes.length);
      assertThatThrownBy(() -> Proposal.decode(truncated)).isInstanceOf(DecodeException.class);
      byte[] extended = Arrays.copyOf(bytes, bytes.length + 1 + cut % 7);
      assertThatThrownBy(() -> Proposal.decode(extended)).isInstanceOf(DecodeException.class);
    });
  }

  @Test
  void aThresholdIsMetExactlyWhenTheFractionOfVotesIsAtOrPastIt() {
    Gen<Threshold> thresholds = in -> {
      int den = integers().between(1, 100).generate(in);
      boolean strict = den > 1 && booleans().all().generate(in);
      int num = integers().between(1, strict ? den - 1 : den).generate(in);
      return new Threshold(strict, num, den);
    };
    qt().forAll(thresholds, integers().between(1, 200))
        .checkAssert((t, n) -> {
          int num = t.numerator();
          int den = t.denominator();
          boolean strict = t.strict();
          assertThat(Threshold.parse(t.toString())).isEqualTo(t);
          int needed = t.votesNeeded(n);
          for (int votes = 0; votes <= n; votes++) {
            // Exact rational comparison: votes/n against num/den.
            int cmp = Long.compare((long) votes * den, (long) num * n);
            assertThat(t.met(votes, n)).isEqualTo(strict ? cmp > 0 : cmp >= 0);
            assertThat(t.met(votes, n)).isEqualTo(votes >= needed);
          }
        });
  }

  @Test
  void aMajorityOfFourIsThreeAndTwoThirdsOfFourIsThree() {
    assertThat(Threshold.parse(">1/2").votesNeeded(4)).isEqualTo(3);
    assertThat(Threshold.parse(">1/2").votesNeeded(5)).isEqualTo(3);
    assertThat(Threshold.parse(">=2/3").votesNeeded(4)).isEqualTo(3);
    assertThat(Threshold.parse(">=2/3").votesNeeded(3)).isEqualTo(2);
    assertThatThrownBy(() -> Threshold.parse("2/3")).hasMessageContaining(">=n/d");
    assertThatThrownBy(() -> Threshold.parse(">3/2")).hasMessageContaining("1 <= n <= d");
  }
}
