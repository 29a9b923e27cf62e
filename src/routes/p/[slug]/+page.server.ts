import { loadPortal, portalActions } from '$lib/server/portal-page.ts';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = (event) => loadPortal(event);

export const actions = portalActions('portal');
