package org.medledger.apps.safety.contract.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.medledger.core.runtime.ContractException;

/**
 * The three FHIR code lists a report carries, through their one shared shape: every value is
 * found by its own code and no other, the codes print in declaration order (the order a case
 * version's ordinal depends on), and a bad code is refused naming the list, the code and what the
 * list holds.
 */
class CodeListTest {
  @Test
  void everyValueOfEveryListIsFoundByItsCodeAndACodeOfAnotherListIsNot() throws Exception {
    for (CodeList<?> list : List.of(Seriousness.LIST, Outcome.LIST, Causality.LIST)) {
      assertThat(list.fromCode("Probable")).as(list.name()).isEmpty();
      assertThat(list.fromCode("")).as(list.name()).isEmpty();
    }
    for (Seriousness s : Seriousness.values()) {
      assertThat(Seriousness.LIST.parse(s.code())).isSameAs(s);
    }
    for (Outcome o : Outcome.values()) {
      assertThat(Outcome.LIST.parse(o.code())).isSameAs(o);
    }
    for (Causality c : Causality.values()) {
      assertThat(Causality.LIST.parse(c.code())).isSameAs(c);
    }
    // Codes are case-sensitive: FHIR's "resolved" is an outcome, "Resolved" its display, not a code.
    assertThat(Outcome.LIST.fromCode("Resolved")).isEmpty();
    assertThat(Outcome.RESOLVED_WITH_SEQUELAE.display()).isEqualTo("Resolved with Sequelae");
    assertThat(Seriousness.DEATH.code()).isEqualTo("SeriousResultsInDeath");
  }

  @Test
  void theCodesPrintInDeclarationOrder() {
    assertThat(Outcome.LIST.codes()).isEqualTo("resolved, recovering, ongoing, resolvedWithSequelae, fatal, unknown");
    assertThat(Causality.LIST.codes()).isEqualTo(String.join(", ", Arrays.stream(Causality.values()).map(Causality::code).toList()));
    assertThat(Seriousness.LIST.codes()).startsWith("Non-serious, Serious, SeriousResultsInDeath,")
        .endsWith("SeriousRequiresPreventImpairment");
  }

  @Test
  void aBadCodeIsRefusedNamingTheListTheCodeAndEveryCodeItHolds() {
    assertThatThrownBy(() -> Outcome.LIST.parse("better")).isInstanceOf(ContractException.class)
        .hasMessageContaining("outcome: 'better' is not one of resolved, recovering, ongoing, resolvedWithSequelae, fatal, unknown");
    assertThatThrownBy(() -> Causality.LIST.parse("certain")).isInstanceOf(ContractException.class)
        .hasMessageContaining("causality: 'certain' is not one of Certain, Probably-Likely");
    assertThatThrownBy(() -> Seriousness.LIST.parse("Serious ")).isInstanceOf(ContractException.class)
        .hasMessageContaining("seriousness: 'Serious ' is not one of Non-serious, Serious,");
  }
}
