/**
 * The OpenAPI 3.1 document of the feedback API, served at /api/v1/openapi.json. The integration
 * tests validate it with a real validator and check every response they get against its schemas,
 * so it cannot drift from what the routes return.
 */

type Schema = Record<string, unknown>;

const ref = (name: string): Schema => ({ $ref: `#/components/schemas/${name}` });
const nullable = (schema: Schema): Schema => ({ oneOf: [schema, { type: 'null' }] });
const str = { type: 'string' };
const int = { type: 'integer', minimum: 0 };
const num = { type: 'number', minimum: 0 };
const date = { type: 'string', format: 'date-time' };
const bool = { type: 'boolean' };
const array = (items: Schema): Schema => ({ type: 'array', items });
const object = (
	properties: Record<string, Schema>,
	required = Object.keys(properties)
): Schema => ({
	type: 'object',
	properties,
	required
});

const schemas: Record<string, Schema> = {
	StatusChange: object({
		id: str,
		ideaId: str,
		from: str,
		to: str,
		note: str,
		changedBy: nullable(object({ id: str, name: str })),
		changedAt: date
	}),
	Webhook: object(
		{
			id: str,
			url: str,
			eventTypes: array(str),
			disabledAt: nullable(date),
			failingSince: nullable(date),
			createdAt: date,
			secret: str
		},
		['id', 'url', 'eventTypes', 'disabledAt', 'failingSince', 'createdAt']
	),
	WebhookDelivery: object({
		id: str,
		messageId: str,
		type: str,
		state: str,
		attempts: int,
		lastStatus: nullable({ type: 'integer' }),
		lastError: nullable(str),
		nextAttemptAt: date,
		createdAt: date,
		sentAt: nullable(date)
	}),
	Error: object({
		error: object(
			{ code: { type: 'string' }, message: { type: 'string' }, field: { type: 'string' } },
			['code', 'message']
		)
	}),
	Product: object({
		id: str,
		name: str,
		slug: { type: 'string', pattern: '^[a-z0-9]+(-[a-z0-9]+)*$' },
		portalEnabled: bool,
		createdAt: date,
		role: { enum: ['owner', 'member'] }
	}),
	ApiKey: object({
		id: str,
		label: str,
		prefix: str,
		createdAt: date,
		lastUsedAt: nullable(date),
		revokedAt: nullable(date)
	}),
	ApiKeyCreated: {
		allOf: [ref('ApiKey'), object({ key: { type: 'string', description: 'Shown only here.' } })]
	},
	Company: object({
		id: str,
		name: str,
		arr: nullable(num),
		segment: str,
		requesters: int
	}),
	Feedback: object({
		id: str,
		text: str,
		source: { enum: ['team', 'portal', 'widget', 'api', 'import', 'workshop'] },
		externalId: nullable(str),
		state: { enum: ['new', 'linked', 'archived'] },
		ideaId: nullable(str),
		requester: nullable(object({ id: str, email: nullable(str), name: str })),
		company: nullable(object({ id: str, name: str, arr: nullable(num), segment: str })),
		receivedAt: date
	}),
	SegmentDemand: object({ requesters: int, companies: int, arr: num }),
	Demand: object({
		requesters: { ...int, description: 'Distinct people (feedback and portal votes).' },
		companies: int,
		arr: { ...num, description: 'ARR of the companies asking, each once.' },
		feedback: int,
		bySegment: { type: 'object', additionalProperties: ref('SegmentDemand') },
		trend: { ...int, description: 'Feedback and votes in the last 30 days.' }
	}),
	Idea: object({
		id: str,
		title: str,
		description: str,
		tags: array(str),
		status: { enum: ['open', 'under_review', 'planned', 'in_progress', 'shipped', 'declined'] },
		public: bool,
		mergedInto: nullable(str),
		externalId: nullable(str),
		externalVotes: int,
		createdAt: date,
		demand: ref('Demand')
	}),
	IdeaDetail: {
		allOf: [
			ref('Idea'),
			object({
				mergedFrom: array(ref('Idea')),
				mergedIntoTitle: nullable(str),
				votes: int,
				recentFeedback: {
					type: 'array',
					items: object({
						id: str,
						text: str,
						source: str,
						receivedAt: date,
						ideaId: str,
						requester: nullable(object({ name: str, email: nullable(str) })),
						company: nullable(object({ name: str, segment: str }))
					})
				}
			})
		]
	},
	SimilarIdea: object({ id: str, title: str, score: { type: 'number', minimum: 0, maximum: 1 } }),
	Import: object({
		id: str,
		format: { enum: ['jira', 'linear', 'generic'] },
		state: { enum: ['running', 'done', 'failed'] },
		rows: int,
		created: int,
		updated: int,
		skipped: int,
		errors: array(object({ line: int, message: str })),
		createdAt: date,
		finishedAt: nullable(date)
	}),
	Workshop: object({
		id: str,
		title: str,
		description: str,
		createdBy: str,
		createdAt: date,
		productId: str,
		boardIdeaIds: array(str),
		role: { const: 'facilitator' }
	}),
	PortalView: object({
		product: object({ name: str, slug: str }),
		ideas: {
			type: 'array',
			items: object({ id: str, title: str, description: str, status: str, requesters: int })
		}
	})
};

