/**
 * Registers a fleet through the product's own interface (issue 13): for each coach, the admin API
 * registers the vehicle (POST /api/v1/admin/vehicles, which answers its unit's MQTT secret once)
 * and creates its tablet's token (POST /api/v1/admin/credentials). The answer is a fleet file the
 * simulator reads (`--fleet-file`). A coach registered by an earlier run keeps the secrets that
 * run wrote (`previous`): the server shows a secret only once and cannot answer it again.
 */
import { createdCredentialSchema, registeredVehicleSchema, type ApiError } from '@app/contract';
import type { FleetEntry, FleetFile } from './fleet';

export interface ProvisionOptions {
  apiUrl: string;
  /** An admin's API token (role admin: devices.manage). */
  token: string;
  vehicles: FleetEntry[];
  /** The fleet file of an earlier provisioning of the same server, whose secrets are kept. */
  previous?: FleetFile;
  onProgress?: (done: number, total: number) => void;
}

export class ProvisionError extends Error {}

async function post(o: ProvisionOptions, path: string, body: unknown): Promise<{ status: number; body: unknown }> {
  const res = await fetch(new URL(path, o.apiUrl), {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${o.token}` },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(60_000),
  });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // not JSON: reported as text below
  }
  return { status: res.status, body: parsed };
}

const refusal = (what: string, r: { status: number; body: unknown }): ProvisionError => {
  const e = r.body as Partial<ApiError>;
  const detail =
    typeof e === 'object' && e?.code
      ? `${e.code}: ${e.message}${e.errors?.length ? ` (${e.errors.map((x) => `${x.path} ${x.code}`).join(', ')})` : ''}`
      : String(r.body).slice(0, 200);
  return new ProvisionError(`${what}: HTTP ${r.status} ${detail}`);
};

export async function provisionFleet(o: ProvisionOptions): Promise<FleetFile> {
  const out: FleetEntry[] = [];
  for (const [i, v] of o.vehicles.entries()) {
    const kept = o.previous?.vehicles.find((p) => p.id === v.id && p.unitSecret && p.tabletToken);
    const registered = await post(o, '/api/v1/admin/vehicles', {
      id: v.id,
      label: v.label ?? `${v.id} (${v.powertrain}, line ${v.lineId})`,
      powertrain: v.powertrain,
      lineId: v.lineId,
    });
    if (registered.status === 409 && kept) {
      out.push(kept);
    } else {
      if (registered.status !== 201) throw refusal(`registering ${v.id}`, registered);
      const { unitSecret } = registeredVehicleSchema.parse(registered.body);
      const tablet = await post(o, '/api/v1/admin/credentials', {
        kind: 'tablet',
        vehicleId: v.id,
        label: `tablet of ${v.id} (provisioned)`,
      });
      if (tablet.status !== 201) throw refusal(`the tablet token of ${v.id}`, tablet);
      out.push({ ...v, unitSecret, tabletToken: createdCredentialSchema.parse(tablet.body).secret });
    }
    o.onProgress?.(i + 1, o.vehicles.length);
  }
  return { apiUrl: o.apiUrl, vehicles: out };
}
