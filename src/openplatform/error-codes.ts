import { OpenPlatformError } from '../errors.js';

/**
 * The error numbers code2session answers with (contract A2/A3). The legacy list is documented; v2 is
 * assumed to reuse it, plus 40014 for missing or invalid parameters (see docs/differences.md).
 */
export const ERR = {
  SYSTEM: { errNo: -1, tips: 'system error' },
  BAD_PARAMS: { errNo: 40014, tips: 'bad params' },
  BAD_APPID: { errNo: 40015, tips: 'bad appid' },
  BAD_SECRET: { errNo: 40017, tips: 'bad secret' },
  BAD_CODE: { errNo: 40018, tips: 'bad code' },
  BAD_ANONYMOUS_CODE: { errNo: 40019, tips: 'bad anonymous_code' },
} as const;

export type ErrKey = keyof typeof ERR;

export function platformError(key: ErrKey, detail?: string): OpenPlatformError {
  const { errNo, tips } = ERR[key];
  return new OpenPlatformError(errNo, detail ? `${tips}: ${detail}` : tips);
}
