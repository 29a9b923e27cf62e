import {
	Invalid,
	validation,
	type EntryCheck,
	type EntryRules,
	type Validation
} from '../check.ts';
import { BUCKETS, type Bucket } from './moscow.ts';

const buckets: readonly unknown[] = BUCKETS;
const notABucket = new Invalid("The bucket must be one of Must, Should, Could or Won't");
const checkMoscow: EntryCheck<Bucket> = (raw) =>
	buckets.includes(raw) ? (raw as Bucket) : notABucket;

export const moscowEntries: EntryRules<Bucket> = {
	check: () => checkMoscow,
	copy: (bucket) => bucket
};

export function validateMoscow(raw: unknown): Validation<Bucket> {
	return validation(moscowEntries, checkMoscow(raw));
}
