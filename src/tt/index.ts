export { createTt } from './create-tt.js';
export { HOST_APP_NAMES } from './host-apps.js';
export { installTt } from './install.js';
export type {
  Callbacks,
  FakeTt,
  GetUserInfoSuccess,
  LoginSuccess,
  RequestOptions,
  RequestSuccess,
  RequestTask,
  SystemInfo,
  TtFail,
  TtOptions,
  UiCall,
  UiOptions,
  UserInfo,
} from './types.js';
