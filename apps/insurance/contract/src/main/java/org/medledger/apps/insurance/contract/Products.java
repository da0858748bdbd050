package org.medledger.apps.insurance.contract;

import static org.medledger.apps.insurance.contract.InsuranceArgs.PRODUCT;
import static org.medledger.apps.insurance.contract.InsuranceArgs.TERMS;

import java.nio.ByteBuffer;
import org.medledger.core.runtime.ContractContext;
import org.medledger.core.runtime.ContractException;
import org.medledger.core.tx.Args;

/**
 * Products: an insurer publishes a product's schedule under a code of its own; publishing again
 * under the same code adds a version, and the versions already published stay as they were, so
 * a policy term keeps the schedule it was issued or renewed under. Products are keyed by the
 * caller's organisation, so only the issuing insurer publishes or changes its products.
 */
final class Products {
  private Products() {}

  static void publish(ContractContext ctx) throws ContractException {
    String insurer = ctx.caller().organisation();
    String code = PRODUCT.in(ctx);
    ProductTerms terms = TERMS.in(ctx);
    byte[] latest = ctx.get(InsuranceKeys.product(insurer, code));
    int version = latest == null ? 1 : ByteBuffer.wrap(latest).getInt() + 1;
    ctx.put(InsuranceKeys.productVersion(insurer, code, version), terms.encode());
    ctx.put(InsuranceKeys.product(insurer, code), ByteBuffer.allocate(4).putInt(version).array());
    ctx.emit("ProductPublished", Args.of("insurer", insurer, "product", code, "version", Integer.toString(version)));
  }

  /** The latest version of {@code insurer}'s product {@code code}. */
  static int latestVersion(ContractContext ctx, String insurer, String code) throws ContractException {
    byte[] latest = ctx.get(InsuranceKeys.product(insurer, code));
    if (latest == null) {
      throw new ContractException("unknown_product", "insurer " + insurer + " has published no product '" + code + "'");
    }
    return ByteBuffer.wrap(latest).getInt();
  }

  static ProductTerms terms(ContractContext ctx, String insurer, String code, int version) throws ContractException {
    byte[] v = ctx.get(InsuranceKeys.productVersion(insurer, code, version));
    if (v == null) {
      throw new ContractException("unknown_product", "insurer " + insurer + " has no version " + version + " of product '"
          + code + "'");
    }
    return ProductTerms.decode(v);
  }
}
