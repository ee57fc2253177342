import { MemoryBus } from '../../feed/bus/memory-bus.ts';
import { Edge } from '../../feed/edge.ts';
import { Producer } from '../../feed/producer.ts';
import { Recording } from '../../feed/recording/reader.ts';
import { ReplayController, type ReplayOptions } from '../../feed/replay-controller.ts';
import { startServer, type RunningServer } from '../../feed/server.ts';

export interface ReplayServer {
  recording: Recording;
  producer: Producer;
  edge: Edge;
  controller: ReplayController;
  server: RunningServer;
  close(): Promise<void>;
}

/** The real replay server on an ephemeral loopback port. */
export async function startReplayServer(path: string, options: Partial<ReplayOptions> = {}): Promise<ReplayServer> {
  const recording = await Recording.load(path);
  const bus = new MemoryBus();
  const { header } = recording;
  const producer = new Producer(bus, { mode: 'replay', symbols: header.symbols, range: recording.range, batchIntervalMs: header.batchIntervalMs, timeZone: header.timeZone });
  const controller = new ReplayController(producer, recording, { speed: 'max', loop: false, paused: true, controllable: true, ...options });
  controller.start();
  const edge = new Edge(bus);
  const server = await startServer(edge, { host: '127.0.0.1', port: 0, staticDir: null });
  return {
    recording,
    producer,
    edge,
    controller,
    server,
    close: async () => {
      controller.stop();
      await server.close();
      edge.close();
    },
  };
}
