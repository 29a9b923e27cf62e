-- Invite links may expire; revoked_at (0001) is now set by revoking a link.
alter table invites add column expires_at timestamptz;

-- A removal sticks: a removed person cannot join again through an invite link (which they may
-- still have) until a facilitator lets them back in, which deletes the row.
create table workshop_removals (
	workshop_id text not null references workshops (id) on delete cascade,
	user_id text not null references users (id) on delete cascade,
	removed_by text references users (id) on delete set null,
	removed_at timestamptz not null default now(),
	primary key (workshop_id, user_id)
);
