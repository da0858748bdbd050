package org.medledger.core.drugs;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.medledger.core.codec.DecodeException;
import org.medledger.core.tx.Args;

/** The drugs ledger's records decode only from their one encoding; EPC names read back to what they name. */
class DrugCodecProperties {
  static final Gtin GTIN = new Gtin("09506000134352");

  Arbitrary<String> cset82(int max) {
    return Arbitraries.strings().withChars("!\"%&'()*+,-./0123456789:;<=>?ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz")
        .ofMinLength(1).ofMaxLength(max);
  }

  Arbitrary<String> orgs() {
    return Arbitraries.of("pharma-co", "dist-co", "pharmacy-1", "");
  }

  @Provide
  Arbitrary<String> ssccs() {
    return Arbitraries.strings().numeric().ofLength(17).map(s -> Sscc.withCheckDigit(s).value());
  }

  @Provide
  Arbitrary<PackState> packs() {
    return Combinators.combine(cset82(20), Arbitraries.strings().numeric().ofLength(6), orgs(), orgs(), orgs(),
        Arbitraries.of(PackState.Status.class), Arbitraries.of("", "stolen", "commissioning_error"),
        Arbitraries.longs().greaterOrEqual(0)).as((lot, exp, maker, holder, to, st, reason, h) ->
            new PackState(lot, exp, maker, holder, to, st, reason, h, h * 3, ""))
        .flatMap(p -> Arbitraries.oneOf(Arbitraries.just(""), ssccs()).map(p::inCase));
  }

  @Provide
  Arbitrary<CaseState> cases() {
    Arbitrary<String> child = Arbitraries.oneOf(cset82(20).map(s -> ItemRef.pack(GTIN, s).canonical()), ssccs().map(s -> "00/" + s));
    return Combinators.combine(orgs(), Arbitraries.oneOf(Arbitraries.just(""), ssccs()), child.list().ofMaxSize(20))
        .as(CaseState::new);
  }

  @Provide
  Arbitrary<List<DrugEvent>> eventLists() {
    Arbitrary<DrugEvent> e = Combinators.combine(Arbitraries.of("commission", "ship", "aggregate", "declareError"),
        cset82(20), cset82(40)).as((m, k, v) -> new DrugEvent(m, Args.of("gtin", GTIN.value(), "serials", v, "eventId", k)));
    return e.list().ofMinSize(1).ofMaxSize(10);
  }

  @Property(tries = 500)
  void aListOfSerialsReadsBackAsWrittenWhateverTheyHold(@ForAll("serialLists") List<String> serials) throws Exception {
    assertThat(ItemList.split(ItemList.join(serials))).isEqualTo(serials);
    // never a run ("5..7") nor two packs ("A,B") where one serial was written
    assertThat(DrugsContract.serials(ItemList.join(serials))).isEqualTo(serials);
  }

  @Provide
  Arbitrary<List<String>> serialLists() {
    Arbitrary<String> tricky = Arbitraries.of("5..7", "A,B", "%2C", "50%", "%", ".", "..", ",", "1..2,3");
    return Arbitraries.oneOf(cset82(20), tricky).list().uniqueElements().ofMinSize(1).ofMaxSize(12);
  }

  @Property(tries = 300)
  void aPackDecodesToItselfAndAnAlteredByteNeverDecodesToAnotherEncoding(@ForAll("packs") PackState p,
      @ForAll @IntRange(min = 0, max = 10_000) int at, @ForAll @IntRange(min = 1, max = 255) int flip) {
    assertThat(PackState.decode(p.encode())).isEqualTo(p);
    byte[] b = p.encode();
    b[at % b.length] ^= (byte) flip;
    try {
      PackState other = PackState.decode(b);
      assertThat(other.encode()).isEqualTo(b);
      assertThat(other).isNotEqualTo(p);
    } catch (DecodeException expected) {
      assertThat(expected.getMessage()).isNotBlank();
    }
  }

  @Property(tries = 300)
  void aCaseAndAScanCountDecodeToThemselves(@ForAll("cases") CaseState c, @ForAll @IntRange(min = 0, max = 40) int scans) {
    assertThat(CaseState.decode(c.encode())).isEqualTo(c);
    ScanCount s = ScanCount.NONE;
    for (int i = 0; i < scans; i++) {
      s = s.add(String.format("%016x", i % 23), DrugsContract.MAX_PLACES_KEPT);
    }
    assertThat(ScanCount.decode(s.encode())).isEqualTo(s);
    assertThat(s.scans()).isEqualTo(scans);
    assertThat(s.places()).hasSize(Math.min(Math.min(scans, 23), DrugsContract.MAX_PLACES_KEPT));
  }

  @Property(tries = 200)
  void aCapturesEventsDecodeToThemselves(@ForAll("eventLists") List<DrugEvent> events) {
    assertThat(DrugEvent.decodeList(DrugEvent.encodeList(events), 1 << 20)).isEqualTo(events);
  }

  @Property(tries = 300)
  void anSgtinUrnAndItsDigitalLinkNameTheSamePack(@ForAll("ssccs") String sscc, @ForAll @IntRange(min = 6, max = 12) int prefix) {
    // A URN splits the key after the company prefix, whose length (6–12 digits) the key itself does not say.
    String seventeen = sscc.substring(0, 17);
    String urn = "urn:epc:id:sscc:" + seventeen.substring(1, 1 + prefix) + "." + seventeen.charAt(0) + seventeen.substring(1 + prefix);
    assertThat(EpcUri.parse(urn)).isEqualTo(ItemRef.ofCase(new Sscc(sscc)));
    assertThat(EpcUri.parse(EpcUri.digitalLink(ItemRef.ofCase(new Sscc(sscc)), EpcUri.GS1_RESOLVER))).isEqualTo(ItemRef.ofCase(new Sscc(sscc)));
    String gtin13 = GTIN.value().substring(0, 13);
    String sgtinUrn = "urn:epc:id:sgtin:" + gtin13.substring(1, 1 + prefix) + "." + gtin13.charAt(0) + gtin13.substring(1 + prefix) + ".A%2F1";
    assertThat(EpcUri.parse(sgtinUrn)).isEqualTo(ItemRef.pack(GTIN, "A/1"));
  }

  @Property(tries = 300)
  void aPacksDigitalLinkReadsBackToThePack(@ForAll("serials") String serial) {
    ItemRef pack = ItemRef.pack(GTIN, serial);
    assertThat(EpcUri.parse(EpcUri.digitalLink(pack, "https://id.example.org"))).isEqualTo(pack);
    assertThat(ItemRef.parse(pack.canonical())).isEqualTo(pack);
  }

  @Provide
  Arbitrary<String> serials() {
    return cset82(20);
  }
}
