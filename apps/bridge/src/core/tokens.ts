/** Injection tokens of the plain (framework-free) classes the modules provide. */
export const LOGGER = Symbol('LOGGER');
export const BAD_INPUT_LOG = Symbol('BAD_INPUT_LOG');
