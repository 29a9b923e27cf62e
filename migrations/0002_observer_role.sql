-- Observers take part in the room (presence, see everything) but do not vote.
alter table memberships drop constraint memberships_role_check;
alter table memberships add constraint memberships_role_check
	check (role in ('facilitator', 'participant', 'observer', 'viewer'));
