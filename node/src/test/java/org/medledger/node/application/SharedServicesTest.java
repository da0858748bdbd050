package org.medledger.node.application;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.medledger.core.runtime.Caller;
import org.medledger.core.runtime.StateReader;
import org.medledger.core.tx.Transaction;

/** Every application's metadata rule is kept (they combine); every other type keeps its one provider. */
class SharedServicesTest {
  /** A rule answering for one namespace only, as each application's does. */
  record HidesNamespace(String namespace) implements MetadataRule {
    @Override
    public boolean maySee(StateReader state, Caller who, Transaction tx) {
      return !namespace.equals(tx.contract());
    }

    @Override
    public boolean maySee(StateReader state, Caller who, byte[] fullKey) {
      return !new String(fullKey, java.nio.charset.StandardCharsets.UTF_8).startsWith(namespace + "\0");
    }
  }

  @Test
  void twoApplicationsRulesAreBothKeptInRegistrationOrder() {
    SharedServices services = new SharedServices();
    MetadataRule care = new HidesNamespace("care");
    MetadataRule records = new HidesNamespace("records");
    services.provide(MetadataRule.class, care);
    services.provide(MetadataRule.class, records);
    assertThat(services.metadataRules()).containsExactly(care, records);
    // find() would silently answer with one of them: it refuses, naming the method that reads them all.
    assertThatThrownBy(() -> services.find(MetadataRule.class)).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("metadataRules()");
  }

  @Test
  void oneRuleIsFoundAsBeforeAndNoneMeansAllVisible() {
    SharedServices services = new SharedServices();
    assertThat(services.metadataRules()).isEmpty();
    assertThat(services.find(MetadataRule.class)).isEmpty();
    MetadataRule records = new HidesNamespace("records");
    services.provide(MetadataRule.class, records);
    assertThat(services.find(MetadataRule.class)).contains(records);
  }

  @Test
  void anyOtherTypeKeepsOneProviderAndNothingIsProvidedAfterRegistration() {
    SharedServices services = new SharedServices();
    PatientMetadataVisibility first = (state, who, patient) -> true;
    services.provide(PatientMetadataVisibility.class, first);
    // The application trying to replace another's patient rule with its own lenient one.
    assertThatThrownBy(() -> services.provide(PatientMetadataVisibility.class, (state, who, patient) -> true))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("already provided");
    assertThat(services.find(PatientMetadataVisibility.class)).containsSame(first);
    services.close();
    assertThatThrownBy(() -> services.provide(MetadataRule.class, new HidesNamespace("late")))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("while applications register");
    assertThat(services.metadataRules()).isEmpty();
  }
}
