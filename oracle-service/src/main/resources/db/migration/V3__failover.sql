-- Requests for another guest's key, watched in case that guest dies: after the coordinator's
-- failover delay, if still pending, this guest answers them with its own key.
ALTER TABLE vrf_request ADD COLUMN standby BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE vrf_request ADD COLUMN answered_by_key VARCHAR(66);
CREATE INDEX vrf_request_standby ON vrf_request (block_number) WHERE standby;
