/**
 * A parameterised SQL statement. Both drivers (postgres.js and PGlite) accept `text` with `$n`
 * placeholders and a parameter list, so queries are written once with the `sql` tag below.
 */
export interface Statement {
	text: string;
	params: unknown[];
}

const fragment = Symbol('sql fragment');

/** A piece of SQL spliced in verbatim: only for text the program itself wrote, never for input. */
export interface Fragment {
	[fragment]: true;
	text: string;
	params: unknown[];
}

function isFragment(value: unknown): value is Fragment {
	return typeof value === 'object' && value !== null && fragment in value;
}

/** Tagged template: every interpolated value becomes a bound parameter unless it is a `Fragment`. */
export function sql(strings: TemplateStringsArray, ...values: unknown[]): Fragment {
	let text = strings[0];
	const params: unknown[] = [];
	values.forEach((value, i) => {
		if (isFragment(value)) {
			text += value.text.replace(/\$(\d+)/g, (_, n) => `$${Number(n) + params.length}`);
			params.push(...value.params);
		} else {
			params.push(value);
			text += `$${params.length}`;
		}
		text += strings[i + 1];
	});
	return { [fragment]: true, text, params };
}

/** `(a, b), (c, d)` for a multi-row INSERT. */
export function valuesList(rows: unknown[][]): Fragment {
	const params: unknown[] = [];
	const groups = rows.map(
		(row) =>
			'(' +
			row
				.map((value) => {
					params.push(value);
					return `$${params.length}`;
				})
				.join(', ') +
			')'
	);
	return { [fragment]: true, text: groups.join(', '), params };
}

/** `($1, $2, …)` for an IN list. */
export function inList(values: unknown[]): Fragment {
	return {
		[fragment]: true,
		text: '(' + values.map((_, i) => `$${i + 1}`).join(', ') + ')',
		params: values
	};
}
