/** The live-session controls with local state, to click through and screenshot; dev only. */
export const ssr = false;
