import type { ClientSession } from '../../feed/client-session.ts';
import { Feed } from '../../feed/feed.ts';
import { Recording } from '../../feed/recording/reader.ts';
import { ReplayController, type ReplayOptions } from '../../feed/replay-controller.ts';
import { startServer, type RunningServer } from '../../feed/server.ts';

export interface ReplayServer {
  recording: Recording;
  feed: Feed<ClientSession>;
  controller: ReplayController<ClientSession>;
  server: RunningServer;
  close(): Promise<void>;
}

/** The real replay server on an ephemeral loopback port. */
export async function startReplayServer(path: string, options: Partial<ReplayOptions> = {}): Promise<ReplayServer> {
  const recording = await Recording.load(path);
  const feed = new Feed<ClientSession>({ mode: 'replay', symbols: recording.header.symbols, range: recording.range }, { batchIntervalMs: recording.header.batchIntervalMs });
  const controller = new ReplayController(feed, recording, { speed: 'max', loop: false, paused: true, controllable: true, ...options });
  const server = await startServer(feed, { host: '127.0.0.1', port: 0, staticDir: null });
  controller.start();
  return {
    recording,
    feed,
    controller,
    server,
    close: async () => {
      controller.stop();
      await server.close();
    },
  };
}
