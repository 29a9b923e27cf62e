/**
 * The wire protocol of /sync: the standard y-websocket framing (a varuint message type, then
 * y-protocols' sync or awareness payload), and the close codes this server uses, each with its reason.
 */
export const MessageType = {
	Sync: 0,
	Awareness: 1,
	Auth: 2,
	QueryAwareness: 3
} as const;

/** Largest frame accepted; a larger one closes the connection with `CloseCode.FrameTooLarge`. */
export const MAX_FRAME_BYTES = 1024 * 1024;

/**
 * Stock y-websocket clients (3.x) treat 4400–4499 as final and stop reconnecting; codes after
 * which the client should come back (with new permissions) are outside that range.
 */
export const CloseCode = {
	/** The server is shutting down; reconnect later. */
	GoingAway: 1001,
	/** Set by `ws` itself when a frame exceeds MAX_FRAME_BYTES. */
	FrameTooLarge: 1009,
	/** A frame that y-protocols cannot decode, or an update Yjs cannot apply. */
	MalformedFrame: 4400,
	/** A message type outside MessageType, or a sync sub-type outside y-protocols'. */
	UnknownMessageType: 4401,
	/** A read-only connection kept sending updates or presence after being ignored. */
	ReadOnlyViolation: 4403,
	/** The member's role or the workshop's phase changed: reconnect to get the new permissions. */
	PermissionsChanged: 4100,
	/** The member was removed or their session ended while connected. */
	AccessRevoked: 4410,
	/** The document reached its size limit; nothing more can be added. */
	DocumentFull: 4413
} as const;

export type CloseCodeName = keyof typeof CloseCode;

export const CLOSE_REASONS: Record<number, string> = {
	[CloseCode.GoingAway]: 'server shutting down',
	[CloseCode.FrameTooLarge]: 'frame too large',
	[CloseCode.MalformedFrame]: 'malformed frame',
	[CloseCode.UnknownMessageType]: 'unknown message type',
	[CloseCode.ReadOnlyViolation]: 'read-only connection kept writing',
	[CloseCode.PermissionsChanged]: 'permissions changed',
	[CloseCode.AccessRevoked]: 'access revoked',
	[CloseCode.DocumentFull]: 'document is full'
};

/**
 * How long the server keeps the presence of a connection it closed with `PermissionsChanged`:
 * every client it closed comes back at once, and should not be seen leaving meanwhile ([A3]).
 */
export const PRESENCE_GRACE_MS = 5_000;

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
