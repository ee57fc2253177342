import { createHash } from 'node:crypto';

/**
 * The Lua the bus runs in Redis, each a single atomic step (centrifuge's
 * model: the stream, its epoch and the position move together, so history
 * and delivery never disagree). Keys: the stream of batches, the meta hash
 * (epoch, seq, id of the last entry, the newest checkpoint and the stream
 * id it is at, the producer's last sign of life) and the sorted set of
 * edges that are behind (score: when the mark expires, ms).
 */

/**
 * One batch, one round trip. Refuses (-1) when the meta hash does not hold
 * this epoch: Redis lost the stream (a restart without persistence) or came
 * back from an old snapshot, and the producer must start a new epoch rather
 * than write seqs that some edge may already hold with other content.
 * Returns [1, edges behind, entry id].
 * KEYS: stream, meta, behind. ARGV: epoch, seq, time, data, maxlen, now (ms), minId (oldest id to keep), format (the data's binary subprotocol).
 */
export const PUBLISH = `
if redis.call('HGET', KEYS[2], 'epoch') ~= ARGV[1] then return {-1, 0, ''} end
local id = redis.call('XADD', KEYS[1], 'MAXLEN', '~', ARGV[5], '*', 'k', 'b', 'e', ARGV[1], 's', ARGV[2], 't', ARGV[3], 'd', ARGV[4], 'f', ARGV[8])
redis.call('XTRIM', KEYS[1], 'MINID', '~', ARGV[7])
redis.call('HSET', KEYS[2], 'seq', ARGV[2], 'id', id, 'alive', ARGV[6])
redis.call('ZREMRANGEBYSCORE', KEYS[3], '-inf', ARGV[6])
return {1, redis.call('ZCARD', KEYS[3]), id}
`;

/**
 * A new epoch: its checkpoint, a reset entry in the stream (so edges meet
 * it in order) and the meta hash, together.
 * KEYS: stream, meta, checkpoint key. ARGV: epoch, seq, checkpoint, maxlen, checkpoint ttl (ms), now (ms).
 */
export const RESET = `
redis.call('SET', KEYS[3], ARGV[3], 'PX', ARGV[5])
local id = redis.call('XADD', KEYS[1], 'MAXLEN', '~', ARGV[4], '*', 'k', 'r', 'e', ARGV[1], 's', ARGV[2], 'c', KEYS[3])
redis.call('HSET', KEYS[2], 'epoch', ARGV[1], 'seq', ARGV[2], 'id', id, 'checkpoint', KEYS[3], 'checkpointId', id, 'alive', ARGV[6])
return id
`;

/**
 * A checkpoint within the epoch: the state at a batch already published
 * (its stream id given), so a late edge starts from it and reads only what
 * follows. Skipped (0) if the epoch moved on meanwhile.
 * KEYS: meta, checkpoint key. ARGV: epoch, stream id of the checkpoint's batch, checkpoint, ttl (ms).
 */
export const CHECKPOINT = `
if redis.call('HGET', KEYS[1], 'epoch') ~= ARGV[1] then return 0 end
redis.call('SET', KEYS[2], ARGV[3], 'PX', ARGV[4])
redis.call('HSET', KEYS[1], 'checkpoint', KEYS[2], 'checkpointId', ARGV[2])
return 1
`;

/** The scripts' SHA1s, as Redis names them for EVALSHA. */
export function scriptSha(script: string): string {
  return createHash('sha1').update(script).digest('hex');
}

export const ALL_SCRIPTS = [PUBLISH, RESET, CHECKPOINT] as const;
