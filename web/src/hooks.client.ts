import type { HandleClientError } from '@sveltejs/kit';

/**
 * An unknown address is an expected state with its own page (+error.svelte), not a defect:
 * SvelteKit's default handler would log its "Not found" as a console error. Anything else is
 * still logged.
 */
export const handleError: HandleClientError = ({ error, status, message }) => {
  if (status !== 404) console.error(error);
  return { message };
};
