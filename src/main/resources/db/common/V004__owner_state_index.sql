-- Counting an owner's live schedules (AGENTCRON_MAX_SCHEDULES, checked on every create) reads this index
-- alone instead of every schedule row of the owner: creation stays fast at 100,000 schedules.
CREATE INDEX schedules_owner_state ON schedules (owner, state);
