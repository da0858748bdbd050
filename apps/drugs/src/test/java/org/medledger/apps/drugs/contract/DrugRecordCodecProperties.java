package org.medledger.apps.drugs.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.medledger.core.Gens.digits;
import static org.medledger.core.Gens.stringsOf;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.arbitrary;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.medledger.core.codec.DecodeException;
import org.quicktheories.core.Gen;

/**
 * Issue 22, finding 8: trace, error-declaration, recall and company-prefix records are
 * length-prefixed, so any text, line breaks and separators included, reads back as written, and an
 * altered byte either fails to decode with a named field or decodes to exactly those bytes.
 */
class DrugRecordCodecProperties {
  /** Text a member may send: line breaks, tabs, the old separators, non-ASCII. */
  static Gen<String> text() {
    return stringsOf("ab \n\t\r/:,.%\u0000é漢", 0, 40);
  }

  static Gen<String> orgs() {
    return arbitrary().pick("pharma-co", "dist-co", "nmpa", "");
  }

  static final Gen<TraceEntry> TRACES = in -> new TraceEntry(arbitrary().pick("ship", "receive", "aggregate", "declareError").generate(in),
      orgs().generate(in), text().generate(in), longs().between(0, Long.MAX_VALUE).generate(in), text().generate(in));

  static final Gen<ErrorDeclaration> ERRORS = in -> new ErrorDeclaration(text().generate(in), orgs().generate(in),
      longs().between(0, Long.MAX_VALUE).generate(in), lists().of(text()).ofSizeBetween(0, 5).generate(in));

  static final Gen<LotRecalls> RECALLS = lists().of(in -> new LotRecalls.Recall(text().generate(in), orgs().generate(in),
      arbitrary().pick("maker", "admin", "regulator").generate(in), longs().between(0, Long.MAX_VALUE).generate(in),
      longs().between(0, Long.MAX_VALUE).generate(in))).ofSizeBetween(0, 6).map(LotRecalls::new);

  static final Gen<PrefixChange> PREFIXES = in -> new PrefixChange(digits(integers().between(6, 12).generate(in)).generate(in),
      orgs().generate(in), orgs().generate(in), orgs().generate(in), text().generate(in), longs().between(0, Long.MAX_VALUE).generate(in),
      longs().between(0, Long.MAX_VALUE).generate(in), digits(64).generate(in));

  static <T> void roundTripsAndAlteredBytesNeverPassForAnother(T value, Function<T, byte[]> encode, Function<byte[], T> decode, int at,
      int flip) {
    byte[] b = encode.apply(value);
    assertThat(decode.apply(b)).isEqualTo(value);
    b[at % b.length] ^= (byte) flip;
    try {
      T other = decode.apply(b);
      assertThat(encode.apply(other)).isEqualTo(b);
      assertThat(other).isNotEqualTo(value);
    } catch (DecodeException | IllegalArgumentException expected) {
      assertThat(expected.getMessage()).isNotBlank();
    }
  }

  @Test
  void aTraceEntryReadsBackWhateverTextItHolds() {
    qt().withExamples(300).forAll(TRACES, integers().between(0, 10_000), integers().between(1, 255))
        .checkAssert((t, at, flip) -> roundTripsAndAlteredBytesNeverPassForAnother(t, TraceEntry::encode, TraceEntry::decode, at, flip));
  }

  @Test
  void anErrorDeclarationReadsBackWhateverTextItHolds() {
    qt().withExamples(300).forAll(ERRORS, integers().between(0, 10_000), integers().between(1, 255)).checkAssert((e, at, flip) ->
        roundTripsAndAlteredBytesNeverPassForAnother(e, ErrorDeclaration::encode, ErrorDeclaration::decode, at, flip));
  }

  @Test
  void everyRecallOfALotReadsBackInOrder() {
    qt().withExamples(300).forAll(RECALLS, integers().between(0, 10_000), integers().between(1, 255))
        .checkAssert((r, at, flip) -> roundTripsAndAlteredBytesNeverPassForAnother(r, LotRecalls::encode, LotRecalls::decode, at, flip));
  }

  @Test
  void aCompanyPrefixActReadsBack() {
    qt().withExamples(300).forAll(PREFIXES, integers().between(0, 10_000), integers().between(1, 255)).checkAssert((p, at, flip) ->
        roundTripsAndAlteredBytesNeverPassForAnother(p, PrefixChange::encode, PrefixChange::decode, at, flip));
  }
}
