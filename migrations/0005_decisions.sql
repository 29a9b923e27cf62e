-- Decision records: the facilitator marks a workshop decided with a rationale. A record is never
-- deleted: re-opening stamps it (reopened_at/by, reason) and a later decision adds a new row, so
-- the history of decisions stays readable.
create table decisions (
	id text primary key,
	workshop_id text not null references workshops (id) on delete cascade,
	-- The version saved at the moment of the decision (kind 'decision').
	version_id text references versions (id) on delete set null,
	rationale text not null,
	-- The framework whose ranking filled the roadmap, and the scorecard weights when it is the scorecard.
	framework text not null,
	weights jsonb not null,
	-- Members who took part (not viewers), by name, function and role, and whether they were connected.
	attendance jsonb not null,
	-- The roadmap as decided: columns of cards, frozen so the record reads the same later.
	roadmap jsonb not null,
	decided_by text references users (id) on delete set null,
	decided_at timestamptz not null default now(),
	reopened_by text references users (id) on delete set null,
	reopened_at timestamptz,
	reopen_reason text not null default ''
);
-- At most one standing decision per workshop; re-opened ones are history.
create unique index decisions_standing on decisions (workshop_id) where reopened_at is null;
create index decisions_workshop on decisions (workshop_id, decided_at);
