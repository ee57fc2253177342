import type { createClient } from 'redis';

/** A node-redis client, as the bus and its readers hold it. */
export type RedisClient = ReturnType<typeof createClient>;
