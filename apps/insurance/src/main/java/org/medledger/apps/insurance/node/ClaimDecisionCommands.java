package org.medledger.apps.insurance.node;

import java.util.Map;
import java.util.concurrent.Callable;
import org.medledger.node.application.SignedCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code medledger insurance approve|deny|withdraw CLAIM}: the insurer's assessor decides a pended
 * claim with a reason; the submitting hospital withdraws a claim before it is paid. Each is the
 * member's own signed transaction; the contract decides who may.
 */
final class ClaimDecisionCommands {
  private ClaimDecisionCommands() {}

  @Command(name = "approve", mixinStandardHelpOptions = true, description = "As the insurer's assessor, approve a pended "
      + "claim: it is adjudicated again against the year's usage now.")
  static final class Approve implements Callable<Integer> {
    @Mixin
    SignedCommand caller = new SignedCommand();

    @Parameters(index = "0", description = "the claim id")
    String claim;

    @Option(names = "--reason", required = true, description = "the decision's reason, in words")
    String reason;

    @Override
    public Integer call() throws Exception {
      return decide(caller, claim, "approve", "approveClaim", Map.of("claim", claim, "reason", reason));
    }
  }

  @Command(name = "deny", mixinStandardHelpOptions = true, description = "As the insurer's assessor, deny a pended claim.")
  static final class Deny implements Callable<Integer> {
    @Mixin
    SignedCommand caller = new SignedCommand();

    @Parameters(index = "0", description = "the claim id")
    String claim;

    @Option(names = "--reason", required = true, description = "the decision's reason, in words")
    String reason;

    @Override
    public Integer call() throws Exception {
      return decide(caller, claim, "deny", "denyClaim", Map.of("claim", claim, "reason", reason));
    }
  }

  @Command(name = "withdraw", mixinStandardHelpOptions = true, description = "As the submitting hospital's clinician, "
      + "withdraw a claim that is not paid yet.")
  static final class Withdraw implements Callable<Integer> {
    @Mixin
    SignedCommand caller = new SignedCommand();

    @Parameters(index = "0", description = "the claim id")
    String claim;

    @Override
    public Integer call() throws Exception {
      return decide(caller, claim, "withdraw", "withdrawClaim", Map.of("claim", claim));
    }
  }

  private static int decide(SignedCommand caller, String claim, String route, String method,
      Map<String, String> args) throws Exception {
    return InsuranceCommand.submit(caller, "v1/insurance/claims/" + claim + "/" + route, method, args, route);
  }
}
