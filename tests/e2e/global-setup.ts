import { startServerProcess } from '../helpers/server-process.ts';

/** One production server for the whole run, on a free port; its URL reaches tests via env. */
export default async function globalSetup() {
	// Every test signs up and joins from 127.0.0.1: the per-address limits would stop the suite
	// part way. [U3] checks the guest-join limit on a server of its own, with the default.
	const server = await startServerProcess({
		SIGNUPS_PER_ADDRESS: '10000',
		GUEST_JOINS_PER_ADDRESS: '10000'
	});
	process.env.CONVERGE_URL = server.url;
	return async () => {
		await server.stop();
	};
}
