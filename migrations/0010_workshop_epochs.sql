-- Scale-out (issue 17): each workshop has one owner process at a time, holding a Redis lease and
-- an epoch. The owner claims its epoch here before it loads the workshop, and every write of the
-- workshop's documents checks it under a share lock, so an owner that was replaced (paused past
-- its lease, cut off from Redis) can never write after its successor claimed ([SX3]). No
-- foreign key: a claim may precede the workshop's row (it is created by its first owner), and
-- single-process mode never writes here.
create table workshop_epochs (
	workshop_id text primary key,
	epoch bigint not null,
	claimed_at timestamptz not null default now()
);
