package org.medledger.core.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class StateKeyFormTest {
  private static final String HASH = "ab".repeat(32);

  @Test
  void aHashSegmentTakesOnlySixtyFourLowercaseHexDigits() {
    StateKeyForm doc = new StateKeyForm("doc/{hash}/{organisation}");
    assertThat(doc.matches("doc/" + HASH + "/hospital-a")).isTrue();
    assertThat(doc.matches("doc/" + HASH)).isFalse();
    assertThat(doc.matches(HASH)).isFalse();
    assertThat(doc.matches("doc/" + HASH.toUpperCase() + "/hospital-a")).isFalse();
    assertThat(doc.matches("doc/" + HASH.substring(2) + "/hospital-a")).isFalse();
    assertThat(doc.matches("doc/" + HASH + "/")).isFalse();
    assertThat(doc.matches("doc/" + HASH + "/a/b")).isFalse();
  }

  @Test
  void aLastRestSegmentTakesNamesThatHoldSlashes() {
    StateKeyForm pack = new StateKeyForm("pack/{gtin}/{...}");
    assertThat(pack.matches("pack/09506000134352/ABC/12")).isTrue();
    assertThat(pack.matches("pack/09506000134352/ABC")).isTrue();
    assertThat(pack.matches("pack/09506000134352")).isFalse();
    assertThat(pack.matches("pack/09506000134352/")).isFalse();
  }

  @Test
  void aMalformedFormIsRefused() {
    assertThatThrownBy(() -> new StateKeyForm("a/{...}/b")).hasMessageContaining("{...}");
    assertThatThrownBy(() -> new StateKeyForm("/a")).hasMessageContaining("segments");
  }
}
