/**
 * A thin wrapper over twitter-api-v2's v2 client that (1) sends every request, media included,
 * to the configured `apiBaseUrl`, (2) honours the publish deadline, and (3) turns every failure
 * into a PublishError.
 *
 * twitter-api-v2 1.29 hard-codes https://api.x.com and its `cloneWithPrefix` is broken (it calls
 * a class constructor without `new`), so a plugin rewrites the URL before the request is built
 * (and signed: OAuth 1.0a signs the URL actually requested). The library sends everything through
 * `https.request`, which reaches plain http:// only with an `http.Agent`.
 */
import http from 'node:http';
import https from 'node:https';
import { TwitterApi, type ITwitterApiClientPlugin, type TwitterApiTokens } from 'twitter-api-v2';
import { AuthError } from '../errors.js';
import { classifyXFailure } from './x-classify.js';

/** The origin twitter-api-v2 puts in front of every v2 path (its `API_V2_PREFIX`). */
const LIBRARY_ORIGIN = 'https://api.x.com';

export interface XClientSettings {
  apiBaseUrl: string;
  secrets: Readonly<Record<string, string>>;
  agent: http.Agent;
  requestTimeoutMs: number;
}

export interface XApi {
  /** `path` is relative to `/2/`. Posts are not idempotent: a lost answer is an unknown outcome. */
  post<T>(path: string, body?: Record<string, unknown>, opts?: { formData?: boolean; idempotent?: boolean }): Promise<T>;
  get<T>(path: string, query?: Record<string, string>): Promise<T>;
  /** DELETE (e.g. `tweets/:id`): repeating it cannot do more, so a lost answer is retryable. */
  delete<T>(path: string): Promise<T>;
}

/** One agent per publisher; `https.Agent` for the real API, `http.Agent` for a loopback fake. */
export function agentFor(apiBaseUrl: string): http.Agent {
  return apiBaseUrl.startsWith('http:') ? new http.Agent() : new https.Agent();
}

function tokensFrom(secrets: Readonly<Record<string, string>>): TwitterApiTokens | string {
  const { OAUTH2_TOKEN, APP_KEY, APP_SECRET, ACCESS_TOKEN, ACCESS_SECRET } = secrets;
  if (OAUTH2_TOKEN) return OAUTH2_TOKEN;
  if (APP_KEY && APP_SECRET && ACCESS_TOKEN && ACCESS_SECRET) {
    return { appKey: APP_KEY, appSecret: APP_SECRET, accessToken: ACCESS_TOKEN, accessSecret: ACCESS_SECRET };
  }
  throw new AuthError('x: no credentials (set X_OAUTH2_TOKEN or X_APP_KEY, X_APP_SECRET, X_ACCESS_TOKEN, X_ACCESS_SECRET)', { network: 'x' });
}

function redirectPlugin(apiBaseUrl: string, signal: AbortSignal, timeoutMs: number): ITwitterApiClientPlugin {
  return {
    onBeforeRequestConfig({ params }) {
      const url = new URL(params.url);
      if (url.origin !== LIBRARY_ORIGIN) return;
      // The library picks the body encoding from the path; a base URL with its own path must not change it.
      if (url.pathname.startsWith('/2/')) params.forceBodyMode ??= 'json';
      params.url = apiBaseUrl + url.pathname + url.search;
    },
    onBeforeRequest({ requestOptions }) {
      requestOptions.signal = AbortSignal.any([signal, AbortSignal.timeout(timeoutMs)]);
    },
  };
}

export function createXApi(settings: XClientSettings, signal: AbortSignal): XApi {
  const tokens = tokensFrom(settings.secrets);
  const clientSettings = { httpAgent: settings.agent, plugins: [redirectPlugin(settings.apiBaseUrl, signal, settings.requestTimeoutMs)] };
  // Two calls, not one: the constructor's overloads take either a bearer string or a token object.
  const v2 = (typeof tokens === 'string' ? new TwitterApi(tokens, clientSettings) : new TwitterApi(tokens, clientSettings)).v2;
  const urlOf = (path: string): string => `${settings.apiBaseUrl}/2/${path}`;
  return {
    async post<T>(path: string, body?: Record<string, unknown>, opts: { formData?: boolean; idempotent?: boolean } = {}) {
      try {
        return (await v2.post(path, body, opts.formData ? { forceBodyMode: 'form-data' } : {})) as T;
      } catch (err) {
        throw classifyXFailure(err, { method: 'POST', url: urlOf(path), idempotent: opts.idempotent ?? false }, Date.now());
      }
    },
    async get<T>(path: string, query?: Record<string, string>) {
      try {
        return (await v2.get(path, query)) as T;
      } catch (err) {
        throw classifyXFailure(err, { method: 'GET', url: urlOf(path), idempotent: true }, Date.now());
      }
    },
    async delete<T>(path: string) {
      try {
        return (await v2.delete(path)) as T;
      } catch (err) {
        throw classifyXFailure(err, { method: 'DELETE', url: urlOf(path), idempotent: true }, Date.now());
      }
    },
  };
}
