import { startServerProcess } from '../helpers/server-process.ts';

/** One production server for the whole run, on a free port; its URL reaches tests via env. */
export default async function globalSetup() {
	const server = await startServerProcess();
	process.env.CONVERGE_URL = server.url;
	return async () => {
		await server.stop();
	};
}
