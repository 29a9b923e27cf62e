import { addIdea } from '../../src/lib/model/board.ts';
import type { Role } from '../../server/db/workshops.ts';
import { whenSynced } from './clients.ts';
import type { ServerSuite } from './suite.ts';
import { createUser, createWorkshopWith, type TestUser } from './test-server.ts';

/** A workshop with a facilitator and members, and one idea on its board. */
export interface WorkshopRoom<Name extends string> {
	facilitator: TestUser;
	members: Record<Name, TestUser>;
	workshopId: string;
	ideaId: string;
}

/**
 * What the ballot and tally tests start from: a facilitator's workshop with the given members
 * (each a new user named after their key), and one idea the facilitator put on the board.
 */
export async function seedWorkshopRoom<Name extends string>(
	suite: ServerSuite,
	roles: Record<Name, Role>
): Promise<WorkshopRoom<Name>> {
	const { app } = suite.server;
	const facilitator = await createUser(app, 'facilitator');
	const members = {} as Record<Name, TestUser>;
	for (const name of Object.keys(roles) as Name[]) members[name] = await createUser(app, name);
	const workshopId = await createWorkshopWith(
		app,
		facilitator,
		(Object.keys(roles) as Name[]).map((name) => [members[name], roles[name]])
	);
	const board = suite.open(facilitator, workshopId);
	await whenSynced(board.provider);
	const ideaId = addIdea(board.doc, { title: 'Single sign-on', createdBy: facilitator.id });
	return { facilitator, members, workshopId, ideaId };
}

/**
 * Sets workshop settings and reveals as its facilitator, in one transaction of the control
 * document; returns the facilitator's control client.
 */
export async function configureWorkshop(
	suite: ServerSuite,
	room: WorkshopRoom<string>,
	settings: Record<string, unknown>,
	revealed: Record<string, boolean> = {}
) {
	const control = suite.open(room.facilitator, `${room.workshopId}/control`);
	await whenSynced(control.provider);
	control.doc.transact(() => {
		for (const [key, value] of Object.entries(settings))
			control.doc.getMap('settings').set(key, value);
		for (const [key, value] of Object.entries(revealed))
			control.doc.getMap('revealed').set(key, value);
	});
	return control;
}
