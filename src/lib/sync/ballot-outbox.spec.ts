import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { WebsocketProvider } from 'y-websocket';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';
import { MessageType } from '$lib/model/protocol.ts';
import {
	answeredBy,
	askFor,
	coveredBy,
	pendingEntries,
	syncOutbox,
	uncountedEntries,
	type BallotOutbox,
	type PendingChange
} from './ballot-outbox.ts';

/** The update one change to a ballot produces. */
function change(doc: Y.Doc, act: (doc: Y.Doc) => void): Uint8Array {
	let update: Uint8Array = new Uint8Array();
	const capture = (u: Uint8Array) => (update = u);
	doc.once('update', capture);
	act(doc);
	return update;
}

describe('coveredBy', () => {
	it('vouches for an update once the server state vector includes its items', () => {
		const doc = new Y.Doc();
		const first = change(doc, (d) => d.getMap('dots').set('a', 1));
		const server = Y.decodeStateVector(Y.encodeStateVector(doc));
		const second = change(doc, (d) => d.getMap('dots').set('b', 2));
		expect(coveredBy(first, server)).toBe(true);
		expect(coveredBy(second, server)).toBe(false);
	});

	it('does not vouch for an update the server has never seen', () => {
		const doc = new Y.Doc();
		const update = change(doc, (d) => d.getMap('moscow').set('a', 'must'));
		expect(coveredBy(update, new Map())).toBe(false);
		expect(coveredBy(update, new Map([[doc.clientID + 1, 100]]))).toBe(false);
	});

	it('never vouches for an update that only deletes, whatever the state vector says', () => {
		const doc = new Y.Doc();
		change(doc, (d) => d.getMap('dots').set('a', 1));
		const deletion = change(doc, (d) => d.getMap('dots').delete('a'));
		const server = Y.decodeStateVector(Y.encodeStateVector(doc));
		expect(coveredBy(deletion, server)).toBe(false);
	});
});

describe('pendingEntries', () => {
	it('counts each entry once, however many changes touched it', () => {
		const update = new Uint8Array();
		expect(pendingEntries([])).toBe(0);
		expect(
			pendingEntries([
				{ update, entries: ['matrix|a'] },
				{ update, entries: ['matrix|a', 'dots|b'] },
				{ update, entries: ['dots|b'] }
			])
		).toBe(2);
	});
});

describe('uncountedEntries', () => {
	it('names each entry of the changes the server does not have once, by framework and idea', () => {
		const doc = new Y.Doc();
		const refused = [
			{ update: change(doc, (d) => d.getMap('dots').set('b', 1)), entries: ['dots|b'] },
			{ update: change(doc, (d) => d.getMap('matrix').set('a', {})), entries: ['matrix|a'] },
			{ update: change(doc, (d) => d.getMap('dots').set('b', 2)), entries: ['dots|b'] }
		];
		expect(uncountedEntries(refused, new Y.Doc())).toEqual([
			{ framework: 'dots', ideaId: 'b' },
			{ framework: 'matrix', ideaId: 'a' }
		]);
	});

	it('leaves out a change the server has: it arrived before the connection dropped', () => {
		const doc = new Y.Doc();
		const server = new Y.Doc();
		const sent = change(doc, (d) => d.getMap('dots').set('a', 1));
		Y.applyUpdate(server, sent);
		const refused = [
			{ update: sent, entries: ['dots|a'] },
			{ update: change(doc, (d) => d.getMap('dots').set('b', 1)), entries: ['dots|b'] }
		];
		expect(uncountedEntries(refused, server)).toEqual([{ framework: 'dots', ideaId: 'b' }]);
	});

	it('skips names that are no framework’s entry (a stored outbox is read defensively)', () => {
		const update = change(new Y.Doc(), (d) => d.getMap('dots').set('c', 1));
		expect(
			uncountedEntries([{ update, entries: ['rejected|a', 'dots', 'dots|c'] }], new Y.Doc())
		).toEqual([{ framework: 'dots', ideaId: 'c' }]);
	});
});

