package org.medledger.core.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.medledger.core.tx.Args;

/** The declared-methods runtime on its own: routing, the unknown-method text, lazy argument decoding. */
class MethodTableTest {
  static final Arg<byte[]> DATA = Arg.hex("data");
  static final Arg<Long> COUNT = Arg.of("count", "decimal", Long::parseLong);
  final List<String> ran = new ArrayList<>();

  MethodTable table() {
    return MethodTable.of("demo")
        .tx("put", Roles.of("admin"), Weight.ONE, ctx -> ran.add("put " + DATA.in(ctx).length + " " + COUNT.in(ctx)), DATA, COUNT)
        .tx("take", Roles.of("admin", "node"), Weight.of("by count", tx -> 7), ctx -> ran.add("take"))
        .tx("drop", Roles.of("node"), Weight.ONE, ctx -> ran.add("drop"))
        .query("get", (state, args) -> new java.util.TreeMap<>(java.util.Map.of("data", DATA.inQuery(args).length + "")), DATA)
        .build();
  }

  @Test
  void anUnknownMethodListsTheDeclaredOnesInDeclarationOrder() {
    assertThatThrownBy(() -> table().execute(context("nosuch", Args.EMPTY)))
        .hasMessage("demo has no method 'nosuch' (expected put, take or drop)")
        .extracting(e -> ((ContractException) e).code()).isEqualTo("unknown_method");
    assertThatThrownBy(() -> table().query(null, "nosuch", Args.EMPTY)).hasMessage("demo has no query 'nosuch' (expected get)");
  }

  @Test
  void argumentsAreDecodedWhereTheBodyReadsThemSoTheFirstFaultInBodyOrderWins() throws Exception {
    assertThatThrownBy(() -> table().execute(context("put", Args.of("data", "zz"))))
        .hasMessage("data is not hex: not a hex character at position 0");
    assertThatThrownBy(() -> table().execute(context("put", Args.of("data", "00"))))
        .hasMessage("argument 'count' is required for demo.put");
    table().execute(context("put", Args.of("data", "0001", "count", "3", "extra", "ignored")));
    assertThat(ran).containsExactly("put 2 3");
  }

  @Test
  void rolesAndWeightsComeFromTheTable() {
    MethodTable t = table();
    assertThat(t.roles()).containsOnlyKeys("put", "take", "drop");
    assertThat(t.roles().get("take")).containsExactly("admin", "node");
    assertThat(t.describe()).contains("demo.take tx roles=admin,node weight=by count args=[]",
        "demo.put tx roles=admin weight=one args=[data:hex, count:decimal]");
  }

  @Test
  void aQueryArgumentIsRequiredWithTheQueryText() {
    assertThatThrownBy(() -> table().query(null, "get", Args.EMPTY)).hasMessage("argument 'data' is required");
  }

  static ContractContext context(String method, Args args) {
    return new ContractContext() {
      @Override public Caller caller() { return null; }
      @Override public org.medledger.crypto.Hash transactionId() { return null; }
      @Override public long blockHeight() { return 1; }
      @Override public long blockTimestamp() { return 1; }
      @Override public String method() { return method; }
      @Override public Args args() { return args; }

      @Override
      public String requireArg(String name) throws ContractException {
        String v = args.get(name).orElse("");
        if (v.isEmpty()) {
          throw new ContractException("missing_argument", "argument '" + name + "' is required for demo." + method);
        }
        return v;
      }

      @Override public byte[] get(String key) { return null; }
      @Override public void put(String key, byte[] value) { }
      @Override public void delete(String key) { }
      @Override public byte[] read(String namespace, String key) { return null; }
      @Override public void scanOther(String namespace, String prefix, java.util.function.BiPredicate<String, byte[]> v) { }
      @Override public void scan(String prefix, java.util.function.BiPredicate<String, byte[]> v) { }
      @Override public void emit(String type, Args attributes) { }
    };
  }
}
