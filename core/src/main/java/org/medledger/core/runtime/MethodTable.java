package org.medledger.core.runtime;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import org.medledger.core.tx.Args;
import org.medledger.core.tx.Transaction;

/**
 * A contract's methods, each declared once: name, the roles that may call it, its weight and its
 * arguments (Fabric's declared transactions, without reflection). The runtime routes by a map
 * lookup, refuses an unknown method with one text ("{ns} has no method '{m}' (expected a, b or
 * c)", in declaration order), gives {@link MethodRoles} the roles and the executor the weight.
 * Arguments are decoded by the body, lazily, through the declared {@link Arg}s, so the order of
 * checks stays the body's; arguments no method reads are ignored.
 */
public final class MethodTable {
  /** Runs one transaction of a method. */
  @FunctionalInterface
  public interface TxHandler {
    void run(ContractContext ctx) throws ContractException;
  }

  /** Answers one query. */
  @FunctionalInterface
  public interface QueryHandler {
    SortedMap<String, String> answer(StateReader state, Args args) throws ContractException;
  }

  /** A transaction method as declared. */
  public record Method(String name, Roles roles, Weight weight, TxHandler handler, List<Arg<?>> args) {}

  /** A query as declared. */
  public record Query(String name, QueryHandler handler, List<Arg<?>> args) {}

  private final String namespace;
  private final List<Method> methods;
  private final List<Query> queries;
  private final TreeMap<String, Method> methodsByName = new TreeMap<>();
  private final TreeMap<String, Query> queriesByName = new TreeMap<>();
  private final Map<String, Set<String>> roles;
  private final Weight unknownWeight;
  private final String unknownQuery;
  private final String expectedMethods;
  private final String expectedQueries;

  private MethodTable(Builder b) {
    this.namespace = b.namespace;
    this.methods = List.copyOf(b.methods);
    this.queries = List.copyOf(b.queries);
    this.unknownWeight = b.unknownWeight;
    this.unknownQuery = b.unknownQuery;
    methods.forEach(m -> methodsByName.put(m.name(), m));
    queries.forEach(q -> queriesByName.put(q.name(), q));
    long open = methods.stream().filter(m -> m.roles().any()).count();
    if (open != 0 && open != methods.size()) {
      // MethodRoles reads an empty table as "the contract checks its callers itself"; a table
      // with some methods open to any role would refuse those as unknown.
      throw new IllegalStateException(namespace + ": declare the roles of every method, or of none");
    }
    TreeMap<String, Set<String>> r = new TreeMap<>();
    if (open == 0) {
      methods.forEach(m -> r.put(m.name(), m.roles().names()));
    }
    this.roles = Collections.unmodifiableSortedMap(r);
    this.expectedMethods = alternatives(methods.stream().map(Method::name).toList());
    this.expectedQueries = alternatives(queries.stream().map(Query::name).toList());
  }

  public static Builder of(String namespace) {
    return new Builder(namespace);
  }

  public String namespace() {
    return namespace;
  }

  public List<Method> methods() {
    return methods;
  }

  public List<Query> queries() {
    return queries;
  }

  public Optional<Method> method(String name) {
    return Optional.ofNullable(methodsByName.get(name));
  }

  /** Routes a transaction to its method. */
  public void execute(ContractContext ctx) throws ContractException {
    Method m = methodsByName.get(ctx.method());
    if (m == null) {
      throw new ContractException("unknown_method", namespace + " has no method '" + ctx.method() + "' (expected "
          + expectedMethods + ")");
    }
    m.handler().run(ctx);
  }

  /** Routes a query to its handler. */
  public SortedMap<String, String> query(StateReader state, String method, Args args) throws ContractException {
    Query q = queriesByName.get(method);
    if (q == null) {
      throw new ContractException("unknown_method", unknownQuery != null ? unknownQuery
          : namespace + " has no query '" + method + "' (expected " + expectedQueries + ")");
    }
    return q.handler().answer(state, args);
  }

  /** Each method with the roles that may call it; empty when every method is open to any role. */
  public Map<String, Set<String>> roles() {
    return roles;
  }

  public long weight(Transaction tx) {
    Method m = methodsByName.get(tx.method());
    return (m == null ? unknownWeight : m.weight()).of(tx);
  }

  /** The table as reviewed (a golden file pins it): one line per method and query. */
  public List<String> describe() {
    List<String> out = new ArrayList<>();
    for (Method m : methods) {
      out.add(namespace + "." + m.name() + " tx roles=" + m.roles() + " weight=" + m.weight().kind() + " args=" + m.args());
    }
    if (!methods.isEmpty()) {
      out.add(namespace + ".* unknown weight=" + unknownWeight.kind());
    }
    for (Query q : queries) {
      out.add(namespace + "." + q.name() + " query args=" + q.args());
    }
    return out;
  }

  /** "a", "a or b", "a, b or c". */
  private static String alternatives(List<String> names) {
    if (names.size() <= 1) {
      return String.join("", names);
    }
    return String.join(", ", names.subList(0, names.size() - 1)) + " or " + names.get(names.size() - 1);
  }

  /** Declares a table, method by method, in the order its unknown-method text lists them. */
  public static final class Builder {
    private final String namespace;
    private final List<Method> methods = new ArrayList<>();
    private final List<Query> queries = new ArrayList<>();
    private Weight unknownWeight = Weight.ONE;
    private String unknownQuery;

    private Builder(String namespace) {
      this.namespace = namespace;
    }

    public Builder tx(String name, Roles roles, Weight weight, TxHandler handler, Arg<?>... args) {
      if (methods.stream().anyMatch(m -> m.name().equals(name))) {
        throw new IllegalStateException(namespace + "." + name + " declared twice");
      }
      methods.add(new Method(name, roles, weight, handler, List.of(args)));
      return this;
    }

    public Builder query(String name, QueryHandler handler, Arg<?>... args) {
      if (queries.stream().anyMatch(q -> q.name().equals(name))) {
        throw new IllegalStateException(namespace + " query " + name + " declared twice");
      }
      queries.add(new Query(name, handler, List.of(args)));
      return this;
    }

    /** How a transaction naming no declared method is weighed before it is refused (default one). */
    public Builder weighUnknown(Weight weight) {
      this.unknownWeight = weight;
      return this;
    }

    /** The refusal of any query not declared, in place of the template (e.g. where the data is read instead). */
    public Builder unknownQuery(String message) {
      this.unknownQuery = message;
      return this;
    }

    public MethodTable build() {
      return new MethodTable(this);
    }
  }
}
