// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

/**
 * @title ECVRF-SECP256K1-SHA256-TAI verification (RFC 9381 section 5, try-and-increment, on secp256k1)
 * @notice Verifies the standard proof pi = Gamma (33, SEC1 compressed) || c (16) || s (32) for a
 * 33-byte compressed public key Y and any alpha, and returns beta = proof_to_hash(pi). Suite byte
 * 0xFE, SHA-256 (through the precompile), 16-byte challenge, cofactor 1.
 *
 * No scalar multiplication and no modular exponentiation runs here. The prover supplies helpers
 * (`helpers`, packed, 32-byte big-endian words):
 *
 *   Ux, Uy       U = s*B - c*Y                (checked with one ecrecover)
 *   sHx, sHy     s*H                          (checked with one ecrecover)
 *   cGx, cGy     c*Gamma                      (checked with one ecrecover)
 *   vInv         (cGx - sHx)^-1 mod p         V = s*H - c*Gamma in affine form, one multiplication check
 *   w_1..w_k     one witness per try-and-increment candidate that was rejected as a non-residue,
 *                in counter order: w^2 = -(x^3 + 7) mod p. As -1 is a non-residue mod p
 *                (p = 3 mod 4), this proves x^3 + 7 is a non-residue, so x is no curve abscissa.
 *                Candidates with x >= p need no witness (they are rejected by comparison).
 *
 * ecrecover(e, v, r, sig) returns the address of r^-1 * (sig * R - e * G) where R is the point
 * with abscissa r and y parity v - 27. It decompresses R itself and fails for an abscissa that is
 * not on the curve, so the first candidate without a witness must be a valid point (accepted H,
 * even y) and Y and Gamma must be valid points: their y coordinates never need to be supplied.
 * A supplied point is bound to the recovered one by its address (160 bits of keccak-256), as in
 * Chainlink's VRF.sol.
 *
 * Known divergence (probability about 2^-128 per key or proof, never met by an honest prover in
 * practice): ecrecover needs r < n, so a key, Gamma or H whose abscissa lies in [n, p) is rejected
 * although RFC 9381 would accept it; so are proofs whose U or V is the point at infinity or whose
 * s*H equals c*Gamma.
 */
