/**
 * Every route the mock serves, with the fields each reads (body for POST and PUT, query for GET), so
 * the generators can aim wrong types at the names a route actually looks at.
 */
export type Area = 'baas' | 'platform' | 'control';

export interface RouteSpec {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** `:id` is replaced by a generated path segment. */
  path: string;
  area: Area;
  /** Needs a 知晓云 session (Authorization: Hydrogen-r1 <token>). */
  auth?: boolean;
  fields: readonly string[];
}

const PROFILE = ['rawData', 'signature', 'encryptedData', 'iv', 'update_userprofile'];

const baas: RouteSpec[] = [
  ...(['username', 'email', 'phone'] as const).flatMap((kind): RouteSpec[] => [
    { method: 'POST', path: `/hserve/v2.1/register/${kind}/`, area: 'baas', fields: [kind, 'password'] },
    { method: 'POST', path: `/hserve/v2.1/login/${kind}/`, area: 'baas', fields: [kind, 'password'] },
  ]),
  { method: 'POST', path: '/hserve/v2.0/login/anonymous/', area: 'baas', fields: [] },
  { method: 'POST', path: '/hserve/v2.0/session/destroy/', area: 'baas', auth: true, fields: [] },
  { method: 'POST', path: '/hserve/v2.2/sms-verification-code/', area: 'baas', fields: ['phone', 'signature_id'] },
  { method: 'POST', path: '/hserve/v1.8/sms-verification-code/verify/', area: 'baas', fields: ['phone', 'code'] },
  { method: 'POST', path: '/hserve/v2.1/login/sms/', area: 'baas', fields: ['phone', 'code', 'create_user'] },
  { method: 'POST', path: '/hserve/v2.1/sms-phone-verification/', area: 'baas', auth: true, fields: ['code'] },
  { method: 'POST', path: '/hserve/v2.0/user/email-verify/', area: 'baas', auth: true, fields: [] },
  { method: 'POST', path: '/hserve/v2.0/user/password/reset/', area: 'baas', fields: ['email'] },
  { method: 'POST', path: '/hserve/v2.5/idp/bytedance/silent-login/', area: 'baas', fields: ['code', 'app_name', 'create_user'] },
  { method: 'POST', path: '/hserve/v2.5/idp/bytedance/authenticate/', area: 'baas', fields: ['code', 'app_name', 'create_user', ...PROFILE] },
  { method: 'POST', path: '/hserve/v2.4/idp/bytedance/user-association/', area: 'baas', auth: true, fields: ['code', 'app_name', ...PROFILE] },
  { method: 'GET', path: '/hserve/v2.2/server/time/', area: 'baas', fields: [] },
  { method: 'GET', path: '/hserve/v1/latest-sdk-version/', area: 'baas', fields: [] },
  { method: 'GET', path: '/hserve/v2.5/user/info/:id/', area: 'baas', auth: true, fields: ['keys'] },
  { method: 'GET', path: '/hserve/v2.5/user/info/', area: 'baas', auth: true, fields: ['keys'] },
  { method: 'GET', path: '/hserve/v2.2/user/info/', area: 'baas', auth: true, fields: ['where', 'limit', 'offset', 'order_by', 'keys', 'return_total_count'] },
  {
    method: 'PUT',
    path: '/hserve/v2.5/user/info/',
    area: 'baas',
    auth: true,
    fields: ['nickname', 'avatar', 'gender', 'country', 'province', 'city', 'language', 'score', 'tags', 'id', 'openid', '_username', 'constructor', 'toString', 'hasOwnProperty'],
  },
  { method: 'PUT', path: '/hserve/v2.2/user/account/', area: 'baas', auth: true, fields: ['username', 'email', 'phone', 'password', 'new_password'] },
];

const platform: RouteSpec[] = [
  { method: 'POST', path: '/api/apps/v2/jscode2session', area: 'platform', fields: ['appid', 'secret', 'code', 'anonymous_code'] },
  { method: 'GET', path: '/api/apps/jscode2session', area: 'platform', fields: ['appid', 'secret', 'code', 'anonymous_code'] },
];

const control: RouteSpec[] = [
  { method: 'GET', path: '/__mock/health', area: 'control', fields: [] },
  { method: 'GET', path: '/__mock/export', area: 'control', fields: [] },
  { method: 'POST', path: '/__mock/import', area: 'control', fields: ['version', 'platform', 'hostApps', 'clients', 'people', 'tenants'] },
  { method: 'POST', path: '/__mock/reset', area: 'control', fields: ['client_id'] },
  { method: 'GET', path: '/__mock/clients', area: 'control', fields: [] },
  { method: 'GET', path: '/__mock/people', area: 'control', fields: ['client_id'] },
  { method: 'POST', path: '/__mock/bytedance/login', area: 'control', fields: ['person', 'host', 'client_id', 'appid', 'force', 'device'] },
  { method: 'POST', path: '/__mock/bytedance/logins', area: 'control', fields: ['people', 'host', 'client_id', 'appid', 'force'] },
  { method: 'POST', path: '/__mock/bytedance/user-info', area: 'control', fields: ['person', 'host', 'client_id', 'appid', 'with_credentials'] },
  { method: 'GET', path: '/__mock/users', area: 'control', fields: ['client_id', 'env_id', 'limit', 'offset'] },
  { method: 'GET', path: '/__mock/outbox', area: 'control', fields: ['client_id', 'env_id', 'to', 'limit'] },
  { method: 'GET', path: '/__mock/verify-email', area: 'control', fields: ['token'] },
  { method: 'GET', path: '/__mock/password-reset', area: 'control', fields: ['token'] },
  { method: 'POST', path: '/__mock/password-reset', area: 'control', fields: ['token', 'password'] },
  { method: 'GET', path: '/__mock/sessions', area: 'control', fields: ['client_id', 'env_id'] },
  { method: 'POST', path: '/__mock/faults', area: 'control', fields: ['operation', 'effect', 'times', 'probability', 'id', 'match', 'rules'] },
  { method: 'GET', path: '/__mock/faults', area: 'control', fields: [] },
  { method: 'DELETE', path: '/__mock/faults', area: 'control', fields: [] },
  { method: 'GET', path: '/__mock/faults/:id', area: 'control', fields: [] },
  { method: 'DELETE', path: '/__mock/faults/:id', area: 'control', fields: [] },
  { method: 'GET', path: '/__mock/requests', area: 'control', fields: ['operation', 'client_id', 'status', 'limit'] },
  { method: 'DELETE', path: '/__mock/requests', area: 'control', fields: [] },
  { method: 'POST', path: '/__mock/clock', area: 'control', fields: ['seconds'] },
  { method: 'GET', path: '/__mock/clock', area: 'control', fields: [] },
  { method: 'GET', path: '/__mock/tenants', area: 'control', fields: [] },
];

export const ROUTES: readonly RouteSpec[] = [...baas, ...platform, ...control];

/** Routes that read a body: the ones a huge body must be refused on. */
export const BODY_ROUTES = ROUTES.filter((r) => r.method === 'POST' || r.method === 'PUT');
