/**
 * A single-node Apache Kafka (KRaft, no ZooKeeper) for development and tests, without Docker.
 *
 * The broker's jars come from Maven Central through the machine's `mvn`, copied once into a cache
 * folder (default `<repo>/.data/kafka-cache`, or KAFKA_CACHE_DIR); the broker then runs as a child
 * `java` process on loopback with its data in `dataDir`.
 *
 * Run directly (`node dist/tools/kafka/kafka.js`) it keeps a broker up with data in `.data/kafka`
 * on KAFKA_PORT (default 9092) until SIGINT/SIGTERM. KAFKA_VERSION picks another 3.9.x patch.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createConnection, createServer } from 'node:net';
import { freePort } from '../../libs/database/src/embedded-postgres';
import { dirname, join, resolve } from 'node:path';

export interface RunningKafka {
  /** Bootstrap servers, e.g. `127.0.0.1:9092`. */
  brokers: string;
  stop(): Promise<void>;
}

const KAFKA_VERSION = process.env.KAFKA_VERSION ?? '3.9.2';
// Kafka 3.9 logs through slf4j 1.7 and ships no binding in its pom; reload4j is what its own
// distribution bundles, and it reads the log4j 1.x properties file below.
const SLF4J_VERSION = '1.7.36';
const START_TIMEOUT_MS = 120_000;
const STOP_GRACE_MS = 15_000;

/** The repository root: the nearest folder with a package.json (works from tools/ and dist/tools/). */
function repoRoot(): string {
  let dir = __dirname;
  while (!existsSync(join(dir, 'package.json')) && dirname(dir) !== dir) dir = dirname(dir);
  return dir;
}

function cacheDir(): string {
  return resolve(process.env.KAFKA_CACHE_DIR ?? join(repoRoot(), '.data/kafka-cache'));
}

/** The Maven project whose runtime dependencies are the broker's classpath. */
function runtimePom(): string {
  const dependency = (groupId: string, artifactId: string, version: string, exclusions = '') =>
    `    <dependency><groupId>${groupId}</groupId><artifactId>${artifactId}</artifactId><version>${version}</version>${exclusions}</dependency>`;
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<project xmlns="http://maven.apache.org/POM/4.0.0">',
    '  <modelVersion>4.0.0</modelVersion>',
    '  <groupId>local.dev</groupId>',
    '  <artifactId>kafka-runtime</artifactId>',
    '  <version>1</version>',
    '  <packaging>pom</packaging>',
    '  <dependencies>',
    dependency('org.apache.kafka', 'kafka_2.13', KAFKA_VERSION),
    // The admin and console clients (TopicCommand, ConsoleConsumer) live here; connect-runtime
    // (Jetty, Jersey: ~25 MB) only serves the Connect plugin tool, so it is left out.
    dependency(
      'org.apache.kafka',
      'kafka-tools',
      KAFKA_VERSION,
      '<exclusions><exclusion><groupId>org.apache.kafka</groupId><artifactId>connect-runtime</artifactId></exclusion></exclusions>',
    ),
    dependency('org.slf4j', 'slf4j-reload4j', SLF4J_VERSION),
    '  </dependencies>',
    '</project>',
    '',
  ].join('\n');
}

/**
 * Copies Kafka and its runtime dependencies into `<cache>/lib` unless a previous fetch of the same
 * pom completed (a copy of it, `lib/.pom.xml`, is written last so an interrupted fetch is redone).
 */
async function fetchKafka(cache: string, log: (line: string) => void): Promise<string> {
  mkdirSync(cache, { recursive: true });
  // Test files start brokers in parallel: one fetches, the others wait for it.
  return withFileLock(join(cache, '.fetch.lock'), () => fetchKafkaUnlocked(cache, log));
}

/** Runs `work` holding a lock file (its holder's pid inside; a dead holder's lock is taken over). */
async function withFileLock<T>(path: string, work: () => Promise<T>): Promise<T> {
  for (;;) {
    try {
      writeFileSync(path, String(process.pid), { flag: 'wx' });
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = Number(readFileSync(path, 'utf8') || 0);
      if (holder > 0 && !isAlive(holder)) rmSync(path, { force: true });
      else await new Promise((resolveWait) => setTimeout(resolveWait, 500));
    }
  }
  try {
    return await work();
  } finally {
    rmSync(path, { force: true });
  }
}

