package org.medledger.core.runtime;

import java.util.Optional;
import org.medledger.core.codec.DecodeException;
import org.medledger.core.tx.Args;
import org.medledger.crypto.Hash;
import org.medledger.crypto.Hex;

/**
 * A typed contract argument: its name, what it holds (for the method table), and its one decoder.
 * A contract declares each argument once and reads it where its rules need it ({@link #in}), so
 * arguments are decoded lazily in the body's order: which of two faults a transaction is refused
 * for is consensus bytes (its outcome is in the block's log leaf). A missing argument is refused
 * with the context's {@code missing_argument} text; a bad one with {@code invalid_argument} and
 * the argument's name.
 */
public record Arg<T>(String name, String kind, Decoder<T> decoder) {
  /** Turns an argument's text into its value, or refuses it. */
  @FunctionalInterface
  public interface Decoder<T> {
    T decode(String value) throws ContractException;
  }

  /** One more step of decoding, from an already decoded value. */
  @FunctionalInterface
  public interface Step<T, R> {
    R apply(T value) throws ContractException;
  }

  /** Parses with a function that throws IllegalArgumentException on bad input. */
  @FunctionalInterface
  public interface Parser<T> {
    T parse(String value);
  }

  /** Free text, checked by the contract's own rules. */
  public static Arg<String> text(String name) {
    return new Arg<>(name, "text", v -> v);
  }

  /** Hex bytes; "{name} is not hex: …". */
  public static Arg<byte[]> hex(String name) {
    return new Arg<>(name, "hex", v -> {
      try {
        return Hex.decode(v);
      } catch (IllegalArgumentException e) {
        throw new ContractException("invalid_argument", name + " is not hex: " + e.getMessage());
      }
    });
  }

  /** A 64-hex hash or id; "{name} must be a 64-hex hash or id: …". */
  public static Arg<Hash> hash(String name) {
    return hash(name, "a 64-hex hash or id");
  }

  /** A 64-hex hash or id described as {@code what}: "{name} must be {what}: …". */
  public static Arg<Hash> hash(String name, String what) {
    return new Arg<>(name, "hash", v -> {
      try {
        return Hash.fromHex(v);
      } catch (IllegalArgumentException e) {
        throw new ContractException("invalid_argument", name + " must be " + what + ": " + e.getMessage());
      }
    });
  }

  /** A value {@code parser} reads; "{name}: {its complaint}" when it cannot. */
  public static <T> Arg<T> parsed(String name, String kind, Parser<T> parser) {
    return new Arg<>(name, kind, v -> {
      try {
        return parser.parse(v);
      } catch (IllegalArgumentException e) {
        throw new ContractException("invalid_argument", name + ": " + e.getMessage());
      }
    });
  }

  /** Hex of a canonical encoding {@code codec} reads; "{name}: {complaint}" for bad hex or bad bytes alike. */
  public static <T> Arg<T> encoded(String name, String kind, java.util.function.Function<byte[], T> codec) {
    return new Arg<>(name, kind, v -> {
      try {
        return codec.apply(Hex.decode(v));
      } catch (DecodeException | IllegalArgumentException e) {
        throw new ContractException("invalid_argument", name + ": " + e.getMessage());
      }
    });
  }

  /** An argument whose decoder the contract gives, with refusals of its own wording. */
  public static <T> Arg<T> of(String name, String kind, Decoder<T> decoder) {
    return new Arg<>(name, kind, decoder);
  }

  /** This argument decoded further: e.g. hex bytes that must be a public key. */
  public <R> Arg<R> then(String newKind, Step<T, R> step) {
    Decoder<T> first = decoder;
    return new Arg<>(name, newKind, v -> step.apply(first.decode(v)));
  }

  /** The required argument of a transaction (absent or empty is {@code missing_argument}). */
  public T in(ContractContext ctx) throws ContractException {
    return decoder.decode(ctx.requireArg(name));
  }

  /** The argument when the transaction gives it (even empty), decoded. */
  public Optional<T> ifGiven(ContractContext ctx) throws ContractException {
    return ifGiven(ctx.args());
  }

  /** The argument when {@code args} holds it (even empty), decoded. */
  public Optional<T> ifGiven(Args args) throws ContractException {
    Optional<String> v = args.get(name);
    return v.isEmpty() ? Optional.empty() : Optional.of(decoder.decode(v.get()));
  }

  /** Whether the transaction names this argument at all. */
  public boolean given(ContractContext ctx) {
    return ctx.args().get(name).isPresent();
  }

  /** The required argument of a query ("argument '{name}' is required" when absent). */
  public T inQuery(Args args) throws ContractException {
    return decode(args.get(name).orElseThrow(
        () -> new ContractException("missing_argument", "argument '" + name + "' is required")));
  }

  /** Decodes a value given some other way than as this argument (a list item, a legacy caller). */
  public T decode(String value) throws ContractException {
    return decoder.decode(value);
  }

  /** This argument declared as one a method may leave out (the table shows it as {@code kind?}). */
  public Arg<T> optional() {
    return new Arg<>(name, kind + "?", decoder);
  }

  /** How the method table shows it: {@code name:kind}. */
  @Override
  public String toString() {
    return name + ":" + kind;
  }
}
