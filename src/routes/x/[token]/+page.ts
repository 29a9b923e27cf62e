// The executive page is read without any framework JavaScript: it is rendered on the server and
// kept live by a small inline script (see +page.svelte), which keeps what it ships tiny.
export const csr = false;
