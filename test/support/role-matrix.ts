/**
 * The route-role matrix: given the OpenAPI document the server serves (/api/docs-json) and one
 * credential per role (a session cookie per person role, a bearer token per device role), calls
 * every operation and checks that it refuses every role it does not allow. Who may call what is
 * read from the document itself: `@Auth(...)` records `x-roles`, `@Public()` records
 * `x-public: true` (apps/server/src/auth/auth.decorators.ts), so a route cannot drift from its test.
 *
 *  - no credential → 401 `unauthorized`;
 *  - each role not in `x-roles` → 403 `forbidden`;
 *  - each role in `x-roles` → neither 401 nor 403 `forbidden` (it passes the access check; what
 *    the handler then answers — 200, 400 for the dummy parameters, 404 — is not judged here).
 * Bodies are `{}` and path parameters are dummies: the access check comes before validation, and
 * an allowed role's request fails validation instead of changing anything (pass `skipAllowed` for
 * operations where even that would act, e.g. `POST /api/v1/analytics/rollups`).
 * Operations that declare neither are returned in `undeclared`.
 */
export interface RoleCredential {
  cookie?: string;
  bearer?: string;
}

export interface OpenApiDocument {
  paths: Record<string, Record<string, { 'x-roles'?: string[]; 'x-public'?: boolean; operationId?: string }>>;
}

export interface MatrixOptions {
  /** Values for path parameters by name (default: `x`). */
  params?: Record<string, string>;
  /** `METHOD /path` of operations whose allowed roles are not called (they would act). */
  skipAllowed?: string[];
}

export interface MatrixResult {
  /** `METHOD /path`: role → status, `none` for no credential. */
  checked: Record<string, Record<string, number>>;
  /** `METHOD /path` of operations declaring neither x-roles nor x-public. */
  undeclared: string[];
  /** `METHOD /path` of public operations (not checked). */
  public: string[];
  /** One line per refusal that did not happen (or an allowed role that was refused). */
  failures: string[];
  /** Roles no operation allows: their credential was only ever refused, so it proves less. */
  unusedRoles: string[];
}

const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;

async function call(base: string, method: string, path: string, credential?: RoleCredential): Promise<{ status: number; code?: string }> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (credential?.cookie) headers.cookie = credential.cookie;
  if (credential?.bearer) headers.authorization = `Bearer ${credential.bearer}`;
  const hasBody = method !== 'GET' && method !== 'DELETE';
  if (hasBody) headers['content-type'] = 'application/json';
  const controller = new AbortController();
  const res = await fetch(`${base}${path}`, { method, headers, body: hasBody ? '{}' : undefined, signal: controller.signal });
  // A stream (the live SSE) never ends: the status is all that is needed.
  const type = res.headers.get('content-type') ?? '';
  let code: string | undefined;
  if (type.includes('application/json')) code = ((await res.json()) as { code?: string }).code;
  else controller.abort();
  return { status: res.status, code };
}

export async function checkRoleMatrix(
  base: string,
  doc: OpenApiDocument,
  credentials: Record<string, RoleCredential>,
  options: MatrixOptions = {},
): Promise<MatrixResult> {
  const result: MatrixResult = { checked: {}, undeclared: [], public: [], failures: [], unusedRoles: [] };
  const roles = Object.keys(credentials);
  for (const [template, item] of Object.entries(doc.paths)) {
    const path = template.replace(/\{([^}]+)\}/g, (_, name: string) => encodeURIComponent(options.params?.[name] ?? 'x'));
    for (const m of METHODS) {
      const op = item[m];
      if (!op) continue;
      const name = `${m.toUpperCase()} ${template}`;
      if (op['x-public'] === true) {
        result.public.push(name);
        continue;
      }
      const allowed = op['x-roles'];
      if (!allowed) {
        result.undeclared.push(name);
        continue;
      }
      const row: Record<string, number> = {};
      const none = await call(base, m.toUpperCase(), path);
      row.none = none.status;
      if (none.status !== 401 || none.code !== 'unauthorized')
        result.failures.push(`${name}: without credentials got ${none.status} ${none.code ?? ''}, not 401 unauthorized`);
      for (const role of roles) {
        const isAllowed = allowed.includes(role);
        if (isAllowed && options.skipAllowed?.includes(name)) continue;
        const reply = await call(base, m.toUpperCase(), path, credentials[role]);
        row[role] = reply.status;
        if (!isAllowed && (reply.status !== 403 || reply.code !== 'forbidden')) {
          result.failures.push(
            `${name}: role ${role} (not in ${allowed.join(', ')}) got ${reply.status} ${reply.code ?? ''}, not 403 forbidden`,
          );
        }
        if (isAllowed && (reply.status === 401 || (reply.status === 403 && reply.code === 'forbidden'))) {
          result.failures.push(`${name}: allowed role ${role} was refused (${reply.status} ${reply.code ?? ''})`);
        }
      }
      result.checked[name] = row;
    }
  }
  result.unusedRoles = roles.filter(
    (role) => !Object.values(doc.paths).some((item) => METHODS.some((m) => item[m]?.['x-roles']?.includes(role))),
  );
  return result;
}
