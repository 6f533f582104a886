/**
 * Idempotent store on the client's UUID: two concurrent first submissions of one id race to the
 * primary key; the loser's insert fails with a unique violation (23505), and running its attempt
 * again re-reads the winner's row and answers "duplicate" (or "id_conflict") like any retry.
 */
export async function onceById<T>(attempt: () => Promise<T>): Promise<T> {
  try {
    return await attempt();
  } catch (error) {
    if ((error as { code?: string }).code === '23505') return attempt();
    throw error;
  }
}
