/** Wall-clock time; tests pass a controllable one. */
export type Clock = () => Date;
