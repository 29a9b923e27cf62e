import { expect, test } from './fixtures.ts';
import { addIdea, openSetup, workshopWithGuests, type Person } from './steps.ts';

const ADA: Person = { name: 'Ada Facilitator', function: 'Product' };
const BEA: Person = { name: 'Bea Engineer', function: 'Engineering' };

test('a facilitator enters the votes of someone in the room without a device, marked as proxy', async ({
	browser,
	baseURL
}) => {
	const room = await workshopWithGuests(browser, baseURL, 'Hybrid room', ADA, [BEA]);
	const [a, b] = [room.host, ...room.guests];
	const ideaId = await addIdea(a, 'Single sign-on');
	const setup = await openSetup(a);
	await setup.getByTestId('enable-rice').check();
	await expect(setup.getByTestId('setting-blind')).toBeChecked();

	// Ada adds Sam, who sits in the room without a laptop.
	const people = a.getByTestId('people-panel');
	await people.getByTestId('add-proxy').click();
	await people.getByLabel('Name').fill('Sam (in room)');
	await people.getByLabel('Function').selectOption('Sales');
	await people.getByRole('button', { name: 'Add person' }).click();
	const sam = people.getByTestId('person').filter({ hasText: 'Sam (in room)' });
	await expect(sam).toContainText('proxy');
	await expect(sam).toContainText('Sales');
	await expect(people.getByTestId('people-count')).toHaveText('2 of 2 online · 1 by proxy');

	// Bea's room counts Sam as a voter.
	await b.getByTestId('tab-rice').click();
	await expect(b.getByTestId(`votes-${ideaId}`)).toHaveText('0 of 3 voted');

	// Ada switches to voting as Sam and enters his estimate.
	await a.getByTestId('tab-rice').click();
	await a
		.getByTestId('voting-as')
		.getByLabel('Voting as')
		.selectOption({ label: 'Sam (in room) (proxy)' });
	await expect(a.getByTestId('voting-as')).toContainText(
		'Votes you enter now count for Sam (in room)'
	);
	const row = a.getByTestId(`estimate-${ideaId}`);
	await row.getByLabel('Reach').fill('500');
	await row.getByLabel('Impact').selectOption('3');
	await row.getByLabel('Confidence').selectOption('100');
	await row.getByLabel('Effort').fill('5');
	await expect(a.getByTestId(`own-score-${ideaId}`)).toContainText('300');
	await expect(b.getByTestId(`votes-${ideaId}`)).toHaveText('1 of 3 voted');

	// Her own ballot is untouched: back to her votes, the row is empty.
	await a.getByRole('button', { name: 'Back to my votes' }).click();
	await expect(row.getByLabel('Reach')).toHaveValue('');
	await expect(a.getByTestId(`own-score-${ideaId}`)).toHaveCount(0);
	// Sam has voted, Ada and Bea have not.
	await expect(people.getByTestId('not-voted')).toContainText('Ada Facilitator, Bea Engineer');

	// After the reveal, Bea sees Sam's estimate, marked as a proxy vote.
	await a.getByRole('button', { name: 'Reveal RICE results' }).first().click();
	const result = b.getByTestId(`result-${ideaId}`);
	await expect(result).toHaveAttribute('data-score', '300');
	await result.getByText('1 estimate').click();
	const estimate = result.getByRole('listitem').filter({ hasText: 'Sam (in room)' });
	await expect(estimate).toContainText('proxy');
	await expect(estimate).toContainText('300');

	// Removing Sam takes his vote out of the count.
	await sam.getByRole('button', { name: 'Remove Sam (in room)' }).click();
	await people.getByRole('button', { name: 'Remove', exact: true }).click();
	await expect(b.getByTestId(`votes-${ideaId}`)).toHaveText('0 of 2 voted');
	await expect(a.getByTestId('voting-as')).toHaveCount(0);

	for (const context of room.contexts) await context.close();
});

test('with functions hidden, a participant sees nobody’s function until the reveal', async ({
	browser,
	baseURL
}) => {
	const room = await workshopWithGuests(browser, baseURL, 'Anti-HiPPO', ADA, [BEA]);
	const [a, b] = [room.host, ...room.guests];
	const setup = await openSetup(a);
	await setup.getByTestId('setting-hide-functions').check();
	await expect(setup.getByTestId('setting-blind')).toBeChecked();

	const adaInBeasRoom = b.getByTestId('peer').filter({ hasText: 'Ada Facilitator' });
	await expect(adaInBeasRoom).toContainText('Function hidden');
	await expect(adaInBeasRoom).not.toContainText('Product');
	await b.reload();
	const adaInBeasPeople = b
		.getByTestId('people-panel')
		.getByTestId('person')
		.filter({ hasText: 'Ada Facilitator' });
	await expect(adaInBeasPeople).toContainText('Function hidden');
	await expect(adaInBeasPeople).not.toContainText('Product');

	await a.getByRole('button', { name: 'Reveal Value / effort results' }).first().click();
	await expect(adaInBeasRoom).toContainText('Product');
	await expect(adaInBeasPeople).toContainText('Product');

	for (const context of room.contexts) await context.close();
});
