import { randomInt } from 'crypto';

/** Prefix of every escalation reference (ERN ReCONNET). */
export const REFERENCE_PREFIX = 'RCN';
/**
 * Characters a person can read aloud or type back without confusion: no 0/O, 1/I/L or U
 * (which reads like V in some fonts).
 */
export const REFERENCE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTVWXYZ';
/** Random characters after the date: 30^4 = 810,000 references per day. */
export const REFERENCE_RANDOM_LENGTH = 4;
/** `RCN-20261123-7QK2`. */
export const REFERENCE_PATTERN = /^RCN-\d{8}-[23456789ABCDEFGHJKMNPQRSTVWXYZ]{4}$/;

/** A source of uniform random integers in [0, max); crypto-strong by default. */
export type RandomIndex = (max: number) => number;

/** `2026-11-23T…` → `20261123`, always in UTC so every instance agrees. */
function utcDateStamp(now: Date): string {
    return now.toISOString().slice(0, 10).replace(/-/g, '');
}

/**
 * A new reference such as `RCN-20261123-7QK2`: the UTC date plus random characters from
 * {@link REFERENCE_ALPHABET}. Uniqueness is enforced by the outbox (the caller retries).
 */
export function newReference(now: Date, randomIndex: RandomIndex = randomInt): string {
    let suffix = '';
    for (let i = 0; i < REFERENCE_RANDOM_LENGTH; i++) {
        suffix += REFERENCE_ALPHABET[randomIndex(REFERENCE_ALPHABET.length)];
    }
    return `${REFERENCE_PREFIX}-${utcDateStamp(now)}-${suffix}`;
}

export function isReference(value: string): boolean {
    return REFERENCE_PATTERN.test(value);
}
