/** Who acts, for the alerts' history: the request's principal (the auth module resolves it). The one seam to the user id. */
import type { StaffRequest } from '../auth/roles.guard';

export const actorOf = (req: StaffRequest): string => req.principal?.label ?? 'unknown';
