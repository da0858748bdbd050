package org.medledger.apps.records.node.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class ConsentTimesTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long JUNE_30_2027 = 1_814_313_600_000L;

  private static JsonNode body(String json) throws Exception {
    return JSON.readTree(json);
  }

  @Test
  void takesEpochMillisAsANumberOrDigits() throws Exception {
    assertThat(ConsentTimes.millis(body("{\"end\": 1814313600000}"), "end")).hasValue(1_814_313_600_000L);
    assertThat(ConsentTimes.millis(body("{\"end\": \"1814313600000\"}"), "end")).hasValue(1_814_313_600_000L);
  }

  @Test
  void takesAnIsoInstantWithItsOffsetOrADateAsUtcMidnight() throws Exception {
    assertThat(ConsentTimes.millis(body("{\"end\": \"2027-06-30T00:00:00Z\"}"), "end")).hasValue(JUNE_30_2027);
    assertThat(ConsentTimes.millis(body("{\"end\": \"2027-06-30T08:00:00+08:00\"}"), "end")).hasValue(JUNE_30_2027);
    assertThat(ConsentTimes.millis(body("{\"end\": \"2027-06-30\"}"), "end")).hasValue(JUNE_30_2027);
  }

  @Test
  void anAbsentOrNullFieldIsEmpty() throws Exception {
    assertThat(ConsentTimes.millis(body("{}"), "start")).isEmpty();
    assertThat(ConsentTimes.millis(body("{\"start\": null}"), "start")).isEmpty();
  }

  @Test
  void anythingElseIsRefusedNamingTheFieldNeverReadAsZero() {
    for (String bad : new String[] {"\"30/06/2027\"", "\"2027-06-30 00:00\"", "\"tomorrow\"", "1.5e12", "true", "[]",
        "\"2027-13-01\"", "-5", "\"\""}) {
      assertThatThrownBy(() -> ConsentTimes.millis(body("{\"end\": " + bad + "}"), "end")).as(bad)
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'end'");
    }
  }
}
