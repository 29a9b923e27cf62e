import { json } from '@sveltejs/kit';
import { openApiDocument } from '$server/feedback/openapi.ts';

export const GET = () => json(openApiDocument());
