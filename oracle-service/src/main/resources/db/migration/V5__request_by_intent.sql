-- Requests by their current intent, for operators' queries (the service loads them by key): was a
-- sequential scan that grows with the ledger.
CREATE INDEX vrf_request_by_intent ON vrf_request (intent_id);
