import { later, succeed } from './callbacks.js';
import type { Callbacks, FakeTt, UiCall, UiOptions } from './types.js';

type UiApi = Pick<FakeTt, UiCall['api']>;

/**
 * The UI calls page code makes, as harmless no-ops that succeed (a modal is confirmed). Each is kept
 * in `calls` without its callbacks, so a test can check what the person was shown.
 */
export function createUi(calls: UiCall[]): UiApi {
  const noop = (api: UiCall['api'], extra: Record<string, unknown> = {}) => (options: UiOptions<any> = {}) => {
    const { success, fail, complete, ...shown } = options;
    calls.push({ api, options: shown });
    later(() => succeed({ success, fail, complete } as Callbacks<unknown>, { errMsg: `${api}:ok`, ...extra }));
  };
  return {
    showToast: noop('showToast'),
    hideToast: noop('hideToast'),
    showModal: noop('showModal', { confirm: true, cancel: false }),
    showLoading: noop('showLoading'),
    hideLoading: noop('hideLoading'),
  };
}
