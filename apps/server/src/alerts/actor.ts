/** Who acts, for the alerts' history: the request's principal (the auth module resolves it). The one seam to the user id. */
import type { AuthenticatedRequest } from '../auth/principal';

export const actorOf = (req: AuthenticatedRequest): string => req.principal?.label ?? 'unknown';
