export * from './accounts.ts';
export * from './common.ts';
export * from './patient.ts';
export * from './problems.ts';
export * from './sync-protocol.ts';
export * from './validation.ts';
