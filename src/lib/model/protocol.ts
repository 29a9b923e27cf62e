/**
 * The wire protocol of /sync that browser and server share: the standard y-websocket framing (a
 * varuint message type, then y-protocols' sync or awareness payload), and the close codes the
 * server uses, each with its reason. The server's own limits are in server/sync/protocol.ts.
 */
export const MessageType = {
	Sync: 0,
	Awareness: 1,
	Auth: 2,
	QueryAwareness: 3
} as const;

/**
 * Stock y-websocket clients (3.x) treat 4400–4499 as final and stop reconnecting; codes after
 * which the client should come back (with new permissions) are outside that range.
 */
export const CloseCode = {
	/** The server is shutting down; reconnect later. */
	GoingAway: 1001,
	/** Set by `ws` itself when a frame exceeds MAX_FRAME_BYTES (server/sync/protocol.ts). */
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