/** The state vector a sync step 1 message (as `askFor` writes it) carries. */
function askedState(message: Uint8Array): Uint8Array {
	const decoder = decoding.createDecoder(message);
	expect(decoding.readVarUint(decoder)).toBe(MessageType.Sync);
	expect(decoding.readVarUint(decoder)).toBe(syncProtocol.messageYjsSyncStep1);
	return decoding.readVarUint8Array(decoder);
}

describe('answeredBy', () => {
	it('vouches for a change the answer to askFor holds, not for one an answer lacks', () => {
		const doc = new Y.Doc();
		const server = new Y.Doc();
		const before = Y.encodeStateVector(doc);
		const sent = change(doc, (d) => d.getMap('dots').set('a', 1));
		const unsent = change(doc, (d) => d.getMap('dots').set('b', 1));
		Y.applyUpdate(server, sent);
		const answer = Y.encodeStateAsUpdate(
			server,
			askedState(askFor(doc, [{ update: sent, entries: ['dots|a'] }]))
		);
		expect(answeredBy(sent, answer)).toBe(true);
		expect(answeredBy(unsent, answer)).toBe(false);
		// An answer to a step 1 the server got before the change holds nothing of it.
		expect(answeredBy(sent, Y.encodeStateAsUpdate(new Y.Doc(), before))).toBe(false);
	});

	it('vouches for a change that only deletes once the answer shows the deletion', () => {
		const doc = new Y.Doc();
		const server = new Y.Doc();
		Y.applyUpdate(
			server,
			change(doc, (d) => d.getMap('dots').set('a', 1))
		);
		const deletion = change(doc, (d) => d.getMap('dots').delete('a'));
		const asked = askedState(askFor(doc, [{ update: deletion, entries: ['dots|a'] }]));
		expect(answeredBy(deletion, Y.encodeStateAsUpdate(server, asked))).toBe(false);
		Y.applyUpdate(server, deletion);
		expect(answeredBy(deletion, Y.encodeStateAsUpdate(server, asked))).toBe(true);
	});
});

describe('syncOutbox', () => {
	afterEach(() => {
		vi.useRealTimers();
	});

	it('[VD2] forgets a change only when an answer of the server holds it, not on any answer after asking', async () => {
		vi.useFakeTimers();
		const sent: Uint8Array[] = [];
		const provider = {
			synced: true,
			ws: { send: (message: Uint8Array) => sent.push(message) },
			messageHandlers: [] as unknown[],
			on() {},
			off() {}
		};
		provider.messageHandlers[MessageType.Sync] = () => {};
		/** The server's sync step 2 arriving, as y-websocket hands it to the handler. */
		const answer = (update: Uint8Array) => {
			const encoder = encoding.createEncoder();
			encoding.writeVarUint(encoder, syncProtocol.messageYjsSyncStep2);
			encoding.writeVarUint8Array(encoder, update);
			const handle = provider.messageHandlers[MessageType.Sync] as (
				encoder: encoding.Encoder,
				decoder: decoding.Decoder
			) => void;
			handle(encoding.createEncoder(), decoding.createDecoder(encoding.toUint8Array(encoder)));
		};
		const doc = new Y.Doc();
		const server = new Y.Doc();
		let pending: PendingChange[] = [];
		const stop = syncOutbox({
			provider: provider as unknown as WebsocketProvider,
			doc,
			outbox: { load: async () => [] } as unknown as BallotOutbox,
			mayWrite: () => true,
			permissionsKnown: async () => {},
			pending: { get: () => pending, set: (changes) => (pending = changes), load: () => {} },
			refused: () => {}
		});

		// The answer to a step 1 the server got before the vote (a keepalive), late.
		const late = Y.encodeStateAsUpdate(server, Y.encodeStateVector(doc));
		doc.getMap('matrix').set('a', { value: 70, effort: 30 });
		expect(pending).toHaveLength(1);
		await vi.advanceTimersByTimeAsync(500);
		expect(sent).toHaveLength(1);
		answer(late);
		expect(pending).toHaveLength(1);

		Y.applyUpdate(server, Y.encodeStateAsUpdate(doc));
		answer(Y.encodeStateAsUpdate(server, askedState(sent[0])));
		expect(pending).toEqual([]);
		stop();
	});
});
