-- Intents that run as a call just before signing and are rejected if they would revert (work a
-- backup guest may have done meanwhile). Replaces leaving the gas limit empty to force an
-- estimate: Ganache's eth_estimateGas hangs on fulfilments.
ALTER TABLE tx_intent ADD COLUMN check_first BOOLEAN NOT NULL DEFAULT FALSE;
