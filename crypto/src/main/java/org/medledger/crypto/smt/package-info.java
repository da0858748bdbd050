/**
 * The authenticated state: a binary sparse Merkle tree over 256-bit key hashes, in the compressed
 * form of Diem's Jellyfish Merkle tree (a subtree holding one leaf is that leaf, lifted to the
 * subtree's root), versioned by block height, with proofs of a key's value or of its absence.
 *
 * <p>Hashes, for a suite hash H (SHA-256 or SM3):
 *
 * <ul>
 *   <li>key hash = H(state key); it fixes the leaf's path (bit 0 = the key hash's most
 *       significant bit; 0 goes left);
 *   <li>leaf = H(0x00 ‖ key hash ‖ H(value));
 *   <li>internal node = H(0x01 ‖ left ‖ right);
 *   <li>empty subtree = 32 zero bytes.
 * </ul>
 *
 * <p>The root depends only on the set of key/value pairs, not on the order they were written.
 *
 * <p>Stored four binary levels per node (16 children, as Jellyfish stores them): the grouping
 * changes no hash and no proof, only how many entries the store writes and reads per update.
 */
package org.medledger.crypto.smt;
