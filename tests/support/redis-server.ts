import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createServer, connect } from 'node:net';

/**
 * A real redis-server for one test file: its own process on a free port,
 * persistence off, stopped afterwards. Tests that need Redis fail (not skip)
 * when it cannot start: CI installs it (.ci/run).
 */
export class RedisServer {
  private process: ChildProcess | null = null;

  private constructor(
    readonly port: number,
    private readonly binary: string,
  ) {}

  /** The running process's pid (for CPU measurements), or null. */
  get pid(): number | null {
    return this.process?.pid ?? null;
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  static async start(binary = process.env.TICKWALL_REDIS_SERVER ?? 'redis-server'): Promise<RedisServer> {
    const found = spawnSync(binary, ['--version'], { encoding: 'utf8' });
    if (found.error || found.status !== 0) {
      throw new Error(`these tests need a real Redis: ${binary} could not be run (${found.error?.message ?? found.stderr}); install it (Debian: apt-get install -y redis-server) or set TICKWALL_REDIS_SERVER`);
    }
    const server = new RedisServer(await freePort(), binary);
    await server.launch();
    return server;
  }

  /** (Re)starts the process on the same port, with an empty data set. */
  async launch(): Promise<void> {
    const child = spawn(this.binary, ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--protected-mode', 'no', '--loglevel', 'warning'], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    this.process = child;
    const deadline = Date.now() + 10_000;
    while (!(await answersPing(this.port))) {
      if (child.exitCode !== null || Date.now() > deadline) throw new Error(`redis-server did not start on port ${this.port}: ${stderr.trim() || `exit ${child.exitCode}`}`);
      await sleep(20);
    }
  }

  /** SIGKILL: the data set is gone, as after a crash without persistence. */
  async kill(): Promise<void> {
    await this.signal('SIGKILL');
  }

  /** SIGSTOP: the port stays open and nothing answers, as with a hung or partitioned Redis. */
  pause(): void {
    this.process?.kill('SIGSTOP');
  }

  resume(): void {
    this.process?.kill('SIGCONT');
  }

  async stop(): Promise<void> {
    this.resume();
    await this.signal('SIGTERM');
  }

  private async signal(signal: NodeJS.Signals): Promise<void> {
    const child = this.process;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill(signal);
    await exited;
    this.process = null;
  }
}

function answersPing(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(500, () => done(false));
    socket.once('error', () => done(false));
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.once('data', (data) => done(data.toString().startsWith('+PONG')));
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
