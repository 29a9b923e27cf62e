const SOUND_KEY = 'converge.timer-sound';

/** Whether this browser plays a sound when the timer reaches zero (a personal choice, off by default). */
export function soundWanted(): boolean {
	try {
		return localStorage.getItem(SOUND_KEY) === 'on';
	} catch {
		return false;
	}
}

export function rememberSound(on: boolean): void {
	try {
		if (on) localStorage.setItem(SOUND_KEY, 'on');
		else localStorage.removeItem(SOUND_KEY);
	} catch {
		// Private modes may refuse storage: the choice then lasts until the page closes.
	}
}

/**
 * Two soft notes. Made with Web Audio rather than shipped as a file, so the room loads nothing
 * extra; a browser that blocks audio before any click on the page simply stays silent.
 */
export function playChime(): void {
	const AudioContextClass = globalThis.AudioContext;
	if (!AudioContextClass) return;
	const context = new AudioContextClass();
	const start = context.currentTime;
	for (const [i, frequency] of [880, 660].entries()) {
		const oscillator = context.createOscillator();
		const gain = context.createGain();
		oscillator.frequency.value = frequency;
		const at = start + i * 0.35;
		gain.gain.setValueAtTime(0.0001, at);
		gain.gain.exponentialRampToValueAtTime(0.25, at + 0.02);
		gain.gain.exponentialRampToValueAtTime(0.0001, at + 0.6);
		oscillator.connect(gain).connect(context.destination);
		oscillator.start(at);
		oscillator.stop(at + 0.65);
	}
	setTimeout(() => void context.close(), 1500);
}
