-- Closing the loop (issue 15): idea status history, the outbox every email and webhook goes
-- through, unsubscribes and bad addresses, webhook endpoints, password resets.

-- Every status change, with who, when and the public note (Declined needs one).
create table idea_status_changes (
	id text primary key,
	idea_id text not null references ideas (id) on delete cascade,
	product_id text not null references products (id) on delete cascade,
	from_status text not null,
	to_status text not null,
	note text not null default '',
	changed_by text references users (id) on delete set null,
	changed_at timestamptz not null default now()
);
create index idea_status_changes_idea on idea_status_changes (idea_id, changed_at desc);

-- Per product: which status changes notify requesters (Planned and Shipped by default), and the
-- secret unsubscribe links are signed with, so they work without signing in.
create table product_delivery (
	product_id text primary key references products (id) on delete cascade,
	notify_statuses text[] not null default '{planned,shipped}',
	secret text not null
);

-- People who asked to be told about an idea without leaving feedback on it.
create table idea_subscribers (
	idea_id text not null references ideas (id) on delete cascade,
	email text not null,
	created_at timestamptz not null default now(),
	primary key (idea_id, email)
);

-- An unsubscribed person is never mailed about that product again. Emails are stored lowercase.
create table unsubscribes (
	product_id text not null references products (id) on delete cascade,
	email text not null,
	created_at timestamptz not null default now(),
	primary key (product_id, email)
);

-- Addresses never mailed: 'invalid' (not an address; kept and flagged where it was entered) and
-- 'undeliverable' (the SMTP server refused it with a 5xx).
create table email_addresses (
	email text primary key,
	state text not null check (state in ('invalid', 'undeliverable')),
	reason text not null default '',
	updated_at timestamptz not null default now()
);

create table webhook_endpoints (
	id text primary key,
	product_id text not null references products (id) on delete cascade,
	url text not null,
	event_types text[] not null,
	-- whsec_<base64>, shown once at creation; needed in clear to sign every delivery.
	secret text not null,
	-- Set at the first failure after a success; an endpoint failing for a day is disabled.
	failing_since timestamptz,
	disabled_at timestamptz,
	created_by text references users (id) on delete set null,
	created_at timestamptz not null default now()
);
create index webhook_endpoints_product on webhook_endpoints (product_id);

-- The transactional outbox: a message is written in the transaction that causes it and sent by the
-- delivery loop (server/delivery/loop.ts), which claims due rows with FOR UPDATE SKIP LOCKED and
-- leases them (locked_until), so several processes never send one message at the same time.
create table outbox (
	id text primary key,
	kind text not null check (kind in ('email', 'webhook')),
	product_id text references products (id) on delete cascade,
	-- email: the template and what it renders from; webhook: the endpoint and the signed body.
	template text,
	recipient text,
	ref text,
	endpoint_id text references webhook_endpoints (id) on delete cascade,
	-- The webhook-id: the same for every attempt and every redelivery of one event.
	message_id text,
	-- JSON text: a webhook's body exactly as signed, or an email's extra headers.
	payload text not null default '{}',
	state text not null default 'pending'
		check (state in ('pending', 'sent', 'stored', 'failed', 'dead', 'skipped')),
	attempts integer not null default 0,
	next_attempt_at timestamptz not null default now(),
	locked_until timestamptz,
	last_error text,
	last_status integer,
	-- What was sent, kept for the Sent mail page and the delivery list.
	subject text,
	body_text text,
	body_html text,
	created_at timestamptz not null default now(),
	sent_at timestamptz
);
create index outbox_due on outbox (next_attempt_at) where state = 'pending';
create index outbox_product on outbox (product_id, kind, created_at desc);
create index outbox_endpoint on outbox (endpoint_id, created_at desc);

-- Password reset: only the SHA-256 of the token is kept; used once, expires.
create table password_resets (
	token_hash text primary key,
	user_id text not null references users (id) on delete cascade,
	expires_at timestamptz not null,
	used_at timestamptz,
	created_at timestamptz not null default now()
);
