package org.medledger.consensus.sim;

/**
 * The safety rules the simulator can deliberately break, one at a time, to prove that its
 * invariants catch the bug each rule prevents (the harness proves itself). {@link #CORRECT} is
 * what the engine and the node do.
 *
 * @param quorumsIntersect the quorum is ⌊(n + f)/2⌋ + 1; broken: 2f + 1 for every n, which lets
 *     two quorums of five or six share no honest validator (issue 21, finding 1)
 * @param idsCommitToBody a proposed value's id commits to its body; broken: to the header alone,
 *     so a relay's swapped body passes as the genuine proposal and shadows it (finding 4)
 * @param saveBeforeSend a failed save stops the validator before its message leaves; broken: the
 *     failure is logged and the unsaved message sent, as before finding 2
 * @param refuseUnreadableState a validator whose saved votes are unreadable refuses to start until
 *     the operator's recovery; broken: it starts afresh at its ledger's next height (finding 3)
 * @param followBelowSavedVotes a validator whose ledger was restored below its saved votes only
 *     follows by sync until it reaches them; broken: it starts afresh at its ledger's next height
 *     (finding 3)
 * @param sendersMustBeValidators a message counts only when signed by the genesis key of the
 *     validator it names; broken: a signature by any key the network knows is believed for any
 *     sender, as a node that trusted whatever a certificate claims would
 */
record Rules(boolean quorumsIntersect, boolean idsCommitToBody, boolean saveBeforeSend, boolean refuseUnreadableState,
    boolean followBelowSavedVotes, boolean sendersMustBeValidators) {
  static final Rules CORRECT = new Rules(true, true, true, true, true, true);

  Rules withQuorumsThatNeedNotIntersect() {
    return new Rules(false, idsCommitToBody, saveBeforeSend, refuseUnreadableState, followBelowSavedVotes, sendersMustBeValidators);
  }

  Rules withIdsBlindToTheBody() {
    return new Rules(quorumsIntersect, false, saveBeforeSend, refuseUnreadableState, followBelowSavedVotes, sendersMustBeValidators);
  }

  Rules withSendBeforeSave() {
    return new Rules(quorumsIntersect, idsCommitToBody, false, refuseUnreadableState, followBelowSavedVotes, sendersMustBeValidators);
  }

  Rules withFreshStartOnUnreadableState() {
    return new Rules(quorumsIntersect, idsCommitToBody, saveBeforeSend, false, followBelowSavedVotes, sendersMustBeValidators);
  }

  Rules withFreshStartBelowSavedVotes() {
    return new Rules(quorumsIntersect, idsCommitToBody, saveBeforeSend, refuseUnreadableState, false, sendersMustBeValidators);
  }

  Rules withAnySignerBelieved() {
    return new Rules(quorumsIntersect, idsCommitToBody, saveBeforeSend, refuseUnreadableState, followBelowSavedVotes, false);
  }
}
