-- Closing the loop, continued (issue 15): the people who scored a backlog idea in a workshop, the
-- notices they see on their dashboard, their choice of email, and invitations to a product by email.

-- Who scored a backlog idea in a workshop, read from their ballots when the workshop's roadmap is
-- applied to the backlog: they are told when "their" idea moves.
create table idea_scorers (
	idea_id text not null references ideas (id) on delete cascade,
	user_id text not null references users (id) on delete cascade,
	workshop_id text not null references workshops (id) on delete cascade,
	recorded_at timestamptz not null default now(),
	primary key (idea_id, user_id, workshop_id)
);
create index idea_scorers_user on idea_scorers (user_id);

-- One dashboard notice per person per status change, written in the change's transaction.
create table user_notifications (
	id text primary key,
	user_id text not null references users (id) on delete cascade,
	change_id text not null references idea_status_changes (id) on delete cascade,
	workshop_id text references workshops (id) on delete set null,
	created_at timestamptz not null default now(),
	read_at timestamptz,
	unique (user_id, change_id)
);
create index user_notifications_user on user_notifications (user_id, created_at desc);

-- Off unless the person asks: the dashboard always shows the notice.
alter table users add column notify_by_email boolean not null default false;

-- An invitation to a product sent by email: only the SHA-256 of the link's token is kept.
create table product_invites (
	id text primary key,
	token_hash text not null unique,
	product_id text not null references products (id) on delete cascade,
	email text not null,
	role text not null check (role in ('owner', 'member')),
	created_by text references users (id) on delete set null,
	created_at timestamptz not null default now(),
	expires_at timestamptz not null,
	accepted_by text references users (id) on delete set null,
	accepted_at timestamptz
);
create index product_invites_product on product_invites (product_id);
