import { pino } from 'pino';
import type { LivePublisher, NetworkDefinition } from '../../src/publishers/publisher.js';

/**
 * A network's live adapter built the way the config builds it: `options` go through the
 * network's own schema (so its defaults apply), the channel is named after the network, and
 * the log is silent.
 */
export function testLivePublisher(network: NetworkDefinition, options: Record<string, unknown>, secrets: Record<string, string>): LivePublisher {
  if (!network.createLive) throw new Error(`${network.id} has no live adapter`);
  return network.createLive({ channel: network.id, options: network.optionsSchema.parse(options), secrets, log: pino({ level: 'silent' }) });
}
