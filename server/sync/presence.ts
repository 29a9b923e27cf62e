import { functionColour } from '../../src/lib/model/functions.ts';
import { isFrameworkId, isVisible, type Settings } from '../../src/lib/model/control.ts';

/**
 * Who a connection's presence is, from its grant: the server writes this into every state the
 * connection announces, whatever the client claims ([S3]).
 */
export interface PresenceIdentity {
	id: string;
	name: string;
	function: string;
	/** Facilitators lead the room: only their `view` is followed, so only theirs is relayed. */
	facilitator: boolean;
}

/** A presence state as the room keeps and relays it. */
export type PresenceState = Record<string, unknown>;

const NAME = /^[a-z0-9-]{1,32}$/;

const isRecord = (value: unknown): value is Record<string, unknown> =>
	typeof value === 'object' && value !== null && !Array.isArray(value);

/** `{ area, anchor, x, y }` as the app's cursor layer sends it; anything else is no cursor. */
function readCursor(value: unknown): PresenceState | null {
	if (!isRecord(value)) return null;
	const { area, anchor, x, y } = value;
	if (typeof area !== 'string' || !NAME.test(area)) return null;
	if (typeof anchor !== 'string' || !NAME.test(anchor)) return null;
	if (typeof x !== 'number' || !Number.isFinite(x)) return null;
	if (typeof y !== 'number' || !Number.isFinite(y)) return null;
	return { area, anchor, x, y };
}

/** `{ tab, results, idea }` as follow mode sends it; anything else is no view. */
function readView(value: unknown): PresenceState | null {
	if (!isRecord(value)) return null;
	const { tab, results, idea } = value;
	if (typeof tab !== 'string' || !NAME.test(tab)) return null;
	const optional = (v: unknown) => (typeof v === 'string' && NAME.test(v) ? v : null);
	return { tab, results: optional(results), idea: optional(idea) };
}

/**
 * The state the room keeps for what a connection announced: its identity from the grant, its
 * cursor, and its view if it is a facilitator's. Every other field, and any identity the client
 * claimed, is dropped. A cleared cursor or view (null) is kept as null: that is how a client
 * says its pointer left the board.
 */
export function stampPresence(announced: PresenceState, who: PresenceIdentity): PresenceState {
	const state: PresenceState = {
		user: {
			id: who.id,
			name: who.name,
			function: who.function,
			colour: functionColour(who.function)
		}
	};
	if ('cursor' in announced) state.cursor = readCursor(announced.cursor);
	if (who.facilitator && 'view' in announced) state.view = readView(announced.view);
	return state;
}

/**
 * How presence is rewritten as it leaves the server under a workshop's settings; null when it
 * goes out as kept. Functions are hidden until the reveal ([F1]); a cursor over a framework whose
 * votes are hidden (blind and not revealed, or any framework of an anonymous workshop) would show
 * where someone's vote lands, and with whose name, so it does not leave at all ([S4]).
 */
export function presenceRedaction(
	settings: Settings,
	functionsHidden: boolean
): ((state: PresenceState) => PresenceState) | null {
	const cursorHidden = (area: unknown) =>
		isFrameworkId(area) && (settings.anonymous || !isVisible(settings, area));
	const anyCursorHidden = settings.anonymous || settings.blind;
	if (!functionsHidden && !anyCursorHidden) return null;
	return (state) => {
		let out = state;
		if (functionsHidden && isRecord(state.user)) {
			const { id, name } = state.user;
			out = { ...out, user: { id, name } };
		}
		if (isRecord(state.cursor) && cursorHidden(state.cursor.area)) out = { ...out, cursor: null };
		return out;
	};
}