async function fetchKafkaUnlocked(cache: string, log: (line: string) => void): Promise<string> {
  const lib = join(cache, 'lib');
  const marker = join(lib, '.pom.xml');
  mkdirSync(cache, { recursive: true });
  writeFileSync(
    join(cache, 'log4j.properties'),
    [
      'log4j.rootLogger=WARN, stdout',
      'log4j.appender.stdout=org.apache.log4j.ConsoleAppender',
      'log4j.appender.stdout.layout=org.apache.log4j.PatternLayout',
      'log4j.appender.stdout.layout.ConversionPattern=[%d] %p %m (%c)%n',
      // The launcher waits for this INFO line ("Kafka Server started"), so it must stay enabled.
      'log4j.logger.kafka.server.KafkaRaftServer=INFO',
      '',
    ].join('\n'),
  );
  const pomText = runtimePom();
  if (existsSync(marker) && readFileSync(marker, 'utf8') === pomText) return lib;

  const pom = join(cache, 'pom.xml');
  writeFileSync(pom, pomText);
  rmSync(lib, { recursive: true, force: true });
  log(`kafka: fetching Kafka ${KAFKA_VERSION} with Maven into ${lib}`);
  const started = Date.now();
  await run('mvn', ['-q', '-B', '-f', pom, 'dependency:copy-dependencies', `-DoutputDirectory=${lib}`, '-DincludeScope=runtime'], log);
  writeFileSync(marker, pomText);
  log(`kafka: fetched in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return lib;
}

/** Runs a command to completion, forwarding its output to `log`; rejects on a non-zero exit. */
function run(command: string, args: string[], log: (line: string) => void): Promise<void> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    const tail = forwardLines(child, log);
    child.once('error', (error) => reject(new Error(`${command} could not start: ${error.message}`)));
    child.once('exit', (code, signal) =>
      code === 0 ? resolvePromise() : reject(new Error(`${command} ${args[0]} ... failed (${signal ?? code}):\n${tail.join('\n')}`)),
    );
  });
}

/** Sends each output line of `child` to `log` and returns a live buffer of the last lines, for errors. */
function forwardLines(child: ChildProcess, log: (line: string) => void): string[] {
  const tail: string[] = [];
  for (const stream of [child.stdout, child.stderr]) {
    let partial = '';
    stream?.setEncoding('utf8');
    stream?.on('data', (chunk: string) => {
      const lines = (partial + chunk).split('\n');
      partial = lines.pop() ?? '';
      for (const line of lines) {
        if (!line.trim()) continue;
        tail.push(line);
        if (tail.length > 40) tail.shift();
        log(line);
      }
    });
  }
  return tail;
}

/** Rejects if something already listens on loopback `port`; otherwise a second broker's metadata answer would pass for ours. */
function assertPortFree(port: number, what: string): Promise<void> {
  return new Promise((resolvePromise, reject) => {
    const server = createServer();
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(new Error(`Kafka ${what} port 127.0.0.1:${port} is in use (${error.code}); is another broker running? Set KAFKA_PORT or pass other ports.`)),
    );
    server.listen(port, '127.0.0.1', () => server.close(() => resolvePromise()));
  });
}

/** True if a process with this id exists (signal 0 only checks). */
function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** A random Kafka Uuid as text (16 bytes, base64url without padding); Kafka avoids a leading '-' for CLI parsing. */
function clusterId(): string {
  for (;;) {
    const id = randomBytes(16).toString('base64url');
    if (!id.startsWith('-')) return id;
  }
}

/**
 * Sends a Metadata v4 request (all Kafka versions from 1.0 through 4.x accept it) and resolves with
 * the number of brokers in the answer. A broker answers only once its request handlers are running,
 * and lists itself only once it has registered with the KRaft controller, so >= 1 means usable.
 */
function metadataBrokerCount(port: number, timeoutMs = 2_000): Promise<number> {
  return new Promise((resolvePromise, reject) => {
    const clientId = Buffer.from('kafka-launcher');
    // Header v1: api_key=3 (Metadata), api_version=4, correlation_id, client_id (int16 length + bytes).
    // Body v4: topics = empty array (none), allow_auto_topic_creation = false.
    const body = Buffer.alloc(2 + 2 + 4 + 2 + clientId.length + 4 + 1);
    let offset = body.writeInt16BE(3, 0);
    offset = body.writeInt16BE(4, offset);
    offset = body.writeInt32BE(1, offset);
    offset = body.writeInt16BE(clientId.length, offset);
    offset += clientId.copy(body, offset);
    offset = body.writeInt32BE(0, offset);
    body.writeInt8(0, offset);
    const size = Buffer.alloc(4);
    size.writeInt32BE(body.length);

    const socket = createConnection({ host: '127.0.0.1', port });
    let received = Buffer.alloc(0);
    const fail = (error: Error) => {
      socket.destroy();
      reject(error);
    };
    socket.setTimeout(timeoutMs, () => fail(new Error('metadata request timed out')));
    socket.once('error', fail);
    socket.once('connect', () => socket.write(Buffer.concat([size, body])));
    socket.on('data', (chunk) => {
      received = Buffer.concat([received, chunk]);
      // Response: int32 size, correlation_id, throttle_time_ms, then the brokers array length.
      if (received.length < 16) return;
      socket.destroy();
      resolvePromise(received.readInt32BE(12));
    });
    socket.once('end', () => fail(new Error('connection closed before a metadata response')));
  });
}

function serverProperties(options: { dataDir: string; port: number; controllerPort: number }): string {
  const { dataDir, port, controllerPort } = options;
  return [
    'process.roles=broker,controller',
    'node.id=1',
    `listeners=PLAINTEXT://127.0.0.1:${port},CONTROLLER://127.0.0.1:${controllerPort}`,
    `advertised.listeners=PLAINTEXT://127.0.0.1:${port}`,
    `controller.quorum.voters=1@127.0.0.1:${controllerPort}`,
    'controller.listener.names=CONTROLLER',
    'inter.broker.listener.name=PLAINTEXT',
    'listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT',
    `log.dirs=${join(dataDir, 'logs')}`,
    // One node: every internal topic must fit on it.
    'offsets.topic.replication.factor=1',
    'transaction.state.log.replication.factor=1',
    'transaction.state.log.min.isr=1',
    'min.insync.replicas=1',
    'num.partitions=3',
    'auto.create.topics.enable=true',
    // Consumers in tests join at once; the default 3 s delay only slows the first poll.
    'group.initial.rebalance.delay.ms=0',
    '',
  ].join('\n');
}

