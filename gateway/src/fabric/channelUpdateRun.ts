/**
 * Runs a channel configuration update with Fabric's binaries: `peer channel fetch config`, configtxlator
 * (decode, encode, compute_update), `peer channel signconfigtx` by each signing org's admin and
 * `peer channel update` by the submitting one. The pure parts are in {@link ./channelUpdate}.
 */
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { promisify } from 'node:util';
import type { JsonObject } from './channelConfigEdit';
import { peerAdminEnv, signingPlan, type OrdererTarget } from './channelUpdate';
import { blockNumberOf, configOfBlock, configUpdateEnvelope } from './channelUpdateFiles';
import type { NetworkLayout } from './networkLayout';

const run = promisify(execFile);

/** Where the binaries are, which network they act on, and where their files and output go. */
export interface ChannelUpdateSetup {
  /** Folder with `peer` and `configtxlator`. */
  readonly binDir: string;
  readonly layout: NetworkLayout;
  readonly orderer: OrdererTarget;
  /** Folder for the update's files (config_block.pb, config.json, envelope.pb, …). */
  readonly workDir: string;
  /** File the `peer` commands' output is appended to. */
  readonly logFile: string;
  /** A progress line for the operator (stderr). */
  readonly log: (message: string) => void;
}

/** The channel's latest configuration block and the configuration inside it. */
export interface FetchedConfig {
  readonly block: JsonObject;
  readonly config: JsonObject;
  /** The block's number, as text. */
  readonly blockNumber: string;
}

/** Thrown when a binary fails; the message says what failed and where its output is. */
export class ChannelUpdateError extends Error {
  override readonly name = 'ChannelUpdateError';
}

/** The channel update steps on one network. */
export class ChannelUpdateRunner {
  constructor(private readonly setup: ChannelUpdateSetup) {}

  /**
   * Fetches and decodes the channel's latest configuration block as org `org`'s admin, leaving
   * config_block.json and config.json in the work folder.
   */
  async fetchConfig(org: string): Promise<FetchedConfig> {
    const blockFile = this.file('config_block.pb');
    await this.peer(
      org,
      ['channel', 'fetch', 'config', blockFile, '-c', this.setup.layout.channelName, ...this.ordererArgs()],
      'could not fetch the channel configuration',
    );
    await this.lator(['proto_decode', '--input', blockFile, '--type', 'common.Block'], 'config_block.json');
    const block = this.readJson('config_block.json');
    const config = configOfBlock(block);
    // Left in the work folder for a reader (the integration tests read config.json after `members`).
    this.writeJson('config.json', config);
    return { block, config, blockNumber: blockNumberOf(block) };
  }

  /**
   * Computes the update from `original` to `modified`, has every org of `orgs` but the last sign it and
   * submits it as the last.
   * @throws ChannelUpdateError when a step fails or the orderer refuses the update.
   */
  async submit(original: JsonObject, modified: JsonObject, orgs: readonly string[]): Promise<void> {
    const plan = signingPlan(orgs);
    this.writeJson('config.json', original);
    this.writeJson('modified.json', modified);
    await this.lator(
      ['proto_encode', '--input', this.file('config.json'), '--type', 'common.Config'],
      'config.pb',
    );
    await this.lator(
      ['proto_encode', '--input', this.file('modified.json'), '--type', 'common.Config'],
      'modified.pb',
    );
    await this.lator(
      [
        'compute_update',
        '--channel_id',
        this.setup.layout.channelName,
        '--original',
        this.file('config.pb'),
        '--updated',
        this.file('modified.pb'),
      ],
      'update.pb',
    );
    await this.lator(
      ['proto_decode', '--input', this.file('update.pb'), '--type', 'common.ConfigUpdate'],
      'update.json',
    );
    this.writeJson(
      'envelope.json',
      configUpdateEnvelope(this.readJson('update.json'), this.setup.layout.channelName),
    );
    await this.lator(
      ['proto_encode', '--input', this.file('envelope.json'), '--type', 'common.Envelope'],
      'envelope.pb',
    );
    const envelope = this.file('envelope.pb');
    for (const signer of plan.signers) {
      this.setup.log(`signing the channel update as ${this.mspOf(signer)} admin`);
      await this.peer(signer, ['channel', 'signconfigtx', '-f', envelope], `signing as ${signer} failed`);
    }
    this.setup.log(`submitting the channel update as ${this.mspOf(plan.submitter)} admin`);
    await this.peer(
      plan.submitter,
      ['channel', 'update', '-f', envelope, '-c', this.setup.layout.channelName, ...this.ordererArgs()],
      'the channel update was refused',
      ': not enough admin signatures for the Admins policy?',
    );
  }

  /** The height of org `org`'s first peer on the channel; 0 when it cannot say. */
  async peerHeight(org: string): Promise<number> {
    try {
      const { stdout } = await run(
        this.bin('peer'),
        ['channel', 'getinfo', '-c', this.setup.layout.channelName],
        {
          env: { ...process.env, ...peerAdminEnv(this.setup.layout, org) },
        },
      );
      const height = /"height":(\d+)/.exec(stdout)?.[1];
      return height === undefined ? 0 : Number(height);
    } catch {
      return 0;
    }
  }

  /** The channels org `org`'s first peer has joined; none when it cannot say. */
  async joinedChannels(org: string): Promise<readonly string[]> {
    try {
      const { stdout } = await run(this.bin('peer'), ['channel', 'list'], {
        env: { ...process.env, ...peerAdminEnv(this.setup.layout, org) },
      });
      return stdout.split('\n').map((line) => line.trim());
    } catch {
      return [];
    }
  }

  private async peer(org: string, args: readonly string[], failure: string, hint = ''): Promise<void> {
    let output: string;
    let failed = false;
    try {
      const { stdout, stderr } = await run(this.bin('peer'), args, {
        env: { ...process.env, ...peerAdminEnv(this.setup.layout, org) },
      });
      output = stdout + stderr;
    } catch (err) {
      const { stdout = '', stderr = '' } = err as { stdout?: string; stderr?: string };
      output = stdout + stderr + (stdout + stderr === '' ? `${(err as Error).message}\n` : '');
      failed = true;
    }
    fs.appendFileSync(this.setup.logFile, output);
    if (failed) throw new ChannelUpdateError(`${failure} (see ${this.setup.logFile})${hint}`);
  }

  /** Runs configtxlator with `--output <workDir>/<out>`; its messages go to the operator. */
  private async lator(args: readonly string[], out: string): Promise<void> {
    try {
      await run(this.bin('configtxlator'), [...args, '--output', this.file(out)]);
    } catch (err) {
      const { stderr = '' } = err as { stderr?: string };
      throw new ChannelUpdateError(
        `configtxlator ${args[0] ?? ''} failed: ${stderr.trim() || (err as Error).message}`,
      );
    }
  }

  private ordererArgs(): readonly string[] {
    const { address, caFile } = this.setup.orderer;
    return ['-o', address, '--tls', '--cafile', caFile];
  }

  private mspOf(org: string): string {
    return peerAdminEnv(this.setup.layout, org).CORE_PEER_LOCALMSPID ?? org;
  }

  private bin(name: string): string {
    return path.join(this.setup.binDir, name);
  }

  private file(name: string): string {
    return path.join(this.setup.workDir, name);
  }

  private readJson(name: string): JsonObject {
    return JSON.parse(fs.readFileSync(this.file(name), 'utf8')) as JsonObject;
  }

  private writeJson(name: string, value: unknown): void {
    fs.writeFileSync(this.file(name), JSON.stringify(value));
  }
}
