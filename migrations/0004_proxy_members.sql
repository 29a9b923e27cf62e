-- Proxy members: people in the room without a device, whose votes a facilitator enters. They are
-- users without email, password or sessions, so nobody can sign in as them.
alter table memberships add column proxy boolean not null default false;
