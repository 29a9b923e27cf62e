import { loadPortal, portalActions } from '$lib/server/portal-page.ts';
import type { PageServerLoad } from './$types';

/** The widget's iframe: any site may frame this page (the only one; see docs/feedback.md). */
export const load: PageServerLoad = (event) => loadPortal(event);

export const actions = portalActions('widget');
