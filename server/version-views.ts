import {
	diffVersions,
	readVersion,
	type VersionDiff,
	type VersionView
} from '../src/lib/model/versions.ts';
import type { App } from './app.ts';
import { openVersion } from './versions.ts';

/** Maps to plain objects, at any depth, so a version or a diff can travel as JSON. */
function plain(value: unknown): unknown {
	if (value instanceof Map) {
		return Object.fromEntries([...value].map(([k, v]) => [k, plain(v)]));
	}
	if (Array.isArray(value)) return value.map(plain);
	if (typeof value === 'object' && value !== null && !(value instanceof Date)) {
		return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, plain(v)]));
	}
	return value;
}

export async function versionAsJson(
	app: App,
	userId: string,
	workshopId: string,
	versionId: string
) {
	const version = await openVersion(app, userId, workshopId, versionId);
	const view: VersionView = readVersion(version.board, version.tally);
	return { name: version.name, createdAt: version.createdAt, ...(plain(view) as object) };
}

export async function compareAsJson(
	app: App,
	userId: string,
	workshopId: string,
	fromId: string,
	toId: string
) {
	const [from, to] = await Promise.all(
		[fromId, toId].map((id) => openVersion(app, userId, workshopId, id))
	);
	const diff: VersionDiff = diffVersions(
		readVersion(from.board, from.tally),
		readVersion(to.board, to.tally)
	);
	return { from: from.name, to: to.name, ...(plain(diff) as object) };
}
