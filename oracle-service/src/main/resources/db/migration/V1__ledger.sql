-- The randomness ledger: one row per request per chain, its state machine and its proof.
CREATE TABLE vrf_request (
    id                 VARCHAR(100) PRIMARY KEY,          -- '<chainId>:<requestId>'
    chain_id           BIGINT        NOT NULL,
    request_id         NUMERIC(78,0) NOT NULL,            -- uint256
    key_hash           VARCHAR(66)   NOT NULL,
    pre_seed           NUMERIC(78,0) NOT NULL,
    sub_id             NUMERIC(78,0) NOT NULL,
    consumer           VARCHAR(42)   NOT NULL,
    callback_gas_limit BIGINT        NOT NULL,
    num_words          INT           NOT NULL,
    confirmations      INT           NOT NULL,
    block_number       BIGINT        NOT NULL,
    block_hash         VARCHAR(66)   NOT NULL,
    tx_hash            VARCHAR(66)   NOT NULL,
    log_index          BIGINT        NOT NULL,
    commitment         TEXT          NOT NULL,            -- the request as the coordinator committed it (JSON)
    state              VARCHAR(16)   NOT NULL,
    alpha              VARCHAR(66),
    pi                 VARCHAR(200),
    beta               VARCHAR(66),
    intent_id          VARCHAR(200),
    fulfil_tx_hash     VARCHAR(66),
    fulfil_block       BIGINT,
    fulfil_gas_used    BIGINT,
    failure_reason     TEXT,
    generation         INT           NOT NULL DEFAULT 0,  -- bumped when a retracted request is mined again
    awaiting_blockhash BOOLEAN       NOT NULL DEFAULT FALSE, -- older than BLOCKHASH reaches: store it first
    received_at        TIMESTAMPTZ   NOT NULL,
    proven_at          TIMESTAMPTZ,
    submitted_at       TIMESTAMPTZ,
    finished_at        TIMESTAMPTZ,
    version            BIGINT        NOT NULL DEFAULT 0,
    CONSTRAINT vrf_request_unique UNIQUE (chain_id, request_id),
    CONSTRAINT vrf_request_state CHECK (state IN ('RECEIVED','PROVEN','SUBMITTED','FULFILLED','FAILED','RETRACTED'))
);
CREATE INDEX vrf_request_by_state ON vrf_request (state, received_at);
CREATE INDEX vrf_request_awaiting_blockhash ON vrf_request (block_number) WHERE awaiting_blockhash;

-- The transaction outbox: what the sender must do, in order, and what became of it.
CREATE TABLE tx_intent (
    intent_id        VARCHAR(200)  PRIMARY KEY,
    seq              BIGSERIAL     NOT NULL,
    chain_id         BIGINT        NOT NULL,
    sender           VARCHAR(42)   NOT NULL,
    to_address       VARCHAR(42)   NOT NULL,
    data             TEXT          NOT NULL,
    value_wei        NUMERIC(78,0) NOT NULL DEFAULT 0,
    gas_limit        NUMERIC(78,0),
    state            VARCHAR(16)   NOT NULL,              -- QUEUED, IN_FLIGHT, DONE
    nonce            BIGINT,
    withdrawn        BOOLEAN       NOT NULL DEFAULT FALSE,
    outcome          VARCHAR(16),                         -- SUCCEEDED, REVERTED, REJECTED, CANCELLED
    outcome_tx_hash  VARCHAR(66),
    outcome_block    BIGINT,
    outcome_reason   TEXT,
    gas_used         NUMERIC(78,0),
    created_at       TIMESTAMPTZ   NOT NULL,
    finished_at      TIMESTAMPTZ,
    CONSTRAINT tx_intent_state CHECK (state IN ('QUEUED','IN_FLIGHT','DONE'))
);
-- One nonce, one live intent: the database refuses a second in-flight transaction for a nonce.
-- (A settled one may share it: a reorganisation can free a nonce that a no-op filler then uses.)
CREATE UNIQUE INDEX tx_intent_nonce ON tx_intent (chain_id, sender, nonce) WHERE state = 'IN_FLIGHT';
CREATE INDEX tx_intent_queue ON tx_intent (chain_id, sender, state, seq);

-- Every signed transaction, recorded before it is broadcast.
CREATE TABLE tx_attempt (
    intent_id                 VARCHAR(200)  NOT NULL REFERENCES tx_intent (intent_id),
    attempt                   INT           NOT NULL,
    tx_hash                   VARCHAR(66)   NOT NULL UNIQUE,
    raw_tx                    TEXT          NOT NULL,
    gas_limit                 NUMERIC(78,0) NOT NULL,
    max_fee_per_gas           NUMERIC(78,0) NOT NULL,
    max_priority_fee_per_gas  NUMERIC(78,0),
    signed_at                 TIMESTAMPTZ   NOT NULL,
    PRIMARY KEY (intent_id, attempt)
);

-- Who owns a signing key's nonces right now: a lease, renewed by the running sender.
CREATE TABLE nonce_owner (
    chain_id     BIGINT       NOT NULL,
    sender       VARCHAR(42)  NOT NULL,
    owner_id     VARCHAR(100) NOT NULL,
    lease_until  TIMESTAMPTZ  NOT NULL,
    last_nonce   BIGINT       NOT NULL DEFAULT -1,
    PRIMARY KEY (chain_id, sender)
);

-- The guest's keys as registered on chain (public parts only; secrets stay sealed on disk).
CREATE TABLE guest_key (
    key_hash          VARCHAR(66)  PRIMARY KEY,
    chain_id          BIGINT       NOT NULL,
    vrf_public_key    VARCHAR(132) NOT NULL,
    signer_address    VARCHAR(42)  NOT NULL,
    enc_public_key    VARCHAR(132) NOT NULL,
    evidence_hash     VARCHAR(66),
    registration      VARCHAR(16)  NOT NULL,             -- UNREGISTERED, PENDING, ACTIVE, EXPIRED, REVOKED
    registered_at     TIMESTAMPTZ,
    expires_at        TIMESTAMPTZ,
    updated_at        TIMESTAMPTZ  NOT NULL
);
