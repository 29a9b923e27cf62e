/**
 * Converge's App behind a bare HTTP server (no SvelteKit pages), in a process of its own. Before
 * listening it seeds WORKSHOPS workshops (default 1), each with a facilitator, WRITERS participants
 * and OBSERVERS viewers, every one with a session, and writes their ids and cookies to SEED_FILE
 * as JSON (a `ConvergeSeed`; the first workshop also at its top level). Without SEED_FILE it seeds
 * nothing: a restart on an existing database. Database: DATABASE_URL, or PGlite in DATA_DIR.
 */
import { writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createApp } from '../../server/app.ts';
import { createSession, SESSION_COOKIE } from '../../server/auth/sessions.ts';
import { readConfig } from '../../server/config.ts';
import { insertUser } from '../../server/db/users.ts';
import { addMember, createWorkshop, type Role } from '../../server/db/workshops.ts';

export interface SeededUser {
	id: string;
	cookie: string;
}

export interface SeededWorkshop {
	workshopId: string;
	facilitator: SeededUser;
	writers: SeededUser[];
	observers: SeededUser[];
}

export interface ConvergeSeed extends SeededWorkshop {
	workshops: SeededWorkshop[];
}

const writers = Number(process.env.WRITERS ?? 0);
const observers = Number(process.env.OBSERVERS ?? 0);
const workshops = Number(process.env.WORKSHOPS ?? 1);
const seedFile = process.env.SEED_FILE;

const app = await createApp(readConfig(), (message, details) => {
	console.error(JSON.stringify({ message, ...details }));
});

async function user(name: string, index = 0): Promise<SeededUser> {
	const row = await insertUser(app.db, {
		email: `${name}-${Date.now()}@bench.example.com`,
		name,
		function: ['Engineering', 'Sales', 'Product', 'Leadership'][index % 4],
		passwordHash: null
	});
	const { token } = await createSession(app.db, row.id);
	return { id: row.id, cookie: `${SESSION_COOKIE}=${token}` };
}

async function members(prefix: string, count: number, role: Role, workshopId: string) {
	const seeded: SeededUser[] = [];
	for (let i = 0; i < count; i++) {
		const member = await user(`${prefix}${i}`, i);
		await addMember(app.db, workshopId, member.id, role);
		seeded.push(member);
	}
	return seeded;
}

async function seedWorkshop(w: number): Promise<SeededWorkshop> {
	const facilitator = await user(`facilitator${w}`);
	const workshop = await createWorkshop(app.db, {
		title: `Load test ${w + 1}`,
		description: '',
		userId: facilitator.id
	});
	return {
		workshopId: workshop.id,
		facilitator,
		writers: await members(`w${w}-writer`, writers, 'participant', workshop.id),
		observers: await members(`w${w}-observer`, observers, 'viewer', workshop.id)
	};
}

if (seedFile) {
	const seeded: SeededWorkshop[] = [];
	for (let w = 0; w < workshops; w++) seeded.push(await seedWorkshop(w));
	const seed: ConvergeSeed = { ...seeded[0], workshops: seeded };
	await writeFile(seedFile, JSON.stringify(seed));
}

const http = createServer((_, res) => res.writeHead(404).end());
app.attach(http);
http.listen(0, '127.0.0.1', () => {
	console.log(`running at http://127.0.0.1:${(http.address() as AddressInfo).port}`);
});
let stopping = false;
const stop = async () => {
	if (stopping) return;
	stopping = true;
	http.close();
	http.closeAllConnections();
	await app.shutdown();
	process.exit(0);
};
process.on('SIGTERM', stop);
process.on('disconnect', stop);
