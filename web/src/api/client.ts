// The typed API client: every call names an operation of api-spec/openapi.yaml (the types in
// schema.d.ts are generated from it, so a change to the API that the console does not follow
// fails tsc). Sends the session's bearer token; every error becomes an ApiError carrying the
// RFC 9457 problem; a 401 while logged in ends the session ("your session has expired").
import type { components, paths } from './schema';
import { session, expire } from '../session';

export type Schemas = components['schemas'];
export type Problem = Schemas['Problem'];
export type FieldError = Schemas['FieldError'];
type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';
type Operation<P extends keyof paths, M extends Method> = NonNullable<paths[P][M]>;
type Json<R> = R extends { content: { 'application/json': infer B } } ? B : undefined;
/** The JSON body of an operation's 200 or 201 answer (undefined for 204). */
export type Answer<P extends keyof paths, M extends Method> = Operation<P, M> extends { responses: infer R }
  ? R extends { 200: infer A } ? Json<A> : R extends { 201: infer A } ? Json<A> : undefined
  : never;
type Body<O> = O extends { requestBody: { content: { 'application/json': infer B } } } ? B
  : O extends { requestBody?: { content: { 'application/json': infer B } } } ? B : never;
type Query<O> = O extends { parameters: { query?: infer Q } } ? Q : never;

export interface CallOptions<P extends keyof paths, M extends Method> {
  /** Values for the {name} segments of the path. */
  path?: Record<string, string>;
  query?: Query<Operation<P, M>>;
  body?: Body<Operation<P, M>>;
  headers?: Record<string, string>;
  /** Aborts the call (a long-poll no longer wanted): it then fails with status 0. */
  signal?: AbortSignal;
}

/** A failed call: the HTTP status (0 when the server was not reached) and the problem. */
export class ApiError extends Error {
  constructor(readonly status: number, readonly problem: Problem) {
    super(problem.detail || problem.title);
  }
  /** The field errors of a 422 (empty otherwise). */
  get fieldErrors(): FieldError[] {
    return this.problem.errors ?? [];
  }
}

function url(template: string, path: Record<string, string> = {}, query: object = {}): string {
  const p = template.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(path[name] ?? ''));
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) {
    if (v === undefined || v === null || v === '') continue;
    for (const one of Array.isArray(v) ? v : [v]) q.append(k, String(one));
  }
  const s = q.toString();
  return s ? `${p}?${s}` : p;
}

/** Sends a request with the session's token; answers the response when it is 2xx, else throws its ApiError. */
async function send(method: Method, path: string, options: { path?: Record<string, string>; query?: object; body?: unknown; headers?: Record<string, string>; signal?: AbortSignal }, accept: string): Promise<Response> {
  const token = session.get().token;
  const headers: Record<string, string> = { accept, ...options.headers };
  if (token) headers.authorization = `Bearer ${token}`;
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  let res: Response;
  try {
    res = await fetch(url(path, options.path, options.query ?? {}), {
      method: method.toUpperCase(),
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      signal: options.signal,
    });
  } catch {
    throw new ApiError(0, { type: 'about:blank', title: 'Network error', status: 0, detail: '', request_id: '' } as Problem);
  }
  if (res.ok) return res;
  const data = (res.headers.get('content-type') ?? '').includes('json') ? await res.json() : undefined;
  const problem: Problem = data && typeof data === 'object' && 'status' in data
    ? data
    : { type: 'about:blank', title: res.statusText, status: res.status, detail: '', request_id: res.headers.get('x-request-id') ?? '' };
  if (res.status === 401 && token && path !== '/v1/sessions') expire();
  throw new ApiError(res.status, problem);
}

async function call<P extends keyof paths, M extends Method>(method: M, path: P, options: CallOptions<P, M> = {}): Promise<Answer<P, M>> {
  const res = await send(method, path as string, options, 'application/json');
  const json = (res.headers.get('content-type') ?? '').includes('json');
  return (json ? await res.json() : undefined) as Answer<P, M>;
}

/** api.get('/v1/me'), api.post('/v1/accounts', { body }), api.get('/v1/recordations/{id}', { path: { id } }). */
export const api = {
  get: <P extends keyof paths>(path: P, o?: CallOptions<P, 'get'>) => call('get', path, o),
  post: <P extends keyof paths>(path: P, o?: CallOptions<P, 'post'>) => call('post', path, o),
  put: <P extends keyof paths>(path: P, o?: CallOptions<P, 'put'>) => call('put', path, o),
  patch: <P extends keyof paths>(path: P, o?: CallOptions<P, 'patch'>) => call('patch', path, o),
  delete: <P extends keyof paths>(path: P, o?: CallOptions<P, 'delete'>) => call('delete', path, o),
  /** A file (a document's bytes) as a Blob, fetched with the token: a link or a frame could not send it. */
  blob: async <P extends keyof paths>(path: P, o?: CallOptions<P, 'get'>) => (await send('get', path as string, o ?? {}, '*/*')).blob(),
};
