/**
 * Saves a Blob as a file through a temporary link with `download`, which every browser treats as
 * a download (no new tab, no navigation). Browser only.
 */
export function downloadBlob(blob: Blob, fileName: string): void {
	const url = URL.createObjectURL(blob);
	const link = document.createElement('a');
	link.href = url;
	link.download = fileName;
	link.hidden = true;
	document.body.append(link);
	link.click();
	link.remove();
	// Revoked later rather than at once: some browsers start reading the URL after click() returns.
	setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/** A local calendar date for file names: 2026-11-22. */
export function fileDate(date: Date): string {
	const pad = (n: number) => String(n).padStart(2, '0');
	return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/** "12 KB", "1.4 MB": a file size for a status line. */
export function fileSize(bytes: number): string {
	if (bytes < 1024) return `${bytes} B`;
	if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
	return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}
