package org.medledger.apps.insurance.node.portal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.medledger.apps.insurance.contract.ClaimStatus;
import org.medledger.apps.insurance.contract.LineReason;

/**
 * The portal's receipt-verify.js decodes a claim record by the ordinals of {@link LineReason} and
 * {@link ClaimStatus}; a reordered or added value must change its tables too, or the browser would
 * read a claim's reasons and status wrongly.
 */
class BrowserEobTablesTest {
  @Test
  void theBrowsersClaimTablesAreTheContractsEnumsInOrder() throws Exception {
    String js;
    try (InputStream in = BrowserEobTablesTest.class.getResourceAsStream("/org/medledger/node/ui/static/receipt-verify.js")) {
      js = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    assertThat(table(js, "LINE_REASONS")).isEqualTo(Arrays.stream(LineReason.values()).map(LineReason::wireName).toList());
    assertThat(table(js, "LINE_REASON_COVERED")).isEqualTo(Arrays.stream(LineReason.values())
        .map(r -> String.valueOf(r.covered())).toList());
    assertThat(table(js, "CLAIM_STATUSES")).isEqualTo(Arrays.stream(ClaimStatus.values()).map(ClaimStatus::wireName).toList());
  }

  private static List<String> table(String js, String name) {
    Matcher m = Pattern.compile("var " + name + " = \\[([^\\]]*)\\];").matcher(js);
    assertThat(m.find()).as(name + " in receipt-verify.js").isTrue();
    return Arrays.stream(m.group(1).split(",")).map(s -> s.strip().replace("'", "")).toList();
  }
}
