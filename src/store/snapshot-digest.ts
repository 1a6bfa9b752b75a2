import { createHash, type Hash } from 'node:crypto';

/**
 * The last member of each tenant in a large snapshot: the SHA-256 of the tenant's lines above it. When
 * it matches, the reader knows the tenant is exactly what the store wrote (every record checked when
 * it was written) and keeps its users and passwords as text, parsing each only when it is used. A
 * tenant someone edited by hand no longer matches and is read, and checked, record by record.
 */
export const TEXT_DIGEST_MEMBER = '$digest';

const PREFIX = 'sha256:';

export const newTextHash = (): Hash => createHash('sha256');

export const digestValue = (hash: Hash): string => PREFIX + hash.digest('hex');
