import type { Conflict } from '@bedside/shared';
import { fieldLabel, quoteValue } from '../patients/patient-format';

type NameOf = (userId: string) => string;

/**
 * The sentence a clinician reads when the same field was changed on two devices, told from
 * their side: "Phone: your value “X” was replaced by “Y” from Name. The earlier value is kept
 * in history."
 */
export function conflictMessage(
  conflict: Pick<Conflict, 'field' | 'keptValue' | 'keptBy' | 'winningValue' | 'winningBy'>,
  myUserId: string | undefined,
  nameOf: NameOf,
): string {
  const label = fieldLabel(conflict.field);
  const kept = `“${quoteValue(conflict.keptValue)}”`;
  const winning = `“${quoteValue(conflict.winningValue)}”`;
  const history = 'The earlier value is kept in history.';

  if (conflict.keptBy === myUserId && conflict.winningBy !== myUserId) {
    return `${label}: your value ${kept} was replaced by ${winning} from ${nameOf(conflict.winningBy)}. ${history}`;
  }
  if (conflict.winningBy === myUserId && conflict.keptBy !== myUserId) {
    return `${label}: ${kept} from ${nameOf(conflict.keptBy)} was replaced by your value ${winning}. ${history}`;
  }
  if (conflict.keptBy === myUserId) {
    return `${label}: your value ${kept} was replaced by ${winning} from another of your devices. ${history}`;
  }
  return `${label}: ${kept} from ${nameOf(conflict.keptBy)} was replaced by ${winning} from ${nameOf(conflict.winningBy)}. ${history}`;
}
