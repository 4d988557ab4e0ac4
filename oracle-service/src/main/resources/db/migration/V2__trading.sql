-- Confidential trading (issue 7): intents addressed to this guest, their slices, the pools' prices,
-- the circuit breaker. The strategy plaintext is never stored: only the ciphertext, which is public
-- on-chain anyway; the guest decrypts it again in memory when it needs it.
CREATE TABLE trading_order (
    id                  VARCHAR(100)  PRIMARY KEY,           -- '<chainId>:<intentId>'
    chain_id            BIGINT        NOT NULL,
    intent_id           VARCHAR(66)   NOT NULL,
    vault               VARCHAR(42)   NOT NULL,
    trader              VARCHAR(42)   NOT NULL,
    guest_key_hash      VARCHAR(66)   NOT NULL,
    token_in            VARCHAR(42)   NOT NULL,
    token_out           VARCHAR(42)   NOT NULL,
    pair                VARCHAR(42),
    max_per_execution   NUMERIC(78,0) NOT NULL,
    max_total           NUMERIC(78,0) NOT NULL,
    expiry              BIGINT        NOT NULL,
    max_slippage_bps    INT           NOT NULL,
    submitted_at        BIGINT        NOT NULL,            -- block timestamp: the strategy's clock starts here
    submitted_block     BIGINT        NOT NULL,
    block_hash          VARCHAR(66)   NOT NULL,
    tx_hash             VARCHAR(66)   NOT NULL,
    encrypted_strategy  TEXT          NOT NULL,
    state               VARCHAR(20)   NOT NULL,
    close_code          INT,
    reject_code         INT,
    executions          INT           NOT NULL DEFAULT 0,
    spent               NUMERIC(78,0) NOT NULL DEFAULT 0,
    received            NUMERIC(78,0) NOT NULL DEFAULT 0,
    gas_paid_wei        NUMERIC(78,0) NOT NULL DEFAULT 0,
    last_execution_at   BIGINT        NOT NULL DEFAULT 0,
    pending_intent_id   VARCHAR(200),                      -- outbox intent in flight for this order
    failed_attempts     INT           NOT NULL DEFAULT 0,  -- of the next slice
    attempts            INT           NOT NULL DEFAULT 0,
    paper               BOOLEAN       NOT NULL DEFAULT FALSE,
    received_at         TIMESTAMPTZ   NOT NULL,
    updated_at          TIMESTAMPTZ   NOT NULL,
    finished_at         TIMESTAMPTZ,
    version             BIGINT        NOT NULL DEFAULT 0,
    CONSTRAINT trading_order_unique UNIQUE (chain_id, intent_id),
    CONSTRAINT trading_order_state CHECK (state IN ('OPEN','PARTIALLY_FILLED','FILLED','COMPLETED','EXPIRED','FAILED',
        'CANCELLED','PENDING_REJECT','REJECTED','PENDING_CLOSE','RETRACTED'))
);
CREATE INDEX trading_order_live ON trading_order (state) WHERE state IN ('OPEN','PARTIALLY_FILLED','PENDING_REJECT','PENDING_CLOSE');
CREATE INDEX trading_order_by_trader ON trading_order (chain_id, trader, state);

CREATE TABLE trading_slice (
    id               VARCHAR(220)  PRIMARY KEY,              -- the outbox intent id
    order_id         VARCHAR(100)  NOT NULL REFERENCES trading_order (id),
    slice_index      INT           NOT NULL,
    attempt          INT           NOT NULL,
    amount_in        NUMERIC(78,0) NOT NULL,
    expected_out     NUMERIC(78,0) NOT NULL,
    min_amount_out   NUMERIC(78,0) NOT NULL,
    gas_cost_out     NUMERIC(78,0) NOT NULL,
    deadline         BIGINT        NOT NULL,
    decided_block    BIGINT        NOT NULL,
    state            VARCHAR(16)   NOT NULL,
    tx_hash          VARCHAR(66),
    amount_out       NUMERIC(78,0),
    gas_used         NUMERIC(78,0),
    reason           TEXT,
    created_at       TIMESTAMPTZ   NOT NULL,
    finished_at      TIMESTAMPTZ,
    CONSTRAINT trading_slice_state CHECK (state IN ('PLANNED','SUBMITTED','EXECUTED','FAILED','PAPER_FILLED'))
);
-- Exactly once: at most one attempt of a slice is live or done.
CREATE UNIQUE INDEX trading_slice_once ON trading_slice (order_id, slice_index) WHERE state IN ('PLANNED','SUBMITTED','EXECUTED','PAPER_FILLED');
CREATE INDEX trading_slice_by_tx ON trading_slice (tx_hash);
CREATE INDEX trading_slice_recent ON trading_slice (created_at);

CREATE TABLE trading_price (
    id             VARCHAR(140)  PRIMARY KEY,                -- '<chainId>:<pair>:<block>:<logIndex>'
    chain_id       BIGINT        NOT NULL,
    pair           VARCHAR(42)   NOT NULL,
    block_number   BIGINT        NOT NULL,
    log_index      BIGINT        NOT NULL,
    block_hash     VARCHAR(66)   NOT NULL,
    tx_hash        VARCHAR(66)   NOT NULL,
    reserve0       NUMERIC(78,0) NOT NULL,
    reserve1       NUMERIC(78,0) NOT NULL,
    own_execution  BOOLEAN       NOT NULL DEFAULT FALSE
);
CREATE INDEX trading_price_latest ON trading_price (chain_id, pair, block_number DESC, log_index DESC);
CREATE INDEX trading_price_by_tx ON trading_price (tx_hash);

CREATE TABLE trading_control (
    id                    INT          PRIMARY KEY,
    circuit_tripped       BOOLEAN      NOT NULL DEFAULT FALSE,
    circuit_reason        TEXT,
    consecutive_failures  INT          NOT NULL DEFAULT 0,
    updated_at            TIMESTAMPTZ  NOT NULL,
    version               BIGINT       NOT NULL DEFAULT 0
);
INSERT INTO trading_control (id, circuit_tripped, consecutive_failures, updated_at) VALUES (1, FALSE, 0, now());
