package org.medledger.core.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every contract of the release declares its methods, and the declared tables (name, roles,
 * weight rule, arguments; queries) are pinned in {@code contract-methods.txt}: a role added to a
 * method, an argument renamed or a weight rule changed shows in review as a change of that file
 * (docs/security.md, "Contract methods", must say the same roles).
 */
class ContractMethodTableTest {
  static final Path GOLDEN = Path.of("src/test/resources/org/medledger/core/runtime/contract-methods.txt");

  @Test
  void everyContractDeclaresTheTablePinnedForReview() throws IOException {
    List<String> lines = new ArrayList<>();
    for (Contract c : new PinnedLedger().registry.all()) {
      assertThat(c).as(c.name() + " declares its methods").isInstanceOf(DeclaredContract.class);
      lines.addAll(((DeclaredContract) c).table().describe());
    }
    if (Boolean.getBoolean("medledger.pin.regenerate")) {
      Files.writeString(GOLDEN, String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
      return;
    }
    assertThat(lines).containsExactlyElementsOf(Files.readAllLines(GOLDEN, StandardCharsets.UTF_8));
  }

  @Test
  void theRolesTheRuntimeChecksAreTheDeclaredOnes() {
    for (Contract c : new PinnedLedger().registry.all()) {
      MethodTable t = ((DeclaredContract) c).table();
      for (MethodTable.Method m : t.methods()) {
        if (m.roles().any()) {
          assertThat(c.methodRoles()).as(c.name() + " checks its callers itself").isEmpty();
        } else {
          assertThat(c.methodRoles().get(m.name())).as(c.name() + "." + m.name()).isEqualTo(m.roles().names());
        }
      }
    }
  }

  @Test
  void aTableMixingOpenAndRestrictedMethodsIsRefused() {
    MethodTable.Builder b = MethodTable.of("mixed")
        .tx("open", Roles.ANY, Weight.ONE, ctx -> { })
        .tx("closed", Roles.of("admin"), Weight.ONE, ctx -> { });
    org.assertj.core.api.Assertions.assertThatThrownBy(b::build).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("mixed");
  }
}
