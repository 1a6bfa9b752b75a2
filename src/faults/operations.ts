/**
 * The operation names routes give themselves with `op(name)`, and the ones fault rules may aim at.
 * One list, so a rule naming an operation that no route has is refused when it is added, not silently
 * never fired.
 */
export const FAULT_OPERATIONS = {
  code2session: 'POST /api/apps/v2/jscode2session, GET /api/apps/jscode2session, and the exchange inside the 知晓云 ByteDance login endpoints',
  'tt.login': 'POST /__mock/bytedance/login (the fake tt.login)',
  'tt.getUserInfo': 'POST /__mock/bytedance/user-info (the fake tt.getUserInfo)',
  'silent-login': 'POST /hserve/v2.5/idp/bytedance/silent-login/',
  authenticate: 'POST /hserve/v2.5/idp/bytedance/authenticate/',
  'user-association': 'POST /hserve/v2.4/idp/bytedance/user-association/',
  register: 'POST /hserve/v2.1/register/{username,email,phone}/',
  login: 'POST /hserve/v2.1/login/{username,email,phone}/',
  'anonymous-login': 'POST /hserve/v2.0/login/anonymous/',
  'sms-login': 'POST /hserve/v2.1/login/sms/',
  logout: 'POST /hserve/v2.0/session/destroy/',
  'current-user': 'GET /hserve/v2.5/user/info/<id>/ and GET /hserve/v2.5/user/info/',
  'user-list': 'GET /hserve/v2.2/user/info/',
  'update-user': 'PUT /hserve/v2.5/user/info/',
  account: 'PUT /hserve/v2.2/user/account/',
  sms: 'POST /hserve/v2.2/sms-verification-code/',
  'sms-verify': 'POST /hserve/v1.8/sms-verification-code/verify/',
  'phone-verify': 'POST /hserve/v2.1/sms-phone-verification/',
  'email-verify': 'POST /hserve/v2.0/user/email-verify/',
  'password-reset': 'POST /hserve/v2.0/user/password/reset/',
  'server-time': 'GET /hserve/v2.2/server/time/',
  'sdk-version': 'GET /hserve/v1/latest-sdk-version/',
} as const satisfies Record<string, string>;

export type FaultOperation = keyof typeof FAULT_OPERATIONS;

/**
 * The mock's own control API. Never faulted: a `*` rule that reset every connection would otherwise
 * also cut off the request that removes it.
 */
export const CONTROL_OPERATIONS = [
  'health', 'export', 'import', 'reset', 'clients', 'people', 'logins', 'users', 'outbox', 'sessions', 'verify-email-link', 'password-reset-link',
  'faults', 'requests', 'clock', 'dashboard', 'tenants',
] as const;

export const ANY_OPERATION = '*';

export const faultOperationNames = (): string[] => Object.keys(FAULT_OPERATIONS);

export const isFaultOperation = (name: string): name is FaultOperation => Object.hasOwn(FAULT_OPERATIONS, name);

/** The login endpoints that exchange a `tt.login` code: a rule on code2session reaches them too. */
export const CODE_EXCHANGING: readonly string[] = ['silent-login', 'authenticate', 'user-association'];