const json = (schema: Schema) => ({ 'application/json': { schema } });
const reply = (description: string, schema?: Schema) =>
	schema ? { description, content: json(schema) } : { description };
const errors = (...codes: number[]) =>
	Object.fromEntries(
		codes.map((c) => [
			String(c),
			{
				description: {
					400: 'Bad input',
					401: 'No session or API key, or a revoked key',
					403: 'Not allowed (owners only, or not with an API key)',
					404: 'No such product (or not yours), idea, item',
					409: 'Conflict',
					413: 'Body too large',
					429: 'Too many requests'
				}[c],
				content: json(ref('Error'))
			}
		])
	);
/** A request body, which may be left out where it only adds options. */
const body = (schema: Schema, required = true) => ({ required, content: json(schema) });
const pathParam = (name: string) => ({ name, in: 'path', required: true, schema: str });
const query = (name: string, schema: Schema = str, description?: string) => ({
	name,
	in: 'query',
	required: false,
	schema,
	...(description ? { description } : {})
});
const pid = pathParam('pid');
const list = (key: string, item: string) => object({ [key]: array(ref(item)) });

const companyInput = {
	oneOf: [str, object({ name: str, arr: nullable(num), segment: str }, ['name'])]
};

export function openApiDocument(): Schema {
	return {
		openapi: '3.1.0',
		info: {
			title: 'Converge feedback API',
			version: '1.0.0',
			description:
				'Products, feedback, ideas and their demand. Authenticate with the session cookie or `Authorization: Bearer <API key>`; a key acts only on its own product. Fields may be added, never removed.'
		},
		servers: [{ url: '/api/v1' }],
		security: [{ bearer: [] }, { session: [] }],
		components: {
			schemas,
			securitySchemes: {
				bearer: { type: 'http', scheme: 'bearer', description: 'A product API key (cvg_…)' },
				session: { type: 'apiKey', in: 'cookie', name: 'converge_session' }
			}
		},
		paths: {
			'/products': {
				get: {
					summary: 'Your products (with a key: its product)',
					responses: { 200: reply('Products', list('products', 'Product')), ...errors(401) }
				},
				post: {
					summary: 'Create a product (you become owner)',
					requestBody: body(object({ name: str, slug: str }, ['name'])),
					responses: { 201: reply('Created', ref('Product')), ...errors(400, 401, 403, 409, 413) }
				}
			},
			'/products/{pid}': {
				parameters: [pid],
				get: {
					summary: 'A product',
					responses: { 200: reply('The product', ref('Product')), ...errors(401, 404) }
				},
				patch: {
					summary: 'Settings (owners): name, slug, portal on/off',
					requestBody: body(object({ name: str, slug: str, portalEnabled: bool }, [])),
					responses: { 200: reply('Updated', ref('Product')), ...errors(400, 401, 403, 404, 409) }
				}
			},
			'/products/{pid}/api-keys': {
				parameters: [pid],
				get: {
					summary: 'API keys (owners)',
					responses: { 200: reply('Keys', list('apiKeys', 'ApiKey')), ...errors(401, 403, 404) }
				},
				post: {
					summary: 'Create an API key; the key is in this response only',
					requestBody: body(object({ label: str })),
					responses: { 201: reply('Created', ref('ApiKeyCreated')), ...errors(400, 401, 403, 404) }
				}
			},
			'/products/{pid}/api-keys/{kid}': {
				parameters: [pid, pathParam('kid')],
				delete: {
					summary: 'Revoke a key (401 from then on)',
					responses: { 204: reply('Revoked'), ...errors(401, 403, 404) }
				}
			},
			'/products/{pid}/feedback': {
				parameters: [pid],
				get: {
					summary: 'Feedback, newest first',
					parameters: [
						query('state', { enum: ['new', 'linked', 'archived'] }),
						query('ideaId'),
						query('limit', { type: 'integer' })
					],
					responses: { 200: reply('Items', list('feedback', 'Feedback')), ...errors(400, 401, 404) }
				},
				post: {
					summary: 'Add feedback; the same externalId again returns the existing item (200)',
					requestBody: body(
						object(
							{
								text: str,
								source: { enum: ['team', 'api', 'widget', 'import'] },
								externalId: str,
								requester: object({ email: { type: 'string', format: 'email' }, name: str }, [
									'email'
								]),
								company: companyInput,
								ideaId: str,
								receivedAt: date
							},
							['text']
						)
					),
					responses: {
						201: reply('Created', ref('Feedback')),
						200: reply('Already there (same externalId)', ref('Feedback')),
						...errors(400, 401, 404, 413)
					}
				}
			},
			'/products/{pid}/feedback/{fid}': {
				parameters: [pid, pathParam('fid')],
				get: {
					summary: 'One item',
					responses: { 200: reply('The item', ref('Feedback')), ...errors(401, 404) }
				}
			},
			'/products/{pid}/feedback/{fid}/link': {
				parameters: [pid, pathParam('fid')],
				post: {
					summary: 'Link to an idea',
					requestBody: body(object({ ideaId: str })),
					responses: { 200: reply('Linked', ref('Feedback')), ...errors(400, 401, 404) }
				}
			},
			'/products/{pid}/feedback/{fid}/unlink': {
				parameters: [pid, pathParam('fid')],
				post: {
					summary: 'Unlink (back to the Inbox)',
					responses: { 200: reply('Unlinked', ref('Feedback')), ...errors(401, 404) }
				}
			},
			'/products/{pid}/feedback/{fid}/archive': {
				parameters: [pid, pathParam('fid')],
				post: {
					summary: 'Archive ({restore: true} puts it back)',
					requestBody: body(object({ restore: bool }, []), false),
					responses: { 200: reply('Archived', ref('Feedback')), ...errors(401, 404) }
				}
			},
			'/products/{pid}/feedback/{fid}/idea': {
				parameters: [pid, pathParam('fid')],
				post: {
					summary: 'Create an idea from the item, linked to it',
					requestBody: body(object({ title: str, description: str, tags: array(str) }, []), false),
					responses: {
						201: reply('Created', object({ idea: ref('IdeaDetail'), feedback: ref('Feedback') })),
						...errors(400, 401, 404)
					}
				}
			},
			'/products/{pid}/ideas': {
				parameters: [pid],
				get: {
					summary: 'The backlog',
					parameters: [
						query('sort', { enum: ['demand', 'arr', 'newest', 'trend'] }),
						query('q'),
						query('tag'),
						query('segment'),
						query('company', str, 'A company id'),
						query('source'),
						query('merged', { enum: ['true', 'false'] }),
						query('limit', { type: 'integer' }),
						query('offset', { type: 'integer' })
					],
					responses: {
						200: reply('Ideas', object({ ideas: array(ref('Idea')), total: int })),
						...errors(400, 401, 404)
					}
				},
				post: {
					summary: 'Create an idea',
					requestBody: body(
						object(
							{
								title: str,
								description: str,
								tags: array(str),
								public: bool
							},
							['title']
						)
					),
					responses: { 201: reply('Created', ref('Idea')), ...errors(400, 401, 404) }
				}
			},
			'/products/{pid}/ideas/similar': {
				parameters: [pid],
				get: {
					summary: 'Ideas like a text (pg_trgm and full-text search), best first',
					parameters: [query('q'), query('limit', { type: 'integer' })],
					responses: { 200: reply('Similar', list('ideas', 'SimilarIdea')), ...errors(401, 404) }
				}
			},
			'/products/{pid}/ideas/duplicates': {
				parameters: [pid],
				get: {
					summary: 'Possible duplicate pairs',
					responses: {
						200: reply(
							'Pairs',
							object({
								pairs: {
									type: 'array',
									items: object({
										a: object({ id: str, title: str, requesters: int }),
										b: object({ id: str, title: str, requesters: int }),
										score: num
									})
								}
							})
						),
						...errors(401, 404)
					}
				}
			},
			'/products/{pid}/ideas/{iid}': {
				parameters: [pid, pathParam('iid')],
				get: {
					summary: 'An idea with demand, mergedFrom and recent feedback',
					responses: { 200: reply('The idea', ref('IdeaDetail')), ...errors(401, 404) }
				},
				patch: {
					summary: 'Change title, description, tags, public',
					requestBody: body(
						object(
							{
								title: str,
								description: str,
								tags: array(str),
								public: bool
							},
							[]
						)
					),
					responses: { 200: reply('Updated', ref('IdeaDetail')), ...errors(400, 401, 404) }
				}
			},
			'/products/{pid}/ideas/{iid}/merge': {
				parameters: [pid, pathParam('iid')],
				post: {
					summary: 'Merge this idea into another (a link)',
					requestBody: body(object({ into: str })),
					responses: { 200: reply('Merged', ref('IdeaDetail')), ...errors(400, 401, 404, 409) }
				}
			},
			'/products/{pid}/ideas/{iid}/unmerge': {
				parameters: [pid, pathParam('iid')],
				post: {
					summary: 'Undo a merge',
					responses: { 200: reply('Unmerged', ref('IdeaDetail')), ...errors(400, 401, 404) }
				}
			},
			'/products/{pid}/ideas/{iid}/status': {
				parameters: [pid, pathParam('iid')],
				post: {
					summary: 'Move the idea to a status; queues the emails and webhooks it causes',
					requestBody: body(object({ status: str, note: str }, ['status'])),
					responses: {
						200: reply('Changed', object({ change: ref('StatusChange'), emailsQueued: int })),
						...errors(400, 401, 404, 409)
					}
				}
			},
			'/products/{pid}/ideas/{iid}/status-history': {
				parameters: [pid, pathParam('iid')],
				get: {
					summary: 'Every status change, newest first',
					responses: {
						200: reply('History', list('changes', 'StatusChange')),
						...errors(401, 404)
					}
				}
			},
			'/products/{pid}/ideas/{iid}/email-preview': {
				parameters: [pid, pathParam('iid'), query('status'), query('note')],
				get: {
					summary: 'The email requesters would get for this status change',
					responses: {
						200: reply(
							'The email',
							object({
								to: str,
								subject: str,
								text: str,
								html: str,
								headers: { type: 'object', additionalProperties: str }
							})
						),
						...errors(400, 401, 404)
					}
				}
			},
			'/products/{pid}/ideas/{iid}/test-email': {
				parameters: [pid, pathParam('iid')],
				post: {
					summary: 'Send that email to the signed-in person',
					requestBody: body(object({ status: str, note: str }, ['status'])),
					responses: { 202: reply('Queued', object({ to: str })), ...errors(400, 401, 403, 404) }
				}
			},
			'/products/{pid}/notifications': {
				parameters: [pid],
				get: {
					summary: 'Which status changes email the people who asked',
					responses: {
						200: reply('Settings', object({ notifyStatuses: array(str) })),
						...errors(401, 404)
					}
				},
				patch: {
					summary: 'Choose them (owners)',
					requestBody: body(object({ notifyStatuses: array(str) })),
					responses: {
						200: reply('Saved', object({ notifyStatuses: array(str) })),
						...errors(400, 401, 403, 404)
					}
				}
			},
			'/products/{pid}/webhooks': {
				parameters: [pid],
				get: {
					summary: 'Webhook endpoints (owners)',
					responses: {
						200: reply('Endpoints', list('webhooks', 'Webhook')),
						...errors(401, 403, 404)
					}
				},
				post: {
					summary: 'Add an endpoint; its whsec_ secret is in this answer only',
					requestBody: body(object({ url: str, eventTypes: array(str) })),
					responses: { 201: reply('Added', ref('Webhook')), ...errors(400, 401, 403, 404) }
				}
			},
			'/products/{pid}/webhooks/{wid}': {
				parameters: [pid, pathParam('wid')],
				patch: {
					summary: 'Change event types, or re-enable',
					requestBody: body(object({ eventTypes: array(str), enabled: bool }, [])),
					responses: { 200: reply('Updated', ref('Webhook')), ...errors(400, 401, 403, 404) }
				},
				delete: {
					summary: 'Remove the endpoint',
					responses: { 204: reply('Removed'), ...errors(401, 403, 404) }
				}
			},
			'/products/{pid}/webhooks/{wid}/deliveries': {
				parameters: [pid, pathParam('wid')],
				get: {
					summary: 'The latest 50 deliveries',
					responses: {
						200: reply('Deliveries', list('deliveries', 'WebhookDelivery')),
						...errors(401, 403, 404)
					}
				}
			},
			'/products/{pid}/webhooks/{wid}/deliveries/{did}/redeliver': {
				parameters: [pid, pathParam('wid'), pathParam('did')],
				post: {
					summary: 'Send again with the same webhook-id',
					responses: { 202: reply('Queued', object({ id: str })), ...errors(401, 403, 404) }
				}
			},
			'/products/{pid}/webhooks/{wid}/test': {
				parameters: [pid, pathParam('wid')],
				post: {
					summary: 'A webhook.test event to this endpoint',
					responses: { 202: reply('Queued', object({ id: str })), ...errors(401, 403, 404) }
				}
			},
			'/products/{pid}/imports': {
				parameters: [pid],
				get: {
					summary: 'Recent imports',
					responses: { 200: reply('Imports', list('imports', 'Import')), ...errors(401, 404) }
				},
				post: {
					summary: 'Import a CSV (the body); read in the background',
					parameters: [
						query('format', { enum: ['jira', 'linear', 'generic'] }),
						query('mapping', str, 'JSON: field → column name')
					],
					requestBody: { required: true, content: { 'text/csv': { schema: str } } },
					responses: { 202: reply('Accepted', object({ id: str })), ...errors(400, 401, 404, 413) }
				}
			},
			'/products/{pid}/imports/{id}': {
				parameters: [pid, pathParam('id')],
				get: {
					summary: 'Progress and per-line errors',
					responses: { 200: reply('The import', ref('Import')), ...errors(401, 404) }
				}
			},
			'/products/{pid}/workshops': {
				parameters: [pid],
				post: {
					summary: 'Start a workshop whose board holds these ideas with their demand',
					requestBody: body(
						object(
							{ title: str, description: str, ideaIds: { type: 'array', items: str, minItems: 1 } },
							['title', 'ideaIds']
						)
					),
					responses: { 201: reply('Created', ref('Workshop')), ...errors(400, 401, 403, 404) }
				}
			},
			'/products/{pid}/companies/{cid}': {
				parameters: [pid, pathParam('cid')],
				patch: {
					summary: 'Edit a company (ARR, segment): the one place',
					requestBody: body(object({ name: str, arr: nullable(num), segment: str }, [])),
					responses: { 200: reply('Updated', ref('Company')), ...errors(400, 401, 404) }
				}
			},
			'/products/{pid}/requesters/{rid}': {
				parameters: [pid, pathParam('rid')],
				delete: {
					summary: 'Erase a requester (owners)',
					responses: { 200: reply('Erased', object({ feedback: int })), ...errors(401, 403, 404) }
				}
			},
			'/portal/{slug}': {
				parameters: [pathParam('slug')],
				get: {
					summary: 'Public ideas (404 while the portal is off)',
					security: [],
					parameters: [query('q')],
					responses: { 200: reply('The portal', ref('PortalView')), ...errors(404) }
				}
			},
			'/portal/{slug}/feedback': {
				parameters: [pathParam('slug')],
				post: {
					summary: 'Submit feedback without an account',
					security: [],
					requestBody: body(
						object(
							{
								text: str,
								email: { type: 'string', format: 'email' },
								name: str,
								company: companyInput,
								website: { type: 'string', description: 'Honeypot: leave empty' }
							},
							['text', 'email']
						)
					),
					responses: {
						201: reply('Received', object({ id: str, similar: array(ref('SimilarIdea')) })),
						...errors(400, 404, 413, 429)
					}
				}
			},
			'/portal/{slug}/ideas/{iid}/votes': {
				parameters: [pathParam('slug'), pathParam('iid')],
				post: {
					summary: 'Vote for a public idea (one per email)',
					security: [],
					requestBody: body(object({ email: { type: 'string', format: 'email' } })),
					responses: {
						201: reply('Voted', object({ created: { const: true }, requesters: int })),
						200: reply('Already voted', object({ created: { const: false }, requesters: int })),
						...errors(400, 404, 429)
					}
				}
			}
		}
	};
}
