export { validationProblem } from '@bedside/shared';
