/**
 * What every benchmark gives `bench/run.ts`: a section of docs/benchmarks.md and the targets of
 * ../shared/DESIGN.md ("Performance budget") and the issues it checked. To add a benchmark,
 * export a `Bench` and list it in run.ts's BENCHES.
 */
export interface BenchOptions {
	/** A short run to check the machinery (`npm run bench -- --quick`), not to report. */
	quick: boolean;
	/** Command-line values not consumed by run.ts itself (e.g. --n 200,500). */
	values: Record<string, string | boolean | undefined>;
	log(line: string): void;
}

export interface Check {
	/** The target as stated in DESIGN.md or the issue. */
	target: string;
	/** null: could not be measured in this run. */
	holds: boolean | null;
	evidence: string;
}

export interface BenchSection {
	title: string;
	/** Markdown: how it was measured. */
	method: string;
	/** Markdown: the results (usually a table). */
	results: string;
	/** Plain text for the console. */
	summary: string;
	checks: Check[];
}

export interface Bench {
	id: string;
	run(options: BenchOptions): Promise<BenchSection>;
}

/** A benchmark listed for the report but not written yet. */
export function notYetWritten(id: string, title: string, targets: string[]): Bench {
	return {
		id,
		async run() {
			return {
				title,
				method: `Not written yet: \`bench/${id}.ts\` is to export a \`Bench\` (see bench/bench.ts).`,
				results: '_Not measured._',
				summary: `${title}: not written yet`,
				checks: targets.map((target) => ({ target, holds: null, evidence: 'not measured yet' }))
			};
		}
	};
}

export function markdownTable(header: string[], rows: string[][]): string {
	const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
	return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

export function textTable(header: string[], rows: string[][]): string {
	const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
	const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i])).join('  ');
	return [line(header), ...rows.map(line)].join('\n');
}
