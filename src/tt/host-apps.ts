/**
 * `appName` of the host apps in the shipped fixtures (fixtures/default.json `hostApps`), as
 * `tt.getSystemInfoSync()` reports it (contract A7). The SDK reads it synchronously at load, so the
 * fake tt cannot ask the mock; other fixtures pass `appName`.
 */
export const HOST_APP_NAMES: Readonly<Record<string, string>> = {
  douyin: 'Douyin',
  toutiao: 'Toutiao',
  news_article_lite: 'news_article_lite',
  devtools: 'devtools',
};

/** The appName for a host: the given one, the shipped fixtures' one, else the host's own key (which lower-cases to itself). */
export const appNameOf = (host: string, given?: string): string =>
  given ?? (Object.hasOwn(HOST_APP_NAMES, host) ? HOST_APP_NAMES[host]! : host);
