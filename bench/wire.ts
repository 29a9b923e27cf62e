import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';

/**
 * How a y-websocket message (a varuint type, then y-protocols' payload) travels to a server.
 * Converge and @y/websocket-server send it as is; Hocuspocus prefixes every message with the
 * document's name and wants an auth message before anything else
 * (@hocuspocus/server src/ClientConnection.ts, @hocuspocus/common src/auth.ts).
 */
export interface Wire {
	/** Messages a client sends first on a new socket for `document`. */
	hello(document: string): Uint8Array[];
	wrap(document: string, message: Uint8Array): Uint8Array;
	/** The y-websocket message inside a received frame, or null for the wire's own messages. */
	unwrap(frame: Uint8Array): Uint8Array | null;
}

export const MESSAGE_SYNC = 0;
export const MESSAGE_AWARENESS = 1;

export const yWebsocketWire: Wire = {
	hello: () => [],
	wrap: (_document, message) => message,
	unwrap: (frame) => frame
};

const HOCUSPOCUS = { Sync: 0, Awareness: 1, Auth: 2, SyncReply: 4, AuthToken: 0 } as const;

export const hocuspocusWire: Wire = {
	hello(document) {
		const encoder = encoding.createEncoder();
		encoding.writeVarString(encoder, document);
		encoding.writeVarUint(encoder, HOCUSPOCUS.Auth);
		encoding.writeVarUint(encoder, HOCUSPOCUS.AuthToken);
		encoding.writeVarString(encoder, '');
		return [encoding.toUint8Array(encoder)];
	},
	wrap(document, message) {
		const encoder = encoding.createEncoder();
		encoding.writeVarString(encoder, document);
		encoding.writeUint8Array(encoder, message);
		return encoding.toUint8Array(encoder);
	},
	unwrap(frame) {
		const decoder = decoding.createDecoder(frame);
		decoding.readVarString(decoder);
		const start = decoder.pos;
		const type = decoding.readVarUint(decoder);
		if (type === HOCUSPOCUS.Sync) return frame.subarray(start);
		if (type !== HOCUSPOCUS.SyncReply) return null;
		// A reply to our sync step 1 is an ordinary sync message under another type number.
		const encoder = encoding.createEncoder();
		encoding.writeVarUint(encoder, MESSAGE_SYNC);
		encoding.writeUint8Array(encoder, frame.subarray(decoder.pos));
		return encoding.toUint8Array(encoder);
	}
};
