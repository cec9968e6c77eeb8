// A new Azure role assignment takes minutes to reach the services that
// enforce it (Azure RBAC troubleshooting: changes can take up to 10 minutes
// to take effect); AKS's Azure RBAC webhook refuses the grantee meanwhile
// with 403. The Kubernetes provider has no retry for that, so the first
// deployment waits out the window that follows the assignment's creation
// (its `createdOn`); every later deployment finds the window long past.
export const PROPAGATION_WINDOW_MS = 10 * 60 * 1000;

/** How long to wait before using an assignment created at `createdOn` (ISO time), given the time now. */
export function propagationDelayMs(createdOn: string | undefined, now: number, windowMs = PROPAGATION_WINDOW_MS): number {
    const created = createdOn ? Date.parse(createdOn) : Number.NaN;
    if (Number.isNaN(created)) return 0;
    return Math.max(0, Math.min(windowMs, created + windowMs - now));
}

export async function waitForPropagation(createdOn: string | undefined, now = Date.now()): Promise<void> {
    const delay = propagationDelayMs(createdOn, now);
    if (delay > 0) await new Promise((resolve) => setTimeout(resolve, delay));
}