library ECVRF {
  /// secp256k1 field prime p.
  uint256 internal constant P = 0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEFFFFFC2F;
  /// secp256k1 group order n.
  uint256 internal constant N = 0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141;

  uint256 internal constant PUBLIC_KEY_LENGTH = 33;
  uint256 internal constant PROOF_LENGTH = 81;
  /// U, s*H, c*Gamma (two coordinates each) and the inverse, before the non-residue witnesses.
  uint256 internal constant HELPERS_FIXED_LENGTH = 224;

  /// publicKey (33) || pi (81): where the helpers start in a proof blob.
  uint256 internal constant HELPERS_OFFSET = PUBLIC_KEY_LENGTH + PROOF_LENGTH;

  /**
   * @param proof publicKey (33, SEC1 compressed) || pi (81, RFC 9381) || helpers (see above)
   * @param alpha the VRF input
   * @return valid whether pi is a valid proof for (publicKey, alpha) and the helpers are right
   * @return beta the VRF output (zero when not valid)
   */
  function verify(bytes calldata proof, bytes memory alpha) internal view returns (bool valid, bytes32 beta) {
    if (proof.length < HELPERS_OFFSET + HELPERS_FIXED_LENGTH || (proof.length - HELPERS_OFFSET) % 32 != 0) {
      return (false, bytes32(0));
    }
    return _verify(proof[0:PUBLIC_KEY_LENGTH], proof[PUBLIC_KEY_LENGTH:HELPERS_OFFSET], proof[HELPERS_OFFSET:], alpha);
  }

  function _verify(bytes calldata publicKey, bytes calldata pi, bytes calldata helpers, bytes memory alpha)
    private
    view
    returns (bool valid, bytes32 beta)
  {
    assembly ("memory-safe") {
      // Proves that the calldata point at `at` (x, y) is the one ecrecover(e, v, r, sig) recovers,
      // i.e. r^-1 * (sig * R - e * G). A failed recovery returns no data and never matches.
      function recoversTo(buf, e, v, r, sig, at) -> matches {
        mstore(buf, e)
        mstore(add(buf, 32), v)
        mstore(add(buf, 64), r)
        mstore(add(buf, 96), sig)
        mstore(0x00, 0)
        pop(staticcall(3000, 0x01, buf, 128, 0x00, 0x20))
        let recovered := mload(0x00)
        calldatacopy(buf, at, 64)
        matches := and(iszero(iszero(recovered)), eq(recovered, and(keccak256(buf, 64), 0xffffffffffffffffffffffffffffffffffffffff)))
      }

      // encode_to_curve, try-and-increment: x = SHA256(0xFE || 0x01 || Y || alpha || ctr || 0x00)
      // for ctr = 0, 1, ... Returns the abscissa of H (even y), or 0 when a witness is wrong,
      // witnesses are missing for it or left over, or the counter runs out.
      function encodeToCurve(buf, pk, alphaPtr, witness, witnessEnd) -> hX {
        mstore8(buf, 0xfe)
        mstore8(add(buf, 1), 0x01)
        calldatacopy(add(buf, 2), pk, 33)
        let alphaLength := mload(alphaPtr)
        for { let i := 0 } lt(i, alphaLength) { i := add(i, 32) } {
          mstore(add(add(buf, 35), i), mload(add(add(alphaPtr, 32), i)))
        }
        let ctrAt := add(add(buf, 35), alphaLength)
        mstore8(add(ctrAt, 1), 0x00)
        let inputLength := add(alphaLength, 37)
        for { let ctr := 0 } lt(ctr, 256) { ctr := add(ctr, 1) } {
          mstore8(ctrAt, ctr)
          if iszero(staticcall(add(60, mul(12, div(add(inputLength, 31), 32))), 0x02, buf, inputLength, 0x00, 0x20)) { revert(0, 0) }
          let x := mload(0x00)
          // x >= p is rejected by comparison and needs no witness.
          if lt(x, P) {
            if iszero(lt(witness, witnessEnd)) {
              // The first candidate without a witness is H; ecrecover checks it is on the curve.
              hX := x
              break
            }
            // A witness must prove this candidate a non-residue: w^2 = p - (x^3 + 7).
            let w := calldataload(witness)
            if or(iszero(lt(w, P)), iszero(eq(mulmod(w, w, P), sub(P, addmod(mulmod(mulmod(x, x, P), x, P), 7, P))))) {
              break
            }
            witness := add(witness, 32)
          }
        }
      }

      // V = s*H + (-c*Gamma), affine, with the supplied inverse of (x2 - x1); (0, 0) if the inverse is wrong.
      function subtractPoints(at, vInv) -> vX, vY {
        let x1 := calldataload(at)
        let y1 := calldataload(add(at, 32))
        let x2 := calldataload(add(at, 64))
        let y2 := sub(P, calldataload(add(at, 96)))
        if eq(mulmod(addmod(x2, sub(P, x1), P), vInv, P), 1) {
          let lambda := mulmod(addmod(y2, sub(P, y1), P), vInv, P)
          vX := addmod(mulmod(lambda, lambda, P), sub(P, addmod(x1, x2, P)), P)
          vY := addmod(mulmod(lambda, addmod(x1, sub(P, vX), P), P), sub(P, y1), P)
        }
      }

      // RFC 9381 decode_proof and string_to_point on the encodings: prefixes 0x02/0x03, abscissae
      // below p, s below n. (Helper coordinates need no range check: each supplied point is bound
      // by its address to a point ecrecover computed, whose coordinates are below p.)
      function encodingsValid(pk, proof) -> ok {
        let pkPrefix := byte(0, calldataload(pk))
        let gPrefix := byte(0, calldataload(proof))
        ok := and(eq(and(pkPrefix, 0xfe), 2), eq(and(gPrefix, 0xfe), 2))
        ok := and(ok, and(lt(calldataload(add(pk, 1)), P), lt(calldataload(add(proof, 1)), P)))
        ok := and(ok, lt(calldataload(add(proof, 49)), N))
      }

      // U = s*B - c*Y: ecrecover(e = -s*Yx, v = parity(Y), r = Yx, sig = -c*Yx)
      function checkU(buf, pk, proof, at) -> ok {
        let yX := calldataload(add(pk, 1))
        let c := shr(128, calldataload(add(proof, 33)))
        let s := calldataload(add(proof, 49))
        ok := recoversTo(buf, mod(sub(N, mulmod(s, yX, N)), N), add(25, byte(0, calldataload(pk))), yX, sub(N, mulmod(c, yX, N)), at)
      }

      // c*Gamma: ecrecover(0, parity(Gamma), Gx, c*Gx)
      function checkCGamma(buf, proof, at) -> ok {
        let gX := calldataload(add(proof, 1))
        let c := shr(128, calldataload(add(proof, 33)))
        ok := recoversTo(buf, 0, add(25, byte(0, calldataload(proof))), gX, mulmod(c, gX, N), at)
      }

      // c' = SHA256(0xFE || 0x02 || Y || H || Gamma || U || V || 0x00)[0:16] must equal c.
      function checkChallenge(buf, pk, proof, at, hX) -> ok {
        let vX, vY := subtractPoints(add(at, 64), calldataload(add(at, 192)))
        mstore8(buf, 0xfe)
        mstore8(add(buf, 1), 0x02)
        calldatacopy(add(buf, 2), pk, 33)
        mstore8(add(buf, 35), 0x02)
        mstore(add(buf, 36), hX)
        calldatacopy(add(buf, 68), proof, 33)
        mstore8(add(buf, 101), add(2, and(calldataload(add(at, 32)), 1)))
        calldatacopy(add(buf, 102), at, 32)
        mstore8(add(buf, 134), add(2, and(vY, 1)))
        mstore(add(buf, 135), vX)
        mstore8(add(buf, 167), 0x00)
        if iszero(staticcall(132, 0x02, buf, 168, 0x00, 0x20)) { revert(0, 0) }
        ok := and(iszero(iszero(vX)), eq(shr(128, mload(0x00)), shr(128, calldataload(add(proof, 33)))))
      }

      // All work happens in memory past the free memory pointer, which is left unchanged.
      let buf := mload(0x40)
      let ok := encodingsValid(publicKey.offset, pi.offset)
      let hX := 0
      if ok {
        hX := encodeToCurve(buf, publicKey.offset, alpha, add(helpers.offset, HELPERS_FIXED_LENGTH), add(helpers.offset, helpers.length))
        ok := iszero(iszero(hX))
      }
      // The hashes come before the three ecrecover checks: the challenge only needs the supplied
      // points, and Ganache's gas estimator over-reserves for precompile calls near the end of a call.
      // beta = SHA256(0xFE || 0x03 || Gamma || 0x00)
      if ok {
        mstore8(buf, 0xfe)
        mstore8(add(buf, 1), 0x03)
        calldatacopy(add(buf, 2), pi.offset, 33)
        mstore8(add(buf, 35), 0x00)
        if iszero(staticcall(84, 0x02, buf, 36, 0x00, 0x20)) { revert(0, 0) }
        beta := mload(0x00)
      }
      if ok { ok := checkChallenge(buf, publicKey.offset, pi.offset, helpers.offset, hX) }
      if ok { ok := checkU(buf, publicKey.offset, pi.offset, helpers.offset) }
      // s*H: ecrecover(0, 27 (H has even y), Hx, s*Hx)
      if ok { ok := recoversTo(buf, 0, 27, hX, mulmod(calldataload(add(pi.offset, 49)), hX, N), add(helpers.offset, 64)) }
      if ok { ok := checkCGamma(buf, pi.offset, add(helpers.offset, 128)) }
      if iszero(ok) { beta := 0 }
      valid := ok
    }
  }
}