/**
 * Fetches Kafka if needed, formats `dataDir` on first use, and starts the broker; resolves once it
 * logs that it started and answers a metadata request listing itself. Ports default to free ones on loopback.
 */
export async function startKafka(options: {
  dataDir: string;
  port?: number;
  controllerPort?: number;
  log?: (line: string) => void;
}): Promise<RunningKafka> {
  const log = options.log ?? (() => undefined);
  const dataDir = resolve(options.dataDir);
  const cache = cacheDir();
  const lib = await fetchKafka(cache, log);
  const port = options.port ?? (await freePort());
  const controllerPort = options.controllerPort ?? (await freePort());
  const classpath = `${lib}/*`;
  const log4j = `-Dlog4j.configuration=file:${join(cache, 'log4j.properties')}`;

  mkdirSync(dataDir, { recursive: true });
  // Kafka locks the log dir only when its broker half starts, after a second process's controller
  // has already activated on the shared metadata log; a pid file refuses that before anything runs.
  const pidFile = join(dataDir, 'kafka.pid');
  const previousPid = existsSync(pidFile) ? Number(readFileSync(pidFile, 'utf8')) : 0;
  if (previousPid > 0 && isAlive(previousPid)) throw new Error(`Kafka data dir ${dataDir} is in use by process ${previousPid}.`);
  await assertPortFree(port, 'listener');
  await assertPortFree(controllerPort, 'controller');
  const properties = join(dataDir, 'server.properties');
  // Rewritten on every start: ports may differ between runs, the formatted log dir does not care.
  writeFileSync(properties, serverProperties({ dataDir, port, controllerPort }));
  if (!existsSync(join(dataDir, 'logs', 'meta.properties'))) {
    log(`kafka: formatting ${join(dataDir, 'logs')}`);
    await run('java', [log4j, '-cp', classpath, 'kafka.tools.StorageTool', 'format', '-t', clusterId(), '-c', properties], log);
  }

  const child = spawn('java', ['-Xmx512m', log4j, '-cp', classpath, 'kafka.Kafka', properties], { stdio: ['ignore', 'pipe', 'pipe'] });
  if (child.pid) writeFileSync(pidFile, `${child.pid}\n`);
  let started = false;
  const tail = forwardLines(child, (line) => {
    if (line.includes('Kafka Server started')) started = true;
    log(line);
  });
  const exited = new Promise<void>((resolveExit) =>
    child.once('exit', () => {
      rmSync(pidFile, { force: true });
      resolveExit();
    }),
  );
  let spawnError: Error | undefined;
  child.once('error', (error) => (spawnError = error));

  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
    await exited;
    clearTimeout(timer);
  };

  const deadline = Date.now() + START_TIMEOUT_MS;
  for (;;) {
    if (spawnError) throw new Error(`java could not start: ${spawnError.message}`);
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`Kafka exited during startup (${child.signalCode ?? child.exitCode}):\n${tail.join('\n')}`);
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`Kafka did not become ready on 127.0.0.1:${port} within ${START_TIMEOUT_MS / 1000} s:\n${tail.join('\n')}`);
    }
    // Our child's own log line proves the answer below comes from it; the metadata request proves
    // the listener serves clients and the broker has registered with the controller.
    if (started && (await metadataBrokerCount(port).catch(() => 0)) > 0) break;
    await new Promise((wait) => setTimeout(wait, 250));
  }
  return { brokers: `127.0.0.1:${port}`, stop };
}

if (require.main === module) {
  const port = Number(process.env.KAFKA_PORT ?? 9092);
  const started = Date.now();
  startKafka({ dataDir: join(repoRoot(), '.data/kafka'), port, log: (line) => console.error(line) }).then(
    (kafka) => {
      console.error(`kafka: ready in ${((Date.now() - started) / 1000).toFixed(1)} s`);
      console.log(`KAFKA_BROKERS=${kafka.brokers}`);
      let stopping = false;
      const shutdown = () => {
        if (stopping) return;
        stopping = true;
        kafka.stop().then(() => process.exit(0));
      };
      process.on('SIGINT', shutdown);
      process.on('SIGTERM', shutdown);
    },
    (error: Error) => {
      console.error(error.message);
      process.exit(1);
    },
  );
}
