import type { UserRecord } from '../store/schema.js';
import { toSelfView } from './users.js';

/**
 * What every password, SMS, anonymous and registration login answers: the token, its lifetime and the
 * user id first (the SDK reads only these), then the whole user record (contract E, "Common to E1–E4").
 */
export function loginResponse(user: UserRecord, session: { token: string; expires_in: number }): Record<string, unknown> {
  return { token: session.token, expires_in: session.expires_in, user_id: user.id, ...toSelfView(user) };
}
