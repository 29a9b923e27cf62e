/**
 * The wire protocol of /sync as the server runs it: the framing and close codes shared with the
 * browser (src/lib/model/protocol.ts), and the server's own limits and keepalive.
 */
import { MessageType } from '../../src/lib/model/protocol.ts';

export {
	CLOSE_REASONS,
	CloseCode,
	MessageType,
	PRESENCE_GRACE_MS
} from '../../src/lib/model/protocol.ts';

/** Largest frame accepted; a larger one closes the connection with `CloseCode.FrameTooLarge`. */
export const MAX_FRAME_BYTES = 1024 * 1024;

/**
 * How often the server makes sure every connection has heard from it. A stock y-websocket client
 * reconnects when it has received nothing for 30 s, which is the normal state of a ballot's only
 * writer: the server sends such a connection `KEEPALIVE` once it has sent nothing for this long,
 * and pings it; a connection not heard from (a frame, a pong) for three of these is dead and cut.
 */
export const KEEPALIVE_MS = 10_000;

/** An awareness update about nobody: valid for every client, and changes nothing. */
export const KEEPALIVE = new Uint8Array([MessageType.Awareness, 1, 0]);

/** How many ignored writes a read-only connection may send before it is closed. */
export const READ_ONLY_TOLERANCE = { writes: 3, awarenessPerMinute: 12 } as const;
