// aedes-persistence-redis 12.0.0 ships no typings: only what aedes-redis-cluster.ts uses is declared here.
declare module 'aedes-persistence-redis' {
  import type { Redis } from 'ioredis';

  interface RedisPersistenceOptions {
    /** A ready-made connection; the persistence uses it instead of opening its own (stack.md §2). */
    conn?: Redis;
    maxSessionDelivery?: number;
  }

  /** aedes' persistence interface (aedes-persistence's CallBackPersistence, which also answers with promises). */
  function createPersistence(opts?: RedisPersistenceOptions): unknown;
  export = createPersistence;
}
