package io.coracle.oracle.ledger;

/**
 * The life of a randomness request: RECEIVED -> PROVEN -> SUBMITTED -> FULFILLED | FAILED, or
 * RETRACTED when the block that held it was reorganised away (a request mined again in the new
 * chain starts over as RECEIVED).
 */
public enum RequestState {
  RECEIVED,
  PROVEN,
  SUBMITTED,
  FULFILLED,
  FAILED,
  RETRACTED;

  public boolean isFinal() {
    return this == FULFILLED || this == FAILED;
  }
}
