package org.medledger.it.genesis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.medledger.core.genesis.Genesis;
import org.medledger.core.genesis.GenesisApplication;
import org.medledger.core.genesis.GenesisJson;
import org.medledger.node.application.Applications;
import org.medledger.node.application.MissingApplicationException;

/**
 * The genesis's {@code applications} field (issue 14) against the golden chain's genesis, written
 * before the field existed: without it the hash is the one recorded then; with it the hash commits
 * to the list; the release's applications run it, and a release lacking one refuses, naming it.
 */
class GenesisApplicationsTest {
  /** The golden chain's genesis hash (it/src/test/resources/golden/intl/chain.txt, recorded before the field). */
  static final String GOLDEN_INTL_GENESIS_HASH = "0e7a2a29c560d3aeac118b181e149144d8a9b4f7e1580863184d043a491b309c";

  static Genesis golden() throws Exception {
    try (InputStream in = GenesisApplicationsTest.class.getResourceAsStream("/golden/intl/genesis.json")) {
      return GenesisJson.read(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    }
  }

  @Test
  void aGenesisWithoutTheFieldKeepsItsHashAndRunsNotaryRecordsAndDrugs() throws Exception {
    Genesis g = golden();
    assertThat(g.applications()).isEmpty();
    assertThat(g.hash().hex()).isEqualTo(GOLDEN_INTL_GENESIS_HASH);
    assertThat(GenesisJson.write(g)).doesNotContain("applications");
    assertThat(g.applicationsRun()).extracting(GenesisApplication::name).containsExactly("notary", "records", "drugs");
    assertThat(Applications.onClassPath().forChain(g)).extracting(a -> a.name()).containsExactly("drugs", "notary", "records");
  }

  @Test
  void aNamedListIsCommittedToByTheHashAndSurvivesJson() throws Exception {
    Genesis named = golden().withApplications(Applications.onClassPath().shipped());
    assertThat(named.hash().hex()).isNotEqualTo(GOLDEN_INTL_GENESIS_HASH);
    Genesis read = GenesisJson.read(GenesisJson.write(named));
    assertThat(read.applications()).contains(List.of(
        new GenesisApplication("care", 1),
        new GenesisApplication("credentials", 1),
        new GenesisApplication("drugs", 1),
        new GenesisApplication("insurance", 1),
        new GenesisApplication("notary", 1),
        new GenesisApplication("records", 1),
        new GenesisApplication("safety", 1),
        new GenesisApplication("trials", 1)));
    assertThat(read.hash()).isEqualTo(named.hash());
    Genesis fewer = golden().withApplications(List.of(new GenesisApplication("notary", 1)));
    assertThat(fewer.hash()).isNotEqualTo(named.hash());
    assertThat(Applications.onClassPath().forChain(fewer)).extracting(a -> a.name()).containsExactly("notary");
  }

  @Test
  void aReleaseLackingANamedApplicationRefusesNamingIt() throws Exception {
    Genesis g = golden().withApplications(List.of(new GenesisApplication("notary", 1), new GenesisApplication("veterinary", 1)));
    assertThatThrownBy(() -> Applications.onClassPath().forChain(g)).isInstanceOf(MissingApplicationException.class)
        .hasMessageContaining("application 'veterinary' (version 1) is not in this release");
    Genesis newer = golden().withApplications(List.of(new GenesisApplication("notary", 2)));
    assertThatThrownBy(() -> Applications.onClassPath().contracts(new org.medledger.core.membership.Membership(newer)))
        .isInstanceOf(MissingApplicationException.class).hasMessageContaining("'notary' is at version 1 in this release");
  }

  @Test
  void theGenesisNamesAnApplicationOnce() {
    assertThatThrownBy(() -> golden().withApplications(List.of(new GenesisApplication("notary", 1), new GenesisApplication("notary", 1))))
        .hasMessageContaining("names application 'notary' twice");
    assertThatThrownBy(() -> GenesisJson.read(GenesisJson.write(golden()).replaceFirst("\\{", "{\"applications\":[{\"name\":\"Bad/App\",\"version\":1}],")))
        .hasMessageContaining("application name 'Bad/App'");
  }
}
